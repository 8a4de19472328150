"""Forms of the fraud review (staff) and of the "someone voted as me" report (residents)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class VoteAsMeForm(forms.Form):
    statement = forms.CharField(
        label=_("What happened"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example: when you tried to vote, the site said you had already voted, "
                    "but you had not. Staff read this; it is never published."))


class QuarantineForm(forms.Form):
    cluster = forms.ChoiceField(label=_("Group of votes"), required=False, choices=())
    voter = forms.CharField(
        label=_("Or one vote"), required=False, max_length=36,
        help_text=_("The vote's record number, as listed under its group."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}))
    reason = forms.CharField(
        label=_("Reason"), max_length=300,
        help_text=_("Shown on the results page next to the number of votes set aside, for "
                    "example “Votes from one computer with borrowed identity numbers”."))

    def __init__(self, *args: Any, clusters: Sequence[tuple[str, str]] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cluster"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("None: one vote below")), *clusters]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("cluster")) == bool(str(data.get("voter", "")).strip()):
            raise forms.ValidationError(_("Choose a group of votes or give one vote's record "
                                          "number, not both."))
        return data


class ResolveForm(forms.Form):
    ballot_ids = forms.CharField(
        label=_("Ballot ids"), widget=forms.Textarea(attrs={"rows": 5,
                                                            "spellcheck": "false"}),
        help_text=_("The ids the electoral commission's tool printed after opening the sealed "
                    "links of the quarantined votes, one a line."))
    reason = forms.CharField(
        label=_("Reason"), max_length=300,
        help_text=_("Shown on the results page next to the number of ballots excluded."))

    def ids(self) -> list[str]:
        return [line.strip() for line in str(self.cleaned_data["ballot_ids"]).split()
                if line.strip()]
