"""Filters of the back office's lists, on the shared ``ListFilterSet``."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from participa.spaces.filters import AreaFilter, ListFilterSet, ScopeTreeFilter, StatusFilter
from participa.spaces.models import SpaceKind
from participa.spaces.views import STATE_CHOICES


class ManageSpaceFilterSet(ListFilterSet):
    """The spaces a person may manage: type, scope (with the scopes inside it), area, and the
    state of processes (``SpaceQuerySet.with_status()``; assemblies are always active)."""

    kind = django_filters.ChoiceFilter(label=_("Type"), choices=SpaceKind.choices,
                                       empty_label=_("All"))
    scope = ScopeTreeFilter(label=_("Scope"))
    area = AreaFilter(label=_("Area"))
    state = StatusFilter(label=_("State"), choices=STATE_CHOICES)
