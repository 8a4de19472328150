"""Access helpers of the back office: return the object the person may manage, or 404.

"Missing" and "not allowed" answer the same 404. Components' staff views (``manage_views.py``)
use ``get_managed_component_or_404``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from participa.core import permissions as core_permissions
from participa.core.models import Organization
from participa.spaces import permissions as space_permissions
from participa.spaces.models import Component, Space, SpaceMembership


def organization_of(request: HttpRequest) -> Organization:
    org = getattr(request, "organization", None)
    if org is None:
        raise Http404
    return org


def require_manage_access(request: HttpRequest) -> Organization:
    org = organization_of(request)
    if not core_permissions.can_access_manage(request.user, org):
        raise Http404
    return org


def require_organization_admin(request: HttpRequest) -> Organization:
    """Organization settings, scopes, areas, roles, groups' verification."""
    org = organization_of(request)
    if not core_permissions.can_manage_organization(request.user, org):
        raise Http404
    return org


def require_audit_log(request: HttpRequest) -> Organization:
    org = organization_of(request)
    if not core_permissions.can_view_audit_log(request.user, org):
        raise Http404
    return org


def get_managed_space_or_404(request: HttpRequest, slug: str) -> Space:
    org = organization_of(request)
    space = (
        Space.objects.filter(organization=org, slug=slug)
        .select_related("organization", "scope", "area", "active_phase_manual")
        .first()
    )
    if space is None or not space_permissions.can_manage_space(request.user, space):
        raise Http404
    return space


def get_managed_component_or_404(request: HttpRequest, space_slug: str, component_id: int,
                                 component_type: str) -> Any:
    """The component of ``component_type`` if the person may manage its space; else 404."""
    space = get_managed_space_or_404(request, space_slug)
    component = Component.objects.filter(
        space=space, pk=component_id, type=component_type
    ).first()
    if component is None:
        raise Http404
    component.space = space
    return component


def space_list_manageable(user: Any, org: Organization) -> QuerySet[Space]:
    """Spaces the person may manage: all for administrators; officials' areas; their spaces."""
    qs = Space.objects.filter(organization=org).select_related("scope", "area")
    if core_permissions.is_admin(user, org):
        return qs
    if not core_permissions.belongs_to(user, org):
        return qs.none()
    areas = core_permissions.official_area_ids(user, org)
    managed = SpaceMembership.objects.filter(
        user=user, role=SpaceMembership.Role.MANAGER, space__organization=org
    ).values("space_id")
    from django.db.models import Q

    return qs.filter(Q(area_id__in=areas) | Q(pk__in=managed))
