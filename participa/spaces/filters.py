"""The filters every list page shares (public and staff): scope (with the scopes inside it),
area, and status, on ``django-filter``.

A list declares a ``ListFilterSet`` subclass: it keeps ``scope`` and ``area`` (pointing them at
its own fields when they differ) and adds a ``StatusFilter`` whose values its queryset's
``filter_status()`` understands. The list's queryset comes from the selector that decides what
the visitor may see; the filter set only narrows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from participa.core.models import Area, Organization, Scope


def scope_tree_choices(scopes: list[Scope]) -> list[tuple[int, str]]:
    """Scopes as a tree (city, then its zones, then their neighbourhoods), sorted by name at
    each level and indented with non-breaking spaces (read aloud as just the name)."""
    children: dict[int | None, list[Scope]] = {}
    known = {scope.pk for scope in scopes}
    for scope in scopes:
        parent = scope.parent_id if scope.parent_id in known else None
        children.setdefault(parent, []).append(scope)
    choices: list[tuple[int, str]] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for scope in sorted(children.get(parent, []), key=lambda item: str(item).lower()):
            if scope.pk in seen:
                continue
            seen.add(scope.pk)
            choices.append((scope.pk, "\u00a0\u00a0\u00a0" * depth + str(scope)))
            walk(scope.pk, depth + 1)

    walk(None, 0)
    return choices


def limit_scope_and_area(form: forms.Form, organization: Organization) -> None:
    """Limit the form's ``scope`` and ``area`` choice fields (those it has) to the
    organization's, the options in a readable order: the scopes as a tree, the areas by name
    (one query each, whatever the list's length)."""
    scope_field = form.fields.get("scope")
    if isinstance(scope_field, forms.ModelChoiceField):
        scope_field.queryset = Scope.objects.filter(organization=organization)
        scope_field.choices = [("", _("All")), *scope_tree_choices(list(scope_field.queryset))]
    area_field = form.fields.get("area")
    if isinstance(area_field, forms.ModelChoiceField):
        area_field.queryset = Area.objects.filter(organization=organization)
        areas = sorted(area_field.queryset, key=lambda area: str(area).lower())
        area_field.choices = [("", _("All")), *((area.pk, str(area)) for area in areas)]


def first_set_in(paths: Sequence[str], values: Any) -> Q:
    """Rows whose first non-empty foreign key among ``paths`` is in ``values`` (an item's own
    scope, else its space's)."""
    condition = Q()
    empty_before = Q()
    for path in paths:
        condition |= empty_before & Q(**{f"{path}__in": values})
        empty_before &= Q(**{f"{path}__isnull": True})
    return condition


class ScopeTreeFilter(django_filters.ModelChoiceFilter):
    """The chosen scope and every scope inside it (scopes are a tree)."""

    field_class = forms.ModelChoiceField  # plain Django's: its options can be set

    def __init__(self, *args: Any, paths: Sequence[str] = ("scope",), **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Scope.objects.none())
        super().__init__(*args, **kwargs)
        self.paths = tuple(paths)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(first_set_in(self.paths, value.descendant_ids()))


class AreaFilter(django_filters.ModelChoiceFilter):
    """One area (policy area, department)."""

    field_class = forms.ModelChoiceField

    def __init__(self, *args: Any, paths: Sequence[str] = ("area",), **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Area.objects.none())
        super().__init__(*args, **kwargs)
        self.paths = tuple(paths)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(first_set_in(self.paths, [value.pk]))


class StatusFilter(django_filters.ChoiceFilter):
    """One status, as the queryset's ``filter_status()`` computes it in the database (the
    same value the rows show)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", _("All"))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter_status(value)  # type: ignore[attr-defined]


class ListFilterSet(django_filters.FilterSet):
    """Scope and area filters limited to one organization, their options in a readable order
    (the scopes as a tree); subclasses add their status filter.

    ``data`` is the query string without empty values and without ``page`` (``None`` when
    nothing is chosen: the form is then unbound and shows no errors).
    """

    scope = ScopeTreeFilter(label=_("Scope"))
    area = AreaFilter(label=_("Area"))

    def __init__(self, data: Any = None, queryset: QuerySet[Any] | None = None, *,
                 organization: Organization, request: Any = None) -> None:
        super().__init__(data, queryset, request=request)
        self.organization = organization

    @classmethod
    def from_request(cls, request: Any, queryset: QuerySet[Any], *,
                     organization: Organization, **kwargs: Any) -> ListFilterSet:
        params = {key: value for key, value in request.GET.items() if key != "page" and value}
        return cls(params or None, queryset, organization=organization, request=request,
                   **kwargs)

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            limit_scope_and_area(super().form, self.organization)
        return self._form

    @property
    def filtered_qs(self) -> QuerySet[Any]:
        """The filtered rows; none when a chosen value is not valid (an unknown scope, a
        scope of another organization): the form says why."""
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return self.qs
