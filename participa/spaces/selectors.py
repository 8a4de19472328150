"""Reads of spaces used by views, exports and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from participa.core import permissions as core_permissions
from participa.core.models import Organization
from participa.spaces.models import Component, Phase, Space, SpaceMembership, Visibility


def space_list_visible(user: Any, org: Organization) -> QuerySet[Space]:
    """Spaces the visitor may see, with what list pages need prefetched (fixed query count)."""
    qs = Space.objects.filter(organization=org).select_related("scope", "area", "organization")
    if not core_permissions.is_moderator(user, org):
        visible: Any = Q(published_at__isnull=False, visibility=Visibility.PUBLIC)
        if core_permissions.belongs_to(user, org):
            member = SpaceMembership.objects.filter(space=OuterRef("pk"), user=user)
            visible |= Q(published_at__isnull=False) & Exists(member)
            visible |= Exists(member.filter(role=SpaceMembership.Role.MANAGER))
            areas = core_permissions.official_area_ids(user, org)
            scopes = core_permissions.representative_scope_ids(user, org)
            if areas:
                visible |= Q(area_id__in=areas)
            if scopes:
                visible |= Q(scope_id__in=scopes)
        qs = qs.filter(visible)
    phases = Phase.objects.order_by("position", "start_date", "id")
    return qs.prefetch_related(Prefetch("phases", queryset=phases))


def space_get_for_user(user: Any, org: Organization, slug: str) -> Space | None:
    from participa.spaces.permissions import can_view_space

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
    from participa.spaces.permissions import can_manage_space

    qs = Component.objects.filter(space=space).select_related("space")
    if not can_manage_space(user, space):
        qs = qs.filter(published_at__isnull=False)
    components = list(qs)
    for component in components:
        component.space = space  # reuse the loaded space (and its prefetched phases)
    return components
