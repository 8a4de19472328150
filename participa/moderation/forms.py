"""Forms of moderation: report content, hide it with a reason, block its author."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participa.moderation.models import ReportReason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why are you reporting this?"),
                               choices=ReportReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Details (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the moderators read this."),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason shown in place of the content"), max_length=300,
        help_text=_("Everyone will read: “Hidden by the moderators: <your reason>”."),
    )


class BlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for blocking"), max_length=300,
        help_text=_("Recorded in the audit log. The person will no longer be able to post "
                    "and their content will be hidden."),
    )
