"""The audit log: every staff write records actor, action, object, changes and time."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from participa.core.actions import AuditAction
from participa.core.models import AuditEntry, Organization, User


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` (foreign keys by id), ready for JSON."""
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        data[name] = _jsonable(getattr(obj, attname))
    return data


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for every field whose value changed."""
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {
        key: [before.get(key), after.get(key)]
        for key in keys
        if before.get(key) != after.get(key)
    }


def audit_record(
    *,
    organization: Organization | None,
    actor: User | None,
    action: AuditAction,
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        organization=organization,
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:200],
        changes=dict(changes or {}),
    )


def _editable_fields(obj: models.Model) -> list[str]:
    return [
        f.name for f in obj._meta.concrete_fields
        if f.editable and not f.primary_key and f.name != "password"
    ]


@transaction.atomic
def audited_create(
    model: type[models.Model],
    *,
    organization: Organization | None,
    actor: User | None,
    action: AuditAction,
    values: Mapping[str, Any],
) -> Any:
    """Create ``model(**values)`` after full validation and record the audit entry."""
    obj = model(**values)
    obj.full_clean()
    obj.save()
    after = snapshot(obj, _editable_fields(obj))
    audit_record(organization=organization, actor=actor, action=action, obj=obj,
                 changes=diff({}, after))
    return obj


@transaction.atomic
def audited_update(
    obj: models.Model,
    *,
    organization: Organization | None,
    actor: User | None,
    action: AuditAction,
    values: Mapping[str, Any],
) -> dict[str, list[Any]]:
    """Apply ``values`` to ``obj``, validate, save and audit the changed fields only."""
    fields = _editable_fields(obj)
    before = snapshot(obj, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    changes = diff(before, snapshot(obj, fields))
    if changes:
        audit_record(organization=organization, actor=actor, action=action, obj=obj,
                     changes=changes)
    return changes


@transaction.atomic
def audited_delete(
    obj: models.Model,
    *,
    organization: Organization | None,
    actor: User | None,
    action: AuditAction,
) -> None:
    before = snapshot(obj, _editable_fields(obj))
    audit_record(organization=organization, actor=actor, action=action, obj=obj,
                 changes=diff(before, {}))
    obj.delete()
