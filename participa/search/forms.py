"""The search form (GET): words, type, scope, area and dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participa.core.models import Area, Organization, Scope
from participa.search.registry import all_specs
from participa.spaces.filters import limit_scope_and_area


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    scope = forms.ModelChoiceField(queryset=Scope.objects.none(), required=False,
                                   label=_("Scope"), empty_label=_("All"))
    area = forms.ModelChoiceField(queryset=Area.objects.none(), required=False,
                                  label=_("Area"), empty_label=_("All"))
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput(),
                                help_text=_("For example 2025-03-31"))
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput(),
                              help_text=_("For example 2025-12-31"))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [("", _("All")), *((spec.kind, spec.label) for spec in all_specs())]
        limit_scope_and_area(self, organization)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data
