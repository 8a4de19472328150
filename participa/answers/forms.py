"""Forms of the shared answer pages: a draft answer (outcomes from the item's policy) and a
review (approve, or send back with a comment)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from participa.answers.policy import AnswerPolicy
from participa.core.form_fields import choice_field


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=(), widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome of the answer.")},
    )
    justification = forms.CharField(
        label=_("Justification"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, policy: AnswerPolicy, justification_help: Any = "",
                 languages: Sequence[str] = (), **kwargs: Any) -> None:
        """``languages``: the organization's languages other than its default one, in which
        the justification may also be written (optional)."""
        super().__init__(*args, **kwargs)
        self.policy = policy
        self.languages = list(languages)
        choice_field(self, "outcome").choices = list(policy.outcomes)
        self.fields["justification"].help_text = justification_help
        for code in self.languages:
            self.fields[f"justification_{code}"] = forms.CharField(
                label=_("Justification in %(language)s") % {
                    "language": get_language_info(code)["name_translated"]},
                required=False, widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
            )

    def translations(self) -> dict[str, str]:
        """The justification in the other languages, as written (empty ones left out)."""
        return {code: text for code in self.languages
                if (text := (self.cleaned_data.get(f"justification_{code}") or "").strip())}

    @staticmethod
    def initial_for(answer: Any) -> dict[str, Any]:
        """The form's initial values for an existing answer."""
        if answer is None:
            return {}
        initial = {"outcome": answer.outcome, "justification": answer.justification}
        for code, text in (answer.justification_translations or {}).items():
            initial[f"justification_{code}"] = text
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        justification = (data.get("justification") or "").strip()
        if outcome and self.policy.needs_justification(outcome) and not justification:
            self.add_error("justification", self.policy.justification_required_message
                           or _("Write the justification of this outcome."))
        return data


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the official who drafted it"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Say what should change when you send the answer back."),
    )
