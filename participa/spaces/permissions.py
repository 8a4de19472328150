"""Who may see and run participatory spaces and their components."""

from __future__ import annotations

from typing import Any

from participa.core import permissions as core_permissions
from participa.spaces.models import Component, Space, SpaceMembership, Visibility


def _membership_role(user: Any, space: Space) -> str | None:
    return core_permissions.space_roles(user, space.organization).get(space.pk)


def is_space_manager(user: Any, space: Space) -> bool:
    return _membership_role(user, space) == SpaceMembership.Role.MANAGER


def is_space_member(user: Any, space: Space) -> bool:
    return _membership_role(user, space) is not None


def _staff_for_space(user: Any, space: Space) -> bool:
    """Organization staff who may see every space: administrators, moderators, officials of
    the space's area and representatives of its scope."""
    org = space.organization
    if core_permissions.is_moderator(user, org):
        return True
    if space.area_id and space.area_id in core_permissions.official_area_ids(user, org):
        return True
    return bool(
        space.scope_id
        and space.scope_id in core_permissions.representative_scope_ids(user, org)
    )


def can_manage_space(user: Any, space: Space) -> bool:
    """Edit the space, its phases, components and members."""
    org = space.organization
    if core_permissions.is_admin(user, org) or is_space_manager(user, space):
        return True
    return bool(space.area_id and space.area_id in core_permissions.official_area_ids(user, org))


def can_view_space(user: Any, space: Space) -> bool:
    """Published public spaces: everyone. Members-only: members and staff. Unpublished: those
    who run it."""
    if not space.is_published:
        return can_manage_space(user, space) or _staff_for_space(user, space)
    if space.visibility == Visibility.PUBLIC:
        return True
    return is_space_member(user, space) or _staff_for_space(user, space)


def can_create_space(user: Any, org: Any) -> bool:
    return core_permissions.is_admin(user, org) or bool(
        core_permissions.official_area_ids(user, org)
    )


def can_view_component(user: Any, component: Component) -> bool:
    space = component.space
    if not can_view_space(user, space):
        return False
    return component.is_published or can_manage_space(user, space)


def can_manage_component(user: Any, component: Component) -> bool:
    return can_manage_space(user, component.space)


def can_delete_space(user: Any, space: Space) -> bool:
    """Deleting a whole space is for those who may create spaces there (administrators and
    officials of its area), not for its space managers."""
    org = space.organization
    if core_permissions.is_admin(user, org):
        return True
    return bool(space.area_id and space.area_id in core_permissions.official_area_ids(user, org))


def can_manage_space_members(user: Any, space: Space) -> bool:
    return can_manage_space(user, space)
