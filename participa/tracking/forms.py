"""Forms of tracked items: the public list's filters and the staff's item, milestone and
expense forms (amounts typed as the language writes them: "1 234,50" or "1,234.50")."""

from __future__ import annotations

import decimal
import re
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from participa.core.form_fields import model_choice_field, within_years
from participa.core.models import Area, Organization, Scope
from participa.spaces.filters import (
    AreaFilter,
    ListFilterSet,
    ScopeTreeFilter,
    scope_tree_choices,
)
from participa.tracking.models import TrackedItem, TrackedStatus
from participa.tracking.selectors import source_kinds

# Spaces a person may type between thousands: ordinary, no-break and narrow no-break.
_GROUPING = re.compile(r"[\s\u00a0\u202f'\u2019]")


def parse_amount(text: str) -> decimal.Decimal:
    """An amount of money as a person types it: "1 234,50", "1.234,50", "1,234.50" or
    "1234.50"; ValueError otherwise. A last "," or "." followed by one or two digits is the
    decimal separator, or the language's decimal separator when not followed by three."""
    cleaned = _GROUPING.sub("", text or "")
    if not re.fullmatch(r"[0-9.,]+", cleaned):
        raise ValueError(text)
    last = max(cleaned.rfind(","), cleaned.rfind("."))
    integer, fraction = cleaned, ""
    if last >= 0:
        tail = cleaned[last + 1:]
        separator = str(formats.get_format("DECIMAL_SEPARATOR"))
        if len(tail) in (1, 2) or (cleaned[last] == separator and len(tail) != 3):
            integer, fraction = cleaned[:last], tail
        if not re.fullmatch(r"\d{1,3}([.,]\d{3})*|\d+", integer):
            raise ValueError(text)
        integer = re.sub(r"[.,]", "", integer)
    if not integer.isdigit() or len(integer) > 12 or (fraction and not fraction.isdigit()):
        raise ValueError(text)
    return decimal.Decimal(f"{integer}.{fraction}" if fraction else integer)


AMOUNT_ERROR = _("Write the amount as a number, e.g. 1 234,50 or 1234.50, with at most two "
                 "decimals and no minus sign.")


class AmountField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal",
                                                           "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> decimal.Decimal | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        try:
            return parse_amount(text)
        except ValueError:
            raise forms.ValidationError(AMOUNT_ERROR, code="amount") from None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


# ---- the public list's filters ----------------------------------------------------------

class TrackedItemFilterSet(ListFilterSet):
    """Status, responsible department, district (with the districts inside it) and the kind
    of source (proposals, projects...)."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=TrackedStatus.choices,
                                         empty_label=_("All"))
    area = AreaFilter(label=_("Department"), paths=("department",))
    scope = ScopeTreeFilter(label=_("District"))
    source = django_filters.ChoiceFilter(label=_("Comes from"), field_name="content_type",
                                         choices=(), empty_label=_("All"))

    class Meta:
        model = TrackedItem
        fields = ["status", "area", "scope", "source"]

    def __init__(self, data: Any = None, queryset: QuerySet[Any] | None = None, *,
                 organization: Organization, request: Any = None) -> None:
        super().__init__(data, queryset, organization=organization, request=request)
        self.filters["source"].extra["choices"] = source_kinds(
            queryset if queryset is not None else TrackedItem.objects.none())


# ---- staff forms -------------------------------------------------------------------------

class TrackedItemForm(forms.Form):
    """A tracked item's fields; ``note`` is required once it is published and its status,
    progress or planned cost changes (the service says so on the field)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, lists, links."))
    status = forms.ChoiceField(label=_("Status"), choices=TrackedStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100,
                                  initial=0)
    department = forms.ModelChoiceField(label=_("Responsible department"),
                                        queryset=Area.objects.none(), required=False,
                                        empty_label=_("None"))
    scope = forms.ModelChoiceField(label=_("District"), queryset=Scope.objects.none(),
                                   required=False, empty_label=_("The whole city"))
    planned_cost = AmountField(
        label=_("Planned cost"), required=False,
        help_text=_("In the local currency, e.g. 1 234,50 or 1234.50. Leave empty if not "
                    "known."))
    start_on = forms.DateField(label=_("Start date"), required=False, widget=DateInput(),
                               validators=[within_years])
    end_on = forms.DateField(label=_("End date"), required=False, widget=DateInput(),
                             validators=[within_years])
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9,
                                  decimal_places=6, min_value=-90, max_value=90)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9,
                                   decimal_places=6, min_value=-180, max_value=180)
    note = forms.CharField(
        label=_("Note for the public history"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Once the item is published, say why its status, progress or planned "
                    "cost changes: residents read it in the item's history."))

    def __init__(self, *args: Any, organization: Organization, published: bool = False,
                 departments: set[int] | None = None, **kwargs: Any) -> None:
        """``departments``: the only departments the person may choose (an official's own,
        one of them required); None: any of the organization's (administrators)."""
        super().__init__(*args, **kwargs)
        department = model_choice_field(self, "department")
        department.queryset = Area.objects.filter(organization=organization)
        if departments is not None:
            department.queryset = department.queryset.filter(pk__in=departments)
            department.required = True
        areas = sorted(department.queryset, key=lambda area: str(area).lower())
        department.choices = [("", _("None") if departments is None else _("Choose…")),
                              *((area.pk, str(area)) for area in areas)]
        # The districts as a tree, as the lists' filters show them.
        scope = model_choice_field(self, "scope")
        scope.queryset = Scope.objects.filter(organization=organization)
        scope.choices = [("", _("The whole city")),
                         *scope_tree_choices(list(scope.queryset))]
        if not published:
            del self.fields["note"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error("longitude" if cleaned.get("longitude") is None else "latitude",
                           _("Give both the latitude and the longitude, or neither."))
        return cleaned

    @staticmethod
    def initial_for(item: TrackedItem) -> dict[str, Any]:
        return {name: getattr(item, name) for name in (
            "title", "description", "status", "progress", "department", "scope", "start_on",
            "end_on", "latitude", "longitude")} | {
            "planned_cost": "" if item.planned_cost is None
            else formats.number_format(item.planned_cost, 2, use_l10n=True)}

    def values(self) -> dict[str, Any]:
        """The cleaned fields the services take (without the note)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "note"}


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput(),
                             validators=[within_years])


class ExpenseForm(forms.Form):
    amount = AmountField(label=_("Amount"),
                         help_text=_("In the local currency, e.g. 1 234,50 or 1234.50."))
    spent_on = forms.DateField(label=_("Date"), widget=DateInput(),
                               initial=timezone.localdate, validators=[within_years])
    description = forms.CharField(label=_("What was paid"), max_length=300, required=False)
    document = forms.CharField(
        label=_("Document reference"), max_length=200, required=False,
        help_text=_("An invoice, a payment order or a contract number."))

    def clean_amount(self) -> decimal.Decimal:
        amount = self.cleaned_data.get("amount")
        if amount is None:
            raise forms.ValidationError(_("Enter the amount."), code="required")
        return amount
