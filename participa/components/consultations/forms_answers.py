"""Forms of the answers and redaction-review pages (staff)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participa.answers.forms import AnswerForm as SharedAnswerForm
from participa.answers.forms import ReviewForm as ReviewForm  # re-exported for the views
from participa.answers.policy import answer_policy
from participa.components.consultations.models import Contribution
from participa.components.consultations.services.moderation import ALL_KINDS
from participa.core.form_fields import choice_field


class AnswerForm(SharedAnswerForm):
    """The answer to a contribution or a campaign (the shared form, with consultations'
    policy)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, policy=answer_policy(Contribution), justification_help=_(
            "Required unless the contribution is accepted. It is published with the answer."),
            **kwargs)


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
