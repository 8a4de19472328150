"""The registration form of a meeting, built from the meeting's settings (wish to speak,
accessibility needs, further questions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participa.components.meetings.models import Meeting
from participa.components.meetings.services.registrations import question_field
from participa.core.i18n import translated

TEXT_LIMIT = 2000


class RegistrationForm(forms.Form):
    """What the person says when registering; the service checks it again."""

    def __init__(self, meeting: Meeting, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if meeting.ask_to_speak:
            self.fields["wants_to_speak"] = forms.BooleanField(
                label=_("I wish to speak"), required=False)
            self.fields["speech_topic"] = forms.CharField(
                label=_("Topic of my intervention"), required=False, max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Needed if you wish to speak."))
        if meeting.ask_accessibility:
            self.fields["accessibility_needs"] = forms.CharField(
                label=_("Accessibility needs"), required=False, max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("For example: step-free access, sign language, hearing loop."))
        for question in meeting.questions or []:
            if not question.get("id"):
                continue
            label = translated(question.get("label") or {}) or str(question["id"])
            required = bool(question.get("required"))
            field: forms.Field
            if question.get("kind") == "yes_no":
                field = forms.ChoiceField(
                    label=label, required=required, widget=forms.RadioSelect,
                    choices=[("yes", _("Yes")), ("no", _("No"))],
                    error_messages={"required": _("Answer “yes” or “no” to the question "
                                                  "“%(question)s”.") % {"question": label}})
            else:
                field = forms.CharField(
                    label=label, required=required, max_length=TEXT_LIMIT,
                    error_messages={"required": _("Answer the question “%(question)s”.") % {
                        "question": label}})
            self.fields[question_field(question)] = field

    def service_values(self) -> dict[str, Any]:
        """The keyword arguments of ``registration_create``."""
        data = self.cleaned_data
        return {
            "wants_to_speak": bool(data.get("wants_to_speak")),
            "speech_topic": data.get("speech_topic", ""),
            "accessibility_needs": data.get("accessibility_needs", ""),
            "answers": {str(question["id"]): data.get(question_field(question), "")
                        for question in self.meeting.questions or [] if question.get("id")},
        }


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses of the people to invite"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or more addresses of people with an account, separated by commas or "
                    "new lines."))

    def addresses(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n")
        return [line.strip() for line in raw.splitlines() if line.strip()]
