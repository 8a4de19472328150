"""The filters of the lists of consultations (public and staff), on the shared
``ListFilterSet``: a consultation's own scope and department, else its space's."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from participa.components.consultations import selectors
from participa.spaces.filters import AreaFilter, ListFilterSet, ScopeTreeFilter, StatusFilter

SCOPE_PATHS = ("scope", "component__space__scope")
AREA_PATHS = ("department", "component__space__area")


class ConsultationFilterSet(ListFilterSet):
    """The public lists: words in the title or summary, status, scope, department."""

    q = django_filters.CharFilter(
        label=_("Search"), max_length=200, method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = StatusFilter(label=_("Status"), choices=selectors.STATUS_CHOICES)
    scope = ScopeTreeFilter(label=_("Scope"), paths=SCOPE_PATHS)
    area = AreaFilter(label=_("Department"), paths=AREA_PATHS)

    def filter_text(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        user = getattr(self.request, "user", None)
        return qs.filter(pk__in=selectors.search_ids(user, self.organization, value))


class ManageConsultationFilterSet(ListFilterSet):
    """The back office's list of a component's consultations: drafts included."""

    status = StatusFilter(label=_("Status"), choices=[
        ("draft", _("Draft, not announced")), *selectors.STATUS_CHOICES,
    ])
    scope = ScopeTreeFilter(label=_("Scope"), paths=SCOPE_PATHS)
    area = AreaFilter(label=_("Department"), paths=AREA_PATHS)
