"""Forms of the agenda, questions, speakers and after-the-meeting pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from participa.answers.forms import AnswerForm
from participa.components.meetings.models import QUESTION_ANSWERS, AgendaItem, Meeting
from participa.components.meetings.services.agenda import QUESTION_MAX_LENGTH
from participa.core.form_fields import choice_field
from participa.core.forms_i18n import TranslatedModelForm
from participa.redaction.review import ALL_KINDS


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class AgendaItemForm(TranslatedModelForm):
    """Pass ``organization=`` and ``instance=`` (an item, or ``AgendaItem(meeting=...)``)."""

    translated_fields = {
        "title": {"required": True, "max_length": 300},
        "description": {"widget": "textarea", "rows": 4},
    }

    class Meta:
        model = AgendaItem
        fields = ["title", "description", "starts_at", "duration_minutes", "accepts_questions"]
        widgets = {"starts_at": DateTimeLocalInput()}

    def values(self) -> dict[str, Any]:
        """What the agenda services take."""
        data = self.cleaned_data
        return {**self.translated_values(), "starts_at": data.get("starts_at"),
                "duration_minutes": data.get("duration_minutes"),
                "accepts_questions": bool(data.get("accepts_questions"))}


class SpeakerMinutesForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["speaker_minutes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["speaker_minutes"]
        assert isinstance(field, forms.IntegerField)
        field.min_value = 1
        field.widget.attrs["min"] = 1
        field.validators.append(MinValueValidator(1))


class QuestionForm(forms.Form):
    body = forms.CharField(
        label=_("Your question or suggestion"), max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Published on this page; phone numbers, e-mail addresses and other "
                    "personal data are hidden."),
        error_messages={"required": _("Write your question or suggestion.")},
    )


class QuestionAnswerForm(AnswerForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, policy=QUESTION_ANSWERS, justification_help=_(
            "Published with the question on the meeting's page."), **kwargs)


class ReasonMixin(forms.Form):
    """A reason field, required by the services once the minutes are published."""

    reason = forms.CharField(
        label=_("Reason for the correction"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The minutes are published: the change is shown with its date and this "
                    "reason."),
    )

    def __init__(self, *args: Any, published: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not published:
            del self.fields["reason"]


class MinutesForm(ReasonMixin):
    minutes_text = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Personal data the redaction finds is hidden before publication; you "
                    "review it on the next page."))
    video_url = forms.URLField(label=_("Video recording"), required=False, max_length=500,
                               assume_scheme="https")
    participants = forms.IntegerField(label=_("Attendees"), required=False, min_value=0)
    conclusions = forms.CharField(label=_("Conclusions"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))

    field_order = ["minutes_text", "video_url", "participants", "conclusions", "reason"]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data.get(name) if name == "participants" else (data.get(name) or "")
                for name in ("minutes_text", "video_url", "participants", "conclusions")}


class MinutesFileForm(ReasonMixin):
    file = forms.FileField(label=_("Minutes file"),
                           error_messages={"required": _("Choose the file to upload.")})


def kind_choices() -> list[tuple[str, Any]]:
    labels: dict[str, Any] = {
        "name": _("Name"), "email": _("E-mail address"), "phone": _("Phone number"),
        "national_id": _("Personal ID number"), "iban": _("Bank account (IBAN)"),
        "address": _("Street address"), "url": _("Personal web address"),
        "other": _("Other personal data"),
    }
    return [(kind, labels.get(kind, kind)) for kind in ALL_KINDS]


def kind_label(kind: str) -> Any:
    return dict(kind_choices()).get(kind, kind)


class HideWordsForm(ReasonMixin):
    words = forms.CharField(
        label=_("Words to hide"), max_length=300,
        help_text=_("Type them exactly as they are written in the original text."),
        error_messages={"required": _("Type the words to hide, exactly as they appear in "
                                      "the text.")},
    )
    kind = forms.ChoiceField(label=_("Kind of personal data"), initial="name")
    all_occurrences = forms.BooleanField(label=_("Hide every occurrence"), required=False,
                                         initial=True)

    field_order = ["words", "kind", "all_occurrences", "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = kind_choices()


class LinkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.CharField(
        label=_("Address on this site"), max_length=500,
        help_text=_("For example /spaces/mobility/proposals/12/ for a proposal the meeting "
                    "produced."))
