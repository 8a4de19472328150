"""Forms of voting: the election key (staff), a receipt code, and the ballot's fields, read
from the POST without losing anything typed (``read_ballot``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from participa.components.budgets.models import Pool, Project, VotingMethod
from participa.lib.ballots import receipts


class ElectionKeyForm(forms.Form):
    public_key = forms.CharField(
        label=_("Public key"), max_length=64,
        help_text=_("The 44 characters of the file election-public.key made by the electoral "
                    "commission. Never the private key."))
    fingerprint = forms.CharField(
        label=_("Fingerprint"), max_length=16, min_length=16,
        help_text=_("The 16 characters the commission's tool printed as “fingerprint”."))


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Receipt code"), max_length=40,
        help_text=_("As printed on your receipt, for example 7KQ3-M9XD-2PTV-H8RA-6WNC."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters"}))

    def clean_receipt(self) -> str:
        code = str(self.cleaned_data["receipt"])
        if not receipts.is_well_formed(code):
            raise forms.ValidationError(_("This is not a receipt code: it has 20 letters and "
                                          "digits in groups of four. Check what you typed."))
        return code


def _number(raw: str) -> Any:
    text = raw.strip()
    return int(text) if text.isdigit() else text


def read_ballot(pool: Pool, projects: list[Project], data: QueryDict
                ) -> tuple[list[tuple[Any, Any]], dict[int, str]]:
    """The ballot's pairs as the voter sent them (for ``participa.lib.ballots.validate``) and
    the raw values per project (to show the form again unchanged)."""
    pairs: list[tuple[Any, Any]] = []
    raw: dict[int, str] = {}
    if pool.method in (VotingMethod.APPROVAL, VotingMethod.KNAPSACK):
        for value in data.getlist("project"):
            pid = _number(value)
            pairs.append((pid, 1))
            if isinstance(pid, int):
                raw[pid] = "1"
        return pairs, raw
    prefix = "points-" if pool.method == VotingMethod.CUMULATIVE else "rank-"
    for key in data:
        if not key.startswith(prefix):
            continue
        pid = _number(key[len(prefix):])
        value = data.get(key, "").strip()
        if isinstance(pid, int):
            raw[pid] = value
        if value == "" or (prefix == "points-" and value == "0"):
            continue
        pairs.append((pid, _number(value)))
    return pairs, raw


def read_birth_year(data: QueryDict) -> tuple[int | None, str]:
    text = data.get("birth_year", "").strip()
    return (int(text) if text.isdigit() and 1900 <= int(text) <= 2100 else None), text
