"""Forms of voting on paper: a polling point (administrators) and one keying of a paper
ballot (the pool's choices are read by ``forms_voting.read_ballot``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participa.components.budgets.models import Edition
from participa.core.form_fields import ModelIdsField
from participa.core.models import Role, User


class PollingPointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300)
    officials = ModelIdsField(
        label=_("Officials who enter its ballots"), queryset=User.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization = edition.component.space.organization
        staff_ids = Role.objects.filter(organization=organization).values("user_id")
        field = self.fields["officials"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = User.objects.filter(organization=organization,
                                             pk__in=staff_ids).order_by("display_name", "pk")


class PaperKeyForm(forms.Form):
    serial = forms.CharField(label=_("Serial number"), max_length=32,
                             help_text=_("As printed on the ballot."),
                             widget=forms.TextInput(attrs={"autocomplete": "off",
                                                           "spellcheck": "false"}))
    identifier = forms.CharField(
        label=_("Voter's identifier"), max_length=64,
        help_text=_("The personal identification number written on the ballot. It is kept "
                    "only as a keyed hash."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900,
                                    max_value=2100)
    parent_name = forms.CharField(
        label=_("Parent's name"), max_length=200, required=False,
        help_text=_("Only for a minor: check the parent's consent on the ballot and type the "
                    "parent's name as written there."))
    scan = forms.FileField(label=_("Scanned ballot"), required=False,
                           help_text=_("JPEG, PNG or PDF, at most 10 MB."))

    def __init__(self, *args: Any, edition: Edition, resolving: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if (edition.min_age is None and not edition.minors_with_consent
                and not edition.publish_age_band):
            del self.fields["birth_year"]
        if not edition.minors_with_consent:
            del self.fields["parent_name"]
        if resolving:
            del self.fields["serial"]
            del self.fields["scan"]
