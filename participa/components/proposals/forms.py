"""Forms of the proposals component: writing a proposal (the resident's form), inviting a
co-author, and the staff's category form.

The forms check what a person types (required fields, the map point's ranges); the services
check the rest (a verified group the person belongs to, both coordinates or neither) and their
errors are shown on the same form (``apply_service_errors``), so nothing typed is lost.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participa.components.proposals.models import Proposal, ProposalCategory, Publication
from participa.core.form_fields import choice_field, model_choice_field
from participa.core.models import Area, GroupMembership, Scope, User, UserGroup
from participa.spaces.models import Component


def _coordinate(label: Any, limit: int, help_text: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, max_digits=9, decimal_places=6,
        help_text=help_text,
        # A text input: a number input rounds and hides what a screen reader user typed.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                      "data-limit": str(limit)}),
        error_messages={
            "invalid": _("Write the coordinate as a number with a dot, e.g. 45.753721."),
            "max_decimal_places": _("Write at most 6 decimals."),
            "max_digits": _("Write at most 6 decimals."),
            "max_whole_digits": _("Write at most 6 decimals."),
        },
    )


class ProposalForm(forms.Form):
    """What a resident writes: title, text, where it applies, and how they appear."""

    title = forms.CharField(label=_("Title"), max_length=200,
                            error_messages={"required": _("Give your proposal a title.")})
    body = forms.CharField(
        label=_("Your proposal"), widget=forms.Textarea(attrs={"rows": 10}),
        max_length=10000,
        help_text=_("Markdown: **bold**, lists, links. Do not write e-mail addresses or phone "
                    "numbers: they are hidden from the public page."),
        error_messages={"required": _("Describe your proposal.")})
    scope = forms.ModelChoiceField(label=_("District"), queryset=Scope.objects.none(),
                                   required=False, empty_label=_("The whole city"))
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(),
                                  required=False, empty_label=_("No particular area"))
    category = forms.ModelChoiceField(label=_("Category"),
                                      queryset=ProposalCategory.objects.none(),
                                      required=False, empty_label=_("No category"))
    address = forms.CharField(
        label=_("Address or place"), max_length=300, required=False,
        help_text=_("Optional: the street and number, or the name of the place."))
    latitude = _coordinate(_("Latitude"), 90,
                           _("Optional: from -90 to 90, e.g. 45.753721. Choose the point on "
                             "the map or type it."))
    longitude = _coordinate(_("Longitude"), 180,
                            _("Optional: from -180 to 180, e.g. 21.225678."))
    publication = forms.ChoiceField(label=_("Shown as"), choices=Publication.choices,
                                    initial=Publication.NAMED, widget=forms.RadioSelect)
    group = forms.ModelChoiceField(label=_("On behalf of the group"),
                                   queryset=UserGroup.objects.none(), required=False,
                                   empty_label=_("No group"),
                                   help_text=_("Only the verified groups you are a member of."))

    def __init__(self, *args: Any, component: Component, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = component.space.organization
        model_choice_field(self, "scope").queryset = Scope.objects.filter(organization=org)
        model_choice_field(self, "area").queryset = Area.objects.filter(organization=org)
        categories = ProposalCategory.objects.filter(component=component)
        model_choice_field(self, "category").queryset = categories
        groups = UserGroup.objects.filter(
            organization=org, verified_at__isnull=False,
            memberships__user=user, memberships__status=GroupMembership.Status.ACCEPTED)
        model_choice_field(self, "group").queryset = groups
        if not categories.exists():
            del self.fields["category"]
        if not groups.exists():
            del self.fields["group"]
            choice_field(self, "publication").choices = [
                choice for choice in Publication.choices if choice[0] != Publication.GROUP]

    def _in_range(self, name: str, limit: int, message: Any) -> Decimal | None:
        value: Decimal | None = self.cleaned_data.get(name)
        if value is not None and not -limit <= value <= limit:
            raise ValidationError(message, code="range")
        return value

    def clean_latitude(self) -> Decimal | None:
        return self._in_range("latitude", 90, _("The latitude is a number from -90 to 90."))

    def clean_longitude(self) -> Decimal | None:
        return self._in_range("longitude", 180,
                              _("The longitude is a number from -180 to 180."))

    def service_values(self) -> dict[str, Any]:
        """The values the services take (``EDITABLE``)."""
        data = self.cleaned_data
        return {
            "title": data["title"], "body": data["body"], "scope": data.get("scope"),
            "area": data.get("area"), "category": data.get("category"),
            "address": data.get("address", ""), "latitude": data.get("latitude"),
            "longitude": data.get("longitude"), "publication": data["publication"],
            "group": data.get("group"),
        }

    @staticmethod
    def initial_of(proposal: Proposal) -> dict[str, Any]:
        return {"title": proposal.title, "body": proposal.body, "scope": proposal.scope_id,
                "area": proposal.area_id, "category": proposal.category_id,
                "address": proposal.address, "latitude": proposal.latitude,
                "longitude": proposal.longitude, "publication": proposal.publication,
                "group": proposal.group_id}


class CategoryForm(forms.Form):
    """A category's name in each language of the organization."""

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = languages
        for index, code in enumerate(languages):
            self.fields[f"name__{code}"] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": code}, max_length=100,
                required=index == 0,
                error_messages={"required": _("Give the category a name.")})

    def names(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"name__{code}"].strip()
                for code in self.languages if self.cleaned_data.get(f"name__{code}", "").strip()}
