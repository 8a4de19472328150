"""Who may download component exports and rebuild the open-data ZIP."""

from __future__ import annotations

from typing import Any

from participa.core import permissions as core_permissions
from participa.core.models import Organization
from participa.spaces.models import Component
from participa.spaces.permissions import can_manage_component


def can_export_component(user: Any, component: Component) -> bool:
    """Staff exports contain everything of the component (unpublished too): those who run it."""
    return can_manage_component(user, component)


def can_rebuild_open_data(user: Any, org: Organization) -> bool:
    return core_permissions.can_manage_organization(user, org)
