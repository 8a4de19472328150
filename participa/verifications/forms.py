"""Forms of the verification pages: what the resident types is kept when it is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participa.core.models import Organization, Scope
from participa.verifications.models import Method, Status


class IdNumberForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of number"), choices=[
        ("ro_cnp", _("Romanian personal numeric code (CNP)")),
        ("pl_pesel", _("Polish PESEL number")),
    ])
    number = forms.CharField(
        label=_("Number"), max_length=20,
        help_text=_("Only a keyed fingerprint of the number is kept, never the number itself. "
                    "It lets one number verify only one account here."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class RegisterForm(forms.Form):
    identifier = forms.CharField(
        label=_("Identifier in the register"), max_length=100, required=False,
        help_text=_("As written in the register. Or leave it empty and give your name and "
                    "address."), widget=forms.TextInput(attrs={"autocomplete": "off"}))
    name = forms.CharField(label=_("Name as in the register"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    address = forms.CharField(label=_("Address as in the register"), max_length=300,
                              required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))


class AddressForm(forms.Form):
    scope = forms.ModelChoiceField(label=_("District"), queryset=Scope.objects.none(),
                                   empty_label=_("Choose a district"))
    address = forms.CharField(
        label=_("Address"), max_length=300,
        help_text=_("The city hall checks it before you count as verified."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["scope"]
        field.queryset = Scope.objects.filter(organization=organization).order_by("code")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the e-mail"), max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class MethodsForm(forms.Form):
    methods = forms.MultipleChoiceField(
        label=_("Verification methods offered to residents"), choices=Method.choices,
        required=False, widget=forms.CheckboxSelectMultiple)


class RegisterImportForm(forms.Form):
    file = forms.FileField(
        label=_("Register (CSV file)"),
        help_text=_("One resident per row: an identifier, or a name and an address in two "
                    "columns. Only keyed fingerprints are kept, never the rows themselves."))
    replace = forms.BooleanField(label=_("Replace the register imported before"),
                                 required=False)


class ManageFilterForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), required=False,
                               choices=[("", _("All methods")), *Method.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *Status.choices])
