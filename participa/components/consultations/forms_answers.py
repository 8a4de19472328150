"""Forms of the answers and redaction-review pages (staff)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participa.components.consultations.models import Outcome
from participa.components.consultations.services.moderation import ALL_KINDS
from participa.core.form_fields import choice_field


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome of the answer.")},
    )
    justification = forms.CharField(
        label=_("Justification"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required unless the contribution is accepted. It is published with the "
                    "answer."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        justification = (data.get("justification") or "").strip()
        if outcome and outcome != Outcome.ACCEPTED and not justification:
            self.add_error("justification", _(
                "Write the justification: it is required unless the contribution is accepted."))
        return data


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the official who drafted it"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Say what should change when you send the answer back."),
    )


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


class HideWordsForm(forms.Form):
    words = forms.CharField(
        label=_("Words to hide"), max_length=300,
        help_text=_("Type them exactly as they are written in the original text."),
        error_messages={"required": _("Type the words to hide, exactly as they appear in "
                                      "the text.")},
    )
    kind = forms.ChoiceField(label=_("Kind of personal data"), initial="name")
    all_occurrences = forms.BooleanField(label=_("Hide every occurrence"), required=False,
                                         initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = kind_choices()
