"""Reads of spaces used by views, exports and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from participa.core.models import Organization
from participa.spaces.models import Component, Phase, Space, Visibility
from participa.spaces.permissions import can_manage_space, can_view_space
from participa.spaces.visibility import space_visible_q


def space_list_visible(user: Any, org: Organization) -> QuerySet[Space]:
    """Spaces the visitor may see, with what list pages need prefetched (fixed query count)."""
    qs = Space.objects.filter(space_visible_q(user, org)).select_related(
        "scope", "area", "organization")
    phases = Phase.objects.order_by("position", "start_date", "id")
    return qs.prefetch_related(Prefetch("phases", queryset=phases))


def space_get_for_user(user: Any, org: Organization, slug: str) -> Space | None:
    space = (
        Space.objects.filter(organization=org, slug=slug)
        .select_related("scope", "area", "organization")
        .prefetch_related("phases")
        .first()
    )
    if space is None or not can_view_space(user, space):
        return None
    return space


def component_list_for_space(user: Any, space: Space) -> list[Component]:
    qs = Component.objects.filter(space=space).select_related("space")
    if not can_manage_space(user, space):
        qs = qs.filter(published_at__isnull=False)
    components = list(qs)
    for component in components:
        component.space = space  # reuse the loaded space (and its prefetched phases)
    return components


def public_spaces(org: Organization) -> QuerySet[Space]:
    """Published spaces open to everybody."""
    return Space.objects.filter(organization=org, published_at__isnull=False,
                                visibility=Visibility.PUBLIC)
