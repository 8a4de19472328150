"""Staff writes on the organization, its scopes, areas, roles and groups' verification.

Every function is keyword-only, takes ``acting_user``, runs in a transaction and records an
audit entry (participa/core/audit.py). Bad input raises ``ValidationError`` with a message a
person can act on; the back office shows it next to the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.audit import audited_create, audited_delete, audited_update
from participa.core.models import (
    Area,
    Organization,
    Role,
    RoleKind,
    Scope,
    User,
    UserGroup,
)

ORGANIZATION_FIELDS = (
    "name", "host", "secondary_hosts", "languages", "default_language", "time_zone", "logo",
    "accent_colour", "legal_profile", "description", "accessibility_statement", "privacy_policy",
    "legal_parameters", "redaction_placeholders", "terms_of_use", "terms_version",
    "require_staff_2fa",
)


def _check_org(obj_org_id: int | None, organization: Organization) -> None:
    if obj_org_id != organization.pk:
        raise ValidationError(_("This belongs to another organization."))


# --- Organization -----------------------------------------------------------------------------


@transaction.atomic
def organization_update(
    *, organization: Organization, acting_user: User, values: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Change the organization's settings; returns the changed fields {field: [before, after]}."""
    unknown = set(values) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise ValueError(f"Not an organization setting: {', '.join(sorted(unknown))}")
    fresh = Organization.objects.select_for_update().get(pk=organization.pk)
    return audited_update(fresh, organization=fresh, actor=acting_user,
                          action="organization.update", values=values)


# --- Scopes -----------------------------------------------------------------------------------


def _check_scope_parent(scope_pk: int | None, parent: Scope | None,
                        organization: Organization) -> None:
    if parent is None:
        return
    if parent.organization_id != organization.pk:
        raise ValidationError({"parent": _("Choose a scope of this organization.")})
    if scope_pk is None:
        return
    node: Scope | None = parent
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        if node.pk == scope_pk:
            raise ValidationError({"parent": _(
                "A scope can't be inside itself or inside one of the scopes it contains."
            )})
        seen.add(node.pk)
        node = node.parent


@transaction.atomic
def scope_create(*, organization: Organization, acting_user: User,
                 values: Mapping[str, Any]) -> Scope:
    _check_scope_parent(None, values.get("parent"), organization)
    scope: Scope = audited_create(Scope, organization=organization, actor=acting_user,
                                  action="scope.create",
                                  values={**values, "organization": organization})
    return scope


@transaction.atomic
def scope_update(*, scope: Scope, acting_user: User,
                 values: Mapping[str, Any]) -> dict[str, list[Any]]:
    fresh = Scope.objects.select_for_update().get(pk=scope.pk)
    if "parent" in values:
        _check_scope_parent(fresh.pk, values["parent"], fresh.organization)
    return audited_update(fresh, organization=fresh.organization, actor=acting_user,
                          action="scope.update", values=values)


def scope_delete_blocker(scope: Scope) -> str | None:
    """Why the scope can't be deleted (it still contains scopes or is in use), else None."""
    from participa.spaces.models import Space

    if Scope.objects.filter(parent=scope).exists():
        return str(_("This scope contains other scopes. Move or delete them first."))
    if Space.objects.filter(scope=scope).exists():
        return str(_("Participatory spaces use this scope. Change their scope first."))
    if Role.objects.filter(scope=scope).exists():
        return str(_("District representatives are bound to this scope. Revoke those roles "
                     "first."))
    return None


@transaction.atomic
def scope_delete(*, scope: Scope, acting_user: User) -> None:
    fresh = Scope.objects.select_for_update().get(pk=scope.pk)
    blocker = scope_delete_blocker(fresh)
    if blocker:
        raise ValidationError(blocker)
    audited_delete(fresh, organization=fresh.organization, actor=acting_user,
                   action="scope.delete")


# --- Areas ------------------------------------------------------------------------------------


@transaction.atomic
def area_create(*, organization: Organization, acting_user: User,
                values: Mapping[str, Any]) -> Area:
    area: Area = audited_create(Area, organization=organization, actor=acting_user,
                                action="area.create",
                                values={**values, "organization": organization})
    return area


