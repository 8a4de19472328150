"""Staff forms of the meetings component: a meeting with every field staff set (texts in each
organization language, repetition on creation, further registration questions), the
cancellation, and a draw of citizen seats; residents' application for a seat."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from participa.components.meetings.models import (
    Meeting,
    MeetingFormat,
    MeetingType,
    RegistrationMode,
    SeatDraw,
)
from participa.components.meetings.services.series import MAX_OCCURRENCES, Repeat
from participa.core.forms_i18n import TranslatedFieldsMixin
from participa.core.models import Area, Organization, Scope, UserGroup
from participa.lib import legal
from participa.spaces.models import Space, SpaceKind

LOCAL_INPUT = "%Y-%m-%dT%H:%M"
QUESTION_KINDS = [("text", _("Text")), ("yes_no", _("Yes or no"))]


def local_datetime_field(label: Any, help_text: Any = "") -> forms.DateTimeField:
    """A date and time typed in the organization's local time (``datetime-local``)."""
    return forms.DateTimeField(
        label=label, help_text=help_text,
        input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT))


def notice_help(organization: Organization, profile: str | None = None) -> str:
    """The legal notice rule, as help on the start field ("" when the profile has none)."""
    days = legal.meeting_notice_days(profile or str(organization.legal_profile),
                                     overrides=organization.legal_parameters or None)
    if not days:
        return ""
    return ngettext(
        "The law requires a public meeting to be announced at least %(days)d day before it "
        "takes place.",
        "The law requires a public meeting to be announced at least %(days)d days before it "
        "takes place.", days) % {"days": days}



def _occurrences_help() -> str:
    """Interpolated when shown, in the language of the request (not at import)."""
    return gettext("How many meetings the series has, at most %(max)d.") % {
        "max": MAX_OCCURRENCES}


