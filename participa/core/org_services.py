"""Staff writes on the organization, its scopes, areas, roles and groups' verification.

Every function is keyword-only, takes ``acting_user``, runs in a transaction and records an
audit entry (participa/core/audit.py). Bad input raises ``ValidationError`` with a message a
person can act on; the back office shows it next to the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from participa.core.actions import AuditAction
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
    "legal_parameters", "redaction_placeholders", "redaction_keep_officials", "terms_of_use",
    "terms_version", "require_staff_2fa",
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
                          action=AuditAction.ORGANIZATION_UPDATE, values=values)


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
                                  action=AuditAction.SCOPE_CREATE,
                                  values={**values, "organization": organization})
    return scope


@transaction.atomic
def scope_update(*, scope: Scope, acting_user: User,
                 values: Mapping[str, Any]) -> dict[str, list[Any]]:
    fresh = Scope.objects.select_for_update().get(pk=scope.pk)
    if "parent" in values:
        _check_scope_parent(fresh.pk, values["parent"], fresh.organization)
    return audited_update(fresh, organization=fresh.organization, actor=acting_user,
                          action=AuditAction.SCOPE_UPDATE, values=values)


USAGE_EXAMPLES = 5


def _usage_label(row: models.Model) -> str:
    if isinstance(row, Role):
        return f"{row.user.public_name}: {row.get_kind_display()}"
    return str(row)


def uses_of(obj: models.Model) -> list[str]:
    """Everything that still points at ``obj`` through a protected reference (a foreign key
    with PROTECT or RESTRICT, in any app): "Consultations (2): Parking fees, Parks", the first
    few named. Read from the models, so a new app's references are listed too."""
    found = []
    for relation in obj._meta.get_fields(include_hidden=True):  # related_name="+" too
        if not isinstance(relation, models.ForeignObjectRel) or relation.many_to_many:
            continue
        if relation.on_delete not in (models.PROTECT, models.RESTRICT):
            continue
        model = relation.related_model
        rows = model._default_manager.filter(**{relation.field.name: obj}).order_by("pk")
        if model is Role:
            rows = rows.select_related("user", "area", "scope")
        count = rows.count()
        if not count:
            continue
        names = ", ".join(_usage_label(row) for row in rows[:USAGE_EXAMPLES])
        if count > USAGE_EXAMPLES:
            more = count - USAGE_EXAMPLES
            names += " " + ngettext("and %(count)s more", "and %(count)s more",
                                    more) % {"count": more}
        label = (_("scopes inside it") if model is type(obj)  # the scopes inside a scope
                 else model._meta.verbose_name_plural)
        found.append(f"{capfirst(label)} ({count}): {names}")
    return found


def _blocker(reason: str, uses: list[str]) -> str:
    return str(_("%(reason)s In use by: %(uses)s.") % {"reason": reason,
                                                       "uses": "; ".join(uses)})


def scope_delete_blocker(scope: Scope) -> str | None:
    """Why the scope can't be deleted (it still contains scopes or is in use, with everything
    that uses it listed), else None."""
    uses = uses_of(scope)
    if not uses:
        return None
    if Scope.objects.filter(parent=scope).exists():
        reason = _("This scope contains other scopes. Move or delete them first.")
    elif scope.spaces.exists():  # spaces.Space.scope (core never imports spaces)
        reason = _("Participatory spaces use this scope. Change their scope first.")
    elif Role.objects.filter(scope=scope).exists():
        reason = _("District representatives are bound to this scope. Revoke those roles "
                   "first.")
    else:
        reason = _("This scope is in use. Change or remove what uses it first.")
    return _blocker(str(reason), uses)


@transaction.atomic
def scope_delete(*, scope: Scope, acting_user: User) -> None:
    fresh = Scope.objects.select_for_update().get(pk=scope.pk)
    blocker = scope_delete_blocker(fresh)
    if blocker:
        raise ValidationError(blocker)
    try:
        audited_delete(fresh, organization=fresh.organization, actor=acting_user,
                       action=AuditAction.SCOPE_DELETE)
    except (ProtectedError, RestrictedError) as error:  # a reference added since the check
        raise ValidationError(scope_delete_blocker(fresh) or str(error)) from error


# --- Areas ------------------------------------------------------------------------------------


@transaction.atomic
def area_create(*, organization: Organization, acting_user: User,
                values: Mapping[str, Any]) -> Area:
    area: Area = audited_create(Area, organization=organization, actor=acting_user,
                                action=AuditAction.AREA_CREATE,
                                values={**values, "organization": organization})
    return area


@transaction.atomic
def area_update(*, area: Area, acting_user: User,
                values: Mapping[str, Any]) -> dict[str, list[Any]]:
    fresh = Area.objects.select_for_update().get(pk=area.pk)
    return audited_update(fresh, organization=fresh.organization, actor=acting_user,
                          action=AuditAction.AREA_UPDATE, values=values)


def area_delete_blocker(area: Area) -> str | None:
    """Why the area can't be deleted (everything that uses it listed), else None."""
    uses = uses_of(area)
    if not uses:
        return None
    if area.spaces.exists():  # spaces.Space.area (core never imports spaces)
        reason = _("Participatory spaces use this area. Change their area first.")
    elif Role.objects.filter(area=area).exists():
        reason = _("Officials are bound to this area. Revoke those roles first.")
    else:
        reason = _("This area is in use. Change or remove what uses it first.")
    return _blocker(str(reason), uses)


@transaction.atomic
def area_delete(*, area: Area, acting_user: User) -> None:
    fresh = Area.objects.select_for_update().get(pk=area.pk)
    blocker = area_delete_blocker(fresh)
    if blocker:
        raise ValidationError(blocker)
    try:
        audited_delete(fresh, organization=fresh.organization, actor=acting_user,
                       action=AuditAction.AREA_DELETE)
    except (ProtectedError, RestrictedError) as error:  # a reference added since the check
        raise ValidationError(area_delete_blocker(fresh) or str(error)) from error


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
        Role, organization=organization, actor=acting_user, action=AuditAction.ROLE_ASSIGN,
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
    audited_delete(fresh, organization=org, actor=acting_user, action=AuditAction.ROLE_REVOKE)


# --- Groups' verification ---------------------------------------------------------------------


@transaction.atomic
def group_verify(*, group: UserGroup, acting_user: User) -> UserGroup:
    """Mark the group as verified by the organization (e.g. an NGO checked in the register)."""
    fresh = UserGroup.objects.select_for_update().get(pk=group.pk)
    if fresh.verified_at is None:
        audited_update(fresh, organization=fresh.organization, actor=acting_user,
                       action=AuditAction.GROUP_VERIFY,
                       values={"verified_at": timezone.now(), "verified_by": acting_user})
    return fresh


@transaction.atomic
def group_unverify(*, group: UserGroup, acting_user: User) -> UserGroup:
    fresh = UserGroup.objects.select_for_update().get(pk=group.pk)
    if fresh.verified_at is not None:
        audited_update(fresh, organization=fresh.organization, actor=acting_user,
                       action=AuditAction.GROUP_UNVERIFY,
                       values={"verified_at": None, "verified_by": None})
    return fresh