@transaction.atomic
def area_update(*, area: Area, acting_user: User,
                values: Mapping[str, Any]) -> dict[str, list[Any]]:
    fresh = Area.objects.select_for_update().get(pk=area.pk)
    return audited_update(fresh, organization=fresh.organization, actor=acting_user,
                          action="area.update", values=values)


def area_delete_blocker(area: Area) -> str | None:
    from participa.spaces.models import Space

    if Space.objects.filter(area=area).exists():
        return str(_("Participatory spaces use this area. Change their area first."))
    if Role.objects.filter(area=area).exists():
        return str(_("Officials are bound to this area. Revoke those roles first."))
    return None


@transaction.atomic
def area_delete(*, area: Area, acting_user: User) -> None:
    fresh = Area.objects.select_for_update().get(pk=area.pk)
    blocker = area_delete_blocker(fresh)
    if blocker:
        raise ValidationError(blocker)
    audited_delete(fresh, organization=fresh.organization, actor=acting_user,
                   action="area.delete")


# --- Roles ------------------------------------------------------------------------------------


@transaction.atomic
def role_assign(
    *, organization: Organization, acting_user: User, user: User, kind: str,
    area: Area | None = None, scope: Scope | None = None,
) -> Role:
    """Give ``user`` an organization role. Officials need an area, representatives a scope."""
    if user.organization_id != organization.pk or user.deleted_at is not None:
        raise ValidationError({"email": _("No person with this e-mail address is registered "
                                          "here.")})
    if kind not in RoleKind.values:
        raise ValidationError({"kind": _("Choose a role.")})
    if kind == RoleKind.OFFICIAL:
        if area is None:
            raise ValidationError({"area": _("An official is bound to an area: choose one.")})
        _check_org(area.organization_id, organization)
        scope = None
    elif kind == RoleKind.DISTRICT_REPRESENTATIVE:
        if scope is None:
            raise ValidationError({"scope": _(
                "A district representative is bound to a scope: choose one."
            )})
        _check_org(scope.organization_id, organization)
        area = None
    else:
        area = scope = None
    if Role.objects.filter(organization=organization, user=user, kind=kind, area=area,
                           scope=scope).exists():
        raise ValidationError(_("This person already has this role."))
    role: Role = audited_create(
        Role, organization=organization, actor=acting_user, action="role.assign",
        values={"organization": organization, "user": user, "kind": kind, "area": area,
                "scope": scope},
    )
    return role


@transaction.atomic
def role_revoke(*, role: Role, acting_user: User) -> None:
    fresh = Role.objects.select_for_update().select_related("user").get(pk=role.pk)
    if fresh.kind == RoleKind.ADMIN and not Role.objects.filter(
        organization_id=fresh.organization_id, kind=RoleKind.ADMIN
    ).exclude(pk=fresh.pk).exists():
        raise ValidationError(_("This is the last administrator of the organization; assign "
                                "another administrator first."))
    org = Organization.objects.get(pk=fresh.organization_id)
    audited_delete(fresh, organization=org, actor=acting_user, action="role.revoke")


# --- Groups' verification ---------------------------------------------------------------------


@transaction.atomic
def group_verify(*, group: UserGroup, acting_user: User) -> UserGroup:
    """Mark the group as verified by the organization (e.g. an NGO checked in the register)."""
    fresh = UserGroup.objects.select_for_update().get(pk=group.pk)
    if fresh.verified_at is None:
        audited_update(fresh, organization=fresh.organization, actor=acting_user,
                       action="group.verify",
                       values={"verified_at": timezone.now(), "verified_by": acting_user})
    return fresh


@transaction.atomic
def group_unverify(*, group: UserGroup, acting_user: User) -> UserGroup:
    fresh = UserGroup.objects.select_for_update().get(pk=group.pk)
    if fresh.verified_at is not None:
        audited_update(fresh, organization=fresh.organization, actor=acting_user,
                       action="group.unverify", values={"verified_at": None, "verified_by": None})
    return fresh
