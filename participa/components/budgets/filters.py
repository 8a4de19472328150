"""The filters and sorts of the public list of projects, on django-filter: pool, category,
state, a text search over the public title and description, and the sort (by number, cost or
signatures)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from participa.components.budgets.models import BudgetCategory, Pool, ProjectState
from participa.components.budgets.selectors import ListOptions
from participa.spaces.filters import ListFilterSet
from participa.spaces.models import Component

NUMBER, CHEAPEST, DEAREST, SIGNED, NEWEST = "", "cost", "-cost", "signatures", "newest"
ORDERS = {
    NUMBER: ("number",),
    CHEAPEST: ("cost", "number"),
    DEAREST: ("-cost", "number"),
    SIGNED: ("-supports_count", "number"),
    NEWEST: ("-submitted_at", "-number"),
}


def state_choices() -> list[tuple[str, Any]]:
    """Every state but draft (visitors never see drafts)."""
    return [(value, label) for value, label in ProjectState.choices
            if value != ProjectState.DRAFT]


class ProjectFilterSet(ListFilterSet):
    """The list of a component's projects (and of a person's own)."""

    scope = None  # type: ignore[assignment]  # the pool says where
    area = None  # type: ignore[assignment]
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    pool = django_filters.ModelChoiceFilter(label=_("Pool"), queryset=Pool.objects.none(),
                                            empty_label=_("All"))
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=BudgetCategory.objects.none(), empty_label=_("All"))
    state = django_filters.ChoiceFilter(label=_("Status"), choices=[], empty_label=_("All"))
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=[(CHEAPEST, _("Lowest cost")), (DEAREST, _("Highest cost")),
                                     (SIGNED, _("Most signatures")), (NEWEST, _("Newest"))],
        empty_label=_("Number"), method="filter_sort")

    def __init__(self, *args: Any, component: Component | None = None,
                 options: ListOptions | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["state"].extra["choices"] = state_choices()
        self.options = options
        if component is None:
            del self.filters["pool"]
            del self.filters["category"]
            return
        self.filters["pool"].queryset = Pool.objects.filter(edition__component=component)
        self.filters["category"].queryset = BudgetCategory.objects.filter(
            edition__component=component)
        if options is None or not options.signatures:
            self.filters["sort"].extra["choices"] = [
                choice for choice in self.filters["sort"].extra["choices"]
                if choice[0] != SIGNED]

    @property
    def form(self) -> Any:
        if not hasattr(self, "_form"):
            form = super().form
            options = self.options
            if options is not None:
                for name, rows in (("pool", options.pools), ("category", options.categories)):
                    if name in form.fields:
                        # What the select shows, read with the list's options; a chosen
                        # value is still checked against the field's queryset.
                        form.fields[name].widget.choices = [("", _("All")), *rows]
        return self._form

    def filter_text(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        words = value.split()[:10]
        for word in words:
            qs = qs.filter(Q(title_public__icontains=word)
                           | Q(description_public__icontains=word)
                           | Q(address__icontains=word))
        return qs

    def filter_sort(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs  # applied by ``sorted_qs``

    @property
    def order(self) -> str:
        value = (self.data or {}).get("sort", NUMBER)
        return value if value in ORDERS else NUMBER

    def sorted_qs(self) -> QuerySet[Any]:
        return self.filtered_qs.order_by(*ORDERS[self.order])