class MeetingForm(TranslatedFieldsMixin, forms.Form):
    """Pass ``organization=`` and ``instance=`` (the meeting, or None for a new one). The
    values for the services come from ``values()``; repetition from ``repetition()``."""

    translated_fields = {
        "title": {"required": True, "max_length": 200},
        "description": {"widget": "textarea", "rows": 6},
    }

    type = forms.ChoiceField(label=_("Type"), choices=MeetingType.choices)
    title = forms.CharField(label=_("Title"))
    description = forms.CharField(label=_("Description"), required=False)
    starts_at = local_datetime_field(_("Starts at"))
    ends_at = local_datetime_field(_("Ends at"))
    repeat = forms.ChoiceField(label=_("Repeat"), choices=Repeat.choices, required=False)
    repeat_until = forms.DateField(
        label=_("Repeat until"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day a meeting of the series may take place."))
    repeat_count = forms.IntegerField(
        label=_("Or a number of times"), required=False, min_value=2,
        max_value=MAX_OCCURRENCES,
        help_text=lazy(_occurrences_help, str)())
    publish = forms.BooleanField(
        label=_("Announce at once (otherwise the meeting stays a draft)"), required=False)
    format = forms.ChoiceField(label=_("Format"), choices=MeetingFormat.choices,
                               widget=forms.RadioSelect)
    address = forms.CharField(label=_("Address"), required=False, max_length=300,
                              help_text=_("Required for a meeting held in person."))
    location_hints = forms.CharField(label=_("How to find the room"), required=False,
                                     max_length=300)
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9,
                                  decimal_places=6, min_value=-90, max_value=90,
                                  help_text=_("Map point, for example 45.753837."))
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9,
                                   decimal_places=6, min_value=-180, max_value=180,
                                   help_text=_("For example 21.225530."))
    online_url = forms.URLField(
        label=_("Online link"), required=False, max_length=500, assume_scheme="https",
        help_text=_("Sent to the registered participants only, and shown to them from 15 "
                    "minutes before the start."))
    accessibility = forms.CharField(
        label=_("Accessibility information"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Step-free access, hearing loop, sign language, seats, toilets."))
    organizer_area = forms.ModelChoiceField(label=_("Organizing department"),
                                            queryset=Area.objects.none(), required=False,
                                            empty_label=_("None chosen"))
    organizer_space = forms.ModelChoiceField(label=_("Working group"),
                                             queryset=Space.objects.none(), required=False,
                                             empty_label=_("None chosen"))
    co_organizer = forms.ModelChoiceField(
        label=_("Co-organizer"), queryset=UserGroup.objects.none(), required=False,
        empty_label=_("None"), help_text=_("A verified association."))
    scope = forms.ModelChoiceField(label=_("District"), queryset=Scope.objects.none(),
                                   required=False, empty_label=_("The whole city"))
    registration_mode = forms.ChoiceField(label=_("Registration"),
                                          choices=RegistrationMode.choices)
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1,
                                  help_text=_("Empty: no limit."))
    ask_to_speak = forms.BooleanField(label=_("Ask whether the person wishes to speak"),
                                      required=False)
    ask_accessibility = forms.BooleanField(label=_("Ask about accessibility needs"),
                                           required=False, initial=True)
    speaker_minutes = forms.IntegerField(label=_("Minutes per speaker"), min_value=1,
                                         max_value=60, initial=3)
    observer_seats = forms.IntegerField(
        label=_("Seats drawn by lot"), min_value=0, max_value=100, initial=0,
        help_text=_("Seats for residents drawn by lot among applicants (0: none)."))

    GROUPS = (
        (_("The meeting"), ("type", "title", "description")),
        (_("When"), ("starts_at", "ends_at", "repeat", "repeat_until", "repeat_count",
                     "publish")),
        (_("Where"), ("format", "address", "location_hints", "latitude", "longitude",
                      "online_url", "accessibility")),
        (_("Who organizes it"), ("organizer_area", "organizer_space", "co_organizer",
                                 "scope")),
        (_("Registration"), ("registration_mode", "capacity", "ask_to_speak",
                             "ask_accessibility", "speaker_minutes", "observer_seats")),
    )
    CREATION_ONLY = ("repeat", "repeat_until", "repeat_count", "publish")
    MODEL_FIELDS = ("type", "starts_at", "ends_at", "format", "address", "location_hints",
                    "latitude", "longitude", "online_url", "accessibility", "organizer_area",
                    "organizer_space", "co_organizer", "scope", "registration_mode",
                    "capacity", "ask_to_speak", "ask_accessibility", "speaker_minutes",
                    "observer_seats")

    def __init__(self, data: Any = None, *, organization: Organization,
                 instance: Meeting | None = None, extra_questions: int = 0,
                 profile: str | None = None) -> None:
        self.instance = instance or Meeting()
        self.is_new = instance is None
        super().__init__(data, organization=organization)
        org = organization
        self._set_queryset("organizer_area", Area.objects.filter(organization=org)
                           .order_by("code"))
        self._set_queryset("organizer_space", Space.objects.filter(
            organization=org, kind=SpaceKind.ASSEMBLY).order_by("slug"))
        self._set_queryset("co_organizer", UserGroup.objects.filter(
            organization=org, verified_at__isnull=False).order_by("name"))
        self._set_queryset("scope", Scope.objects.filter(organization=org).order_by("code"))
        self.fields["starts_at"].help_text = notice_help(org, profile)
        if self.is_new:
            self.fields["format"].initial = MeetingFormat.IN_PERSON
            self.fields["type"].initial = MeetingType.WORKING_GROUP
        else:
            for name in self.CREATION_ONLY:
                del self.fields[name]
            meeting = self.instance
            for name in self.MODEL_FIELDS:
                value = getattr(meeting, name)
                if isinstance(value, datetime.datetime):
                    value = timezone.localtime(value)
                self.initial[name] = value
        self._add_questions(data, extra_questions)

    def _set_queryset(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    # Further questions: one row per question (label, kind, required); empty rows are
    # ignored, "Add another question" adds a row.
    def _add_questions(self, data: Any, extra: int) -> None:
        existing = list(self.instance.questions or [])
        rows = len(existing) + 1
        posted = str(data.get("question_rows") or "") if data is not None else ""
        if posted.isdigit():
            rows = max(rows, int(posted))
        rows = min(rows + extra, 20)
        self.fields["question_rows"] = forms.IntegerField(widget=forms.HiddenInput,
                                                          initial=rows, required=False)
        if data is not None and extra:
            data = data.copy()
            data["question_rows"] = str(rows)
            self.data = data
        language = self.organization.default_language
        self.question_names: list[tuple[str, str, str, str]] = []
        for index in range(rows):
            current: dict[str, Any] = existing[index] if index < len(existing) else {}
            label = current.get("label") or {}
            prefix = f"question_{index}"
            number = index + 1
            self.fields[f"{prefix}_id"] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=current.get("id", ""))
            self.fields[f"{prefix}_label"] = forms.CharField(
                label=_("Question %(number)d") % {"number": number}, required=False,
                max_length=300,
                initial=label.get(language, "") if isinstance(label, dict) else str(label))
            self.fields[f"{prefix}_kind"] = forms.ChoiceField(
                label=_("Kind of answer to question %(number)d") % {"number": number},
                choices=QUESTION_KINDS, initial=current.get("kind", "text"))
            self.fields[f"{prefix}_required"] = forms.BooleanField(
                label=_("Answer required (question %(number)d)") % {"number": number},
                required=False, initial=bool(current.get("required")))
            self.question_names.append((f"{prefix}_id", f"{prefix}_label", f"{prefix}_kind",
                                        f"{prefix}_required"))

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        def expanded(name: str) -> list[str]:
            if name in self.translated_fields:
                return [f"{name}__{code}" for code in self.languages]
            return [name] if name in self.fields else []

        return [(legend, [self[field] for name in names for field in expanded(name)])
                for legend, names in self.GROUPS]

    def question_fieldsets(self) -> list[list[forms.BoundField]]:
        return [[self[name] for name in names[1:]] for names in self.question_names]

    def questions(self) -> list[dict[str, Any]]:
        existing = {str(item.get("id")): item for item in self.instance.questions or []}
        language = self.organization.default_language
        used = {str(key) for key in existing}
        result = []
        for id_name, label_name, kind_name, required_name in self.question_names:
            text = (self.cleaned_data.get(label_name) or "").strip()
            if not text:
                continue
            question_id = self.cleaned_data.get(id_name) or ""
            if question_id in existing:
                label = dict(existing[question_id].get("label") or {})
            else:
                number = 1
                while f"q{number}" in used:
                    number += 1
                question_id = f"q{number}"
                used.add(question_id)
                label = {}
            label[language] = text
            result.append({"id": question_id, "label": label,
                           "kind": self.cleaned_data.get(kind_name) or "text",
                           "required": bool(self.cleaned_data.get(required_name))})
        return result

    def values(self) -> dict[str, Any]:
        """What ``meeting_create`` / ``meeting_update`` take."""
        values = {name: self.cleaned_data.get(name) for name in self.MODEL_FIELDS}
        for name in ("address", "location_hints", "online_url", "accessibility"):
            values[name] = values[name] or ""
        values.update(self.translated_values())
        values["questions"] = self.questions()
        return values

    def repetition(self) -> dict[str, Any]:
        return {"repeat": self.cleaned_data.get("repeat") or "",
                "until": self.cleaned_data.get("repeat_until"),
                "count": self.cleaned_data.get("repeat_count")}


class CancelForm(forms.Form):
    cancel_reason = forms.CharField(
        label=_("Reason for the cancellation"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Published with the meeting and sent to the participants."))
    following = forms.BooleanField(
        label=_("Cancel also the following meetings of the series"), required=False)


class SeatDrawForm(TranslatedFieldsMixin, forms.Form):
    translated_fields = {"title": {"required": True, "max_length": 200}}

    title = forms.CharField(label=_("Title"))
    space = forms.ModelChoiceField(label=_("Working group"), queryset=Space.objects.none())
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100)
    applications_close_at = local_datetime_field(_("Applications close at"))
    committed_number = forms.CharField(
        label=_("Number published in advance"), max_length=100,
        help_text=_("Published now; with the public value below it makes the seed."))
    public_value_source = forms.CharField(
        label=_("Public value the draw waits for"), max_length=300,
        help_text=_("A value nobody knows yet, for example “the first number drawn in the "
                    "national lottery of 15 March”."))

    def __init__(self, data: Any = None, *, organization: Organization,
                 default_space: Space | None = None) -> None:
        self.instance = SeatDraw()
        super().__init__(data, organization=organization)
        field = self.fields["space"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Space.objects.filter(organization=organization,
                                              kind=SpaceKind.ASSEMBLY).order_by("slug")
        if default_space is not None and default_space.kind == SpaceKind.ASSEMBLY:
            field.initial = default_space.pk


class PublicValueForm(forms.Form):
    public_value = forms.CharField(label=_("Public value"), max_length=200)


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why you wish to take part (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the staff read it; the public list shows your anonymous code."))
