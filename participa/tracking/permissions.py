"""Who may see and run tracked items.

The public sees a published item (and, for an item inside a component, only where the
component is visible: ``participa/spaces/visibility.py``). The organization's administrators
and the officials of the item's responsible department run it: they see it before
publication, edit it, add milestones and expenses, publish it and manage its photos.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from participa.core import permissions as core_permissions
from participa.core.models import Area, Organization
from participa.spaces import visibility
from participa.tracking.models import TrackedItem


def managed_q(user: Any, org: Organization) -> Q:
    """The tracked items of ``org`` the person runs (a ``Q`` on ``TrackedItem``)."""
    if core_permissions.is_admin(user, org):
        return Q(organization=org, pk__isnull=False)
    areas = core_permissions.official_area_ids(user, org)
    if not areas:
        return Q(pk__in=[])
    return Q(organization=org, department_id__in=areas)


def tracked_visible_q(user: Any, org: Organization) -> Q:
    """What the person may see: published items (inside a visible component, when they
    belong to one), and every item they run."""
    public = Q(published_at__isnull=False) & (
        Q(component__isnull=True) | visibility.component_visible_q(user, org, "component__"))
    return Q(organization=org) & (public | managed_q(user, org))


def can_manage_tracking(user: Any, org: Organization) -> bool:
    """The back office of tracked items opens for administrators and officials."""
    return core_permissions.is_admin(user, org) or bool(
        core_permissions.official_area_ids(user, org))


def can_track_for(user: Any, org: Organization, department: Area | None) -> bool:
    """Create a tracked item with ``department`` responsible: administrators for any, an
    official for their own department."""
    if core_permissions.is_admin(user, org):
        return True
    return department is not None and department.organization_id == org.pk and (
        department.pk in core_permissions.official_area_ids(user, org))


def can_manage_tracked_item(user: Any, item: TrackedItem) -> bool:
    """Edit, publish, add milestones, expenses and photos: administrators and officials of
    the responsible department."""
    org = item.organization
    if core_permissions.is_admin(user, org):
        return True
    return item.department_id is not None and (
        item.department_id in core_permissions.official_area_ids(user, org))


def can_view_tracked_item(user: Any, item: TrackedItem) -> bool:
    return visibility.can_view(user, item)
