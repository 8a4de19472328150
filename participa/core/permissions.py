"""Organization-level access checks. Views never test roles inline; they call these."""

from __future__ import annotations

from typing import Any

from participa.core import person
from participa.core.models import GroupMembership, Organization, RoleKind, User, UserGroup


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active
                and not getattr(user, "deleted_at", None))


def belongs_to(user: Any, org: Organization) -> bool:
    """The person may act in ``org``: registered there, or a superuser."""
    return _active(user) and (user.is_superuser or user.organization_id == org.pk)


def _roles(user: Any, org: Organization) -> list[tuple[str, int | None, int | None]]:
    """``(kind, area_id, scope_id)`` of every organization role ``user`` holds in ``org``:
    read with the signed-in person (``participa/core/person.py``), else one query per request,
    cached on the user object."""
    if not belongs_to(user, org):
        return []
    cache: dict[int, list[tuple[str, int | None, int | None]]] = user.__dict__.setdefault(
        "_participa_roles", {})
    if org.pk not in cache:
        rows = person.fact(user, "roles", None)
        cache[org.pk] = (
            [(kind, area, scope) for org_id, kind, area, scope in rows if org_id == org.pk]
            if rows is not None
            else list(user.roles.filter(organization=org).values_list("kind", "area_id",
                                                                      "scope_id")))
    return cache[org.pk]


def role_kinds(user: Any, org: Organization) -> set[str]:
    """The kinds of organization roles ``user`` holds in ``org`` (cached on the user object)."""
    return {kind for kind, _area, _scope in _roles(user, org)}


def space_roles(user: Any, org: Organization) -> dict[int, str]:
    """``{space id: membership role}`` for every space of ``org`` that ``user`` belongs to:
    one query per request, cached on the user object (spaces' permissions read it too)."""
    if not belongs_to(user, org):
        return {}
    cache: dict[int, dict[int, str]] = user.__dict__.setdefault("_participa_space_roles", {})
    if org.pk not in cache:
        rows = person.fact(user, "space_roles", None)
        cache[org.pk] = (
            {space: role for org_id, space, role in rows if org_id == org.pk}
            if rows is not None
            else dict(user.space_memberships.filter(space__organization=org)
                      .values_list("space_id", "role")))
    return cache[org.pk]


def is_admin(user: Any, org: Organization) -> bool:
    return _active(user) and (user.is_superuser or RoleKind.ADMIN in role_kinds(user, org))


def is_moderator(user: Any, org: Organization) -> bool:
    return is_admin(user, org) or RoleKind.MODERATOR in role_kinds(user, org)


def is_staff_member(user: Any, org: Organization) -> bool:
    """Any organization role (administrator, official, district representative, moderator)."""
    return is_admin(user, org) or bool(role_kinds(user, org))


def _role_ids(user: Any, org: Organization, kind: str, field: str) -> set[int]:
    """The areas or scopes of ``user``'s roles of ``kind`` in ``org`` (no query of its own:
    read from the roles cached on the user object)."""
    ids = {area if field == "area_id" else scope
           for role_kind, area, scope in _roles(user, org) if role_kind == kind}
    return {pk for pk in ids if pk is not None}


def official_area_ids(user: Any, org: Organization) -> set[int]:
    return _role_ids(user, org, RoleKind.OFFICIAL, "area_id")


def representative_scope_ids(user: Any, org: Organization) -> set[int]:
    return _role_ids(user, org, RoleKind.DISTRICT_REPRESENTATIVE, "scope_id")


def can_access_manage(user: Any, org: Organization) -> bool:
    """The back office opens for organization staff and for managers of at least one space."""
    if is_staff_member(user, org):
        return True
    return "manager" in space_roles(user, org).values()


def can_manage_organization(user: Any, org: Organization) -> bool:
    """Settings, scopes, areas, roles, groups' verification, audit log: administrators only."""
    return is_admin(user, org)


def can_view_audit_log(user: Any, org: Organization) -> bool:
    return is_admin(user, org)


def can_create_group(user: Any, org: Organization) -> bool:
    return belongs_to(user, org)


def group_role(user: Any, group: UserGroup) -> str | None:
    if not belongs_to(user, group.organization):
        return None
    membership = group.memberships.filter(
        user=user, status=GroupMembership.Status.ACCEPTED
    ).first()
    return membership.role if membership else None


def can_edit_group(user: Any, group: UserGroup) -> bool:
    return group_role(user, group) == GroupMembership.Role.ADMIN or is_admin(
        user, group.organization
    )


def can_join_group(user: Any, group: UserGroup) -> bool:
    return belongs_to(user, group.organization) and not group.memberships.filter(user=user).exists()


def can_verify_group(user: Any, group: UserGroup) -> bool:
    return is_admin(user, group.organization)


def can_view_profile(viewer: Any, person: User, org: Organization) -> bool:
    """Public profiles exist only within the person's own organization, and not once deleted."""
    return person.organization_id == org.pk and person.is_active and not person.deleted_at


def can_manage_group_members(user: Any, group: UserGroup) -> bool:
    """Answer requests to join, remove members, choose administrators: the group's
    administrators (and the organization's administrators, who look after every group)."""
    return can_edit_group(user, group)


def can_leave_group(user: Any, group: UserGroup) -> bool:
    return belongs_to(user, group.organization) and group.memberships.filter(user=user).exists()


def can_delete_account(user: Any, org: Organization) -> bool:
    """People delete their own account on their organization's site (not superusers: they
    are operators of the whole installation)."""
    return belongs_to(user, org) and not user.is_superuser
