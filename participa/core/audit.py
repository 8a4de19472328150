"""The audit log: every write records actor, action, object, changed fields and time.

An entry holds field NAMES and references, never free text or personal values: the value of a
text field (a comment's body, a contribution, a justification, a name or an e-mail address) is
replaced by ``None`` — the entry says *that* the field changed, not what it said. Values of
non-personal fields stay: dates, states and other choices, numbers, ids, flags, short codes and
the translated titles staff give to public things. ``object_repr`` keeps the title only of the
public, staff-named objects listed in ``LABELLED_OBJECTS``; for every other object the entry
refers to it by type and id. Reads are not audited.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.module_loading import import_string

from participa.core import pagecache
from participa.core.actions import AuditAction, known_action
from participa.core.journal import Notice, Public, known_journal_action
from participa.core.models import AuditEntry, JournalEntry, Organization, User

__all__ = ["AuditAction", "Notice", "Public", "audit_record", "audited_create",
           "audited_delete", "audited_update", "diff", "record", "snapshot"]

# ``core`` sits below the notifications app (import-linter's layers), so it names the sender
# instead of importing it: the one notification machinery, resolved when first needed.
NOTIFY = "participa.notifications.services.notify"


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


# Objects whose ``str()`` is a public title given by staff, kept as the entry's label.
LABELLED_OBJECTS = frozenset({
    "core.organization", "core.scope", "core.area", "spaces.space", "spaces.phase",
    "spaces.component",
})

# Short text fields that name or describe a person (text fields and e-mails are always left out).
PERSONAL_FIELDS = frozenset({
    ("core.user", "username"), ("core.user", "first_name"), ("core.user", "last_name"),
    ("core.user", "display_name"), ("core.user", "legal_name"),
})

# A value kept for a key that is not a field: a code, a state, a date — no spaces, no "@".
_CODE = re.compile(r"^[A-Za-z0-9_.:+\-]{0,64}$")


def _is_free_text(field: Any) -> bool:
    """Whether a model field holds text a person wrote or personal data (never stored)."""
    if isinstance(field, models.TextField | models.EmailField):
        return True
    return (field.model._meta.label_lower, field.name) in PERSONAL_FIELDS


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return value if _CODE.match(value) else None
    if isinstance(value, dict):
        return {str(k): _redact_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_value(v) for v in value]
    return value


def redact_changes(model: type[models.Model], changes: Mapping[str, Any]) -> dict[str, Any]:
    """``changes`` without free text or personal values: see the module's docstring."""
    fields = {f.name: f for f in model._meta.get_fields() if hasattr(f, "attname")}
    result: dict[str, Any] = {}
    for name, value in changes.items():
        field = fields.get(name)
        if field is None:
            result[name] = _redact_value(value)
        elif _is_free_text(field):
            result[name] = None
        else:
            result[name] = value
    return result


def reference(obj: models.Model) -> str:
    """The label kept in ``object_repr``: a public title, or nothing (type and id suffice)."""
    if obj._meta.label_lower in LABELLED_OBJECTS:
        return str(obj)[:200]
    return ""


def audit_record(
    *,
    organization: Organization | None,
    actor: User | None,
    action: models.TextChoices,
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Record one write in the audit log. ``action`` is a member of ``AuditAction`` or of a
    component's declared enumeration (``ComponentSpec.audit_actions``); any other value is
    refused."""
    if not known_action(action):
        raise ValueError(f"Unknown audit action {str(action)!r}: declare it in an enumeration "
                         "(core's AuditAction or the component's audit_actions).")
    entry = AuditEntry.objects.create(
        organization=organization,
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk or ""),
        object_repr=reference(obj),
        changes=redact_changes(obj._meta.model, changes or {}),
    )
    # Every write goes through a service that records it here, including the writes that
    # bypass model signals (QuerySet.update, bulk_create): visitors' cached pages of the
    # organization are made stale now and again on commit.
    if organization is not None:
        pagecache.invalidate(organization)
    return entry


def record(
    *,
    organization: Organization | None,
    actor: User | None,
    action: models.TextChoices,
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
    public: Sequence[Public] = (),
    notice: Notice | None = None,
) -> AuditEntry:
    """Record one write, in the caller's transaction: the audit entry, the public journal
    entries when the action is public (``public``), and the notifications (``notice``: the
    rows now, the e-mails once the transaction commits)."""
    unknown = [str(line.action) for line in public if not known_journal_action(line.action)]
    if unknown:
        raise ValueError(f"Unknown journal action {unknown[0]!r}: declare it in the component's "
                         "journal_actions.")
    if public and organization is None:
        raise ValueError("A public journal entry belongs to an organization.")
    entry = audit_record(organization=organization, actor=actor, action=action, obj=obj,
                         changes=changes)
    if public:
        now = entry.created_at
        JournalEntry.objects.bulk_create([
            JournalEntry(organization=organization, space_id=line.space_id,
                         component_id=line.component_id,
                         item_type=line.item._meta.label_lower, item_id=str(line.item.pk),
                         action=line.action, params=_jsonable(dict(line.params)),
                         url=line.url[:500], created_at=now)
            for line in public
        ], batch_size=1000)
    if notice is not None:
        notify = import_string(NOTIFY)
        notify(event=notice.event, target=notice.target, actor=actor,
               extra=dict(notice.extra or {}), also=notice.also,
               followers=notice.followers)
    return entry


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
    action: models.TextChoices,
    values: Mapping[str, Any],
    public: Sequence[Public] = (),
    notice: Notice | None = None,
) -> Any:
    """Create ``model(**values)`` after full validation and record the audit entry."""
    obj = model(**values)
    obj.full_clean()
    obj.save()
    after = snapshot(obj, _editable_fields(obj))
    record(organization=organization, actor=actor, action=action, obj=obj,
           changes=diff({}, after), public=public, notice=notice)
    return obj


@transaction.atomic
def audited_update(
    obj: models.Model,
    *,
    organization: Organization | None,
    actor: User | None,
    action: models.TextChoices,
    values: Mapping[str, Any],
    public: Sequence[Public] = (),
    notice: Notice | None = None,
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
        record(organization=organization, actor=actor, action=action, obj=obj,
               changes=changes, public=public, notice=notice)
    return changes


@transaction.atomic
def audited_delete(
    obj: models.Model,
    *,
    organization: Organization | None,
    actor: User | None,
    action: models.TextChoices,
) -> None:
    before = snapshot(obj, _editable_fields(obj))
    audit_record(organization=organization, actor=actor, action=action, obj=obj,
                 changes=diff(before, {}))
    obj.delete()
