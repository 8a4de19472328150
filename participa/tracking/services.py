"""Every write of tracked items: typed, keyword-only, atomic, audited.

A refusal is a ``ValidationError`` (its messages in the person's language, on the form's
fields) or ``PermissionDenied`` (the person does not run the item: the views answer 404).
Once an item is published, a change of its status, progress or planned cost needs a note,
and each such change writes a line of its public history (``TrackingUpdate``) and tells its
followers. ``TrackedItem.spent`` is the sum of its expenses: the expense services lock the
item's row and recompute it.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.core.actions import AuditAction
from participa.core.audit import audited_create, audited_delete, audited_update
from participa.core.journal import Notice
from participa.core.models import Area, Organization, Scope, User
from participa.notifications.models import Follow
from participa.notifications.services import notify
from participa.spaces.models import Component
from participa.spaces.registry import item_spec_for
from participa.tracking.models import (
    Expense,
    Milestone,
    TrackedItem,
    TrackedStatus,
    TrackingUpdate,
)
from participa.tracking.permissions import can_manage_tracked_item, can_track_for
from participa.tracking.selectors import tracked_for

__all__ = [
    "expense_add", "expense_delete", "milestone_add", "milestone_complete", "milestone_delete",
    "tracked_for", "tracked_item_create", "tracked_item_publish", "tracked_item_update",
]

# The fields staff edit (``tracked_item_update``); those whose change, once published, needs
# a note and goes into the public history.
EDITABLE = frozenset({
    "title", "description", "status", "progress", "department", "scope", "planned_cost",
    "start_on", "end_on", "latitude", "longitude",
})
NOTED = ("status", "progress", "planned_cost")


def _check_belongs(organization: Organization, *, component: Component | None = None,
                   department: Area | None = None, scope: Scope | None = None) -> None:
    errors: dict[str, str] = {}
    if component is not None and component.space.organization_id != organization.pk:
        errors["component"] = _("Choose a component of this organization.")
    if department is not None and department.organization_id != organization.pk:
        errors["department"] = _("Choose a department of this organization.")
    if scope is not None and scope.organization_id != organization.pk:
        errors["scope"] = _("Choose a district of this organization.")
    if errors:
        raise ValidationError(errors)


def _check_manages(acting_user: User, item: TrackedItem) -> None:
    if not can_manage_tracked_item(acting_user, item):
        raise PermissionDenied


def _locked(item: TrackedItem) -> TrackedItem:
    """The item's row, locked until the transaction ends (read again: what another request
    committed meanwhile counts)."""
    locked = TrackedItem.objects.select_for_update().get(pk=item.pk)
    # Keep the related objects already loaded on the caller's instance.
    locked.organization = item.organization
    return locked


def _notice(item: TrackedItem, event: str) -> Notice | None:
    """Followers hear only of what they may see: changes of a published item. Those who
    follow its source (a proposal, a budget project) hear of them too."""
    if item.published_at is None:
        return None
    return Notice(event, item, also=_source_followers(item))


def _source_followers(item: TrackedItem) -> tuple[int, ...]:
    """The people following the item's source (each still hears only of what they may
    see)."""
    if item.content_type_id is None or item.object_id is None:
        return ()
    return tuple(Follow.objects.filter(
        organization_id=item.organization_id, content_type_id=item.content_type_id,
        object_id=item.object_id).values_list("user_id", flat=True))


@transaction.atomic
def tracked_item_create(
    *,
    acting_user: User,
    organization: Organization,
    title: str,
    source: models.Model | None = None,
    component: Component | None = None,
    description: str = "",
    status: str = TrackedStatus.PLANNED,
    progress: int = 0,
    department: Area | None = None,
    scope: Scope | None = None,
    planned_cost: decimal.Decimal | None = None,
    start_on: datetime.date | None = None,
    end_on: datetime.date | None = None,
    latitude: decimal.Decimal | None = None,
    longitude: decimal.Decimal | None = None,
) -> TrackedItem:
    """A new tracked item, not published yet, made by an administrator or an official of its
    responsible department; ``source`` (e.g. an accepted proposal) is tracked at most once."""
    if not can_track_for(acting_user, organization, department):
        raise PermissionDenied
    _check_belongs(organization, component=component, department=department, scope=scope)
    values: dict[str, Any] = {
        "organization": organization, "component": component, "title": title.strip(),
        "description": description.strip(), "status": status, "progress": progress,
        "department": department, "scope": scope, "planned_cost": planned_cost,
        "start_on": start_on, "end_on": end_on, "latitude": latitude, "longitude": longitude,
    }
    if source is not None:
        if source.pk is None:
            raise ValueError("The source of a tracked item must be saved first.")
        if tracked_for(source) is not None:
            raise ValidationError(_("This is already tracked."), code="already_tracked")
        values["content_type"] = ContentType.objects.get_for_model(source)
        values["object_id"] = source.pk
    _check_dates(start_on, end_on)
    try:
        with transaction.atomic():
            item: TrackedItem = audited_create(
                TrackedItem, organization=organization, actor=acting_user,
                action=AuditAction.TRACKING_CREATE, values=values)
    except IntegrityError as error:  # the same source, tracked by someone else meanwhile
        if source is not None and tracked_for(source) is not None:
            raise ValidationError(_("This is already tracked."),
                                  code="already_tracked") from error
        raise
    return item


def _check_dates(start_on: datetime.date | None, end_on: datetime.date | None) -> None:
    if start_on is not None and end_on is not None and end_on < start_on:
        raise ValidationError({"end_on": _("The end date cannot be before the start date.")})


@transaction.atomic
def tracked_item_update(*, acting_user: User, item: TrackedItem, note: str = "",
                        **values: Any) -> TrackedItem:
    """Change the item's fields (``EDITABLE``). Once it is published, a change of its status,
    progress or planned cost needs ``note``, which goes with the change into its public
    history, and its followers are told; a note alone is a progress report."""
    _check_manages(acting_user, item)
    unknown = set(values) - EDITABLE
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    locked = _locked(item)
    department = values.get("department", locked.department)
    if "department" in values and not can_track_for(acting_user, locked.organization,
                                                    department):
        raise ValidationError({"department": _(
            "You can only give the item to a department you work for.")})
    _check_belongs(locked.organization, department=values.get("department"),
                   scope=values.get("scope"))
    _check_dates(values.get("start_on", locked.start_on), values.get("end_on", locked.end_on))
    if "title" in values:
        values["title"] = str(values["title"]).strip()
    note = note.strip()
    before = {name: getattr(locked, name) for name in NOTED}
    changed = {name: value for name, value in values.items() if getattr(locked, name) != value}
    noted = [name for name in NOTED if name in changed]
    published = locked.published_at is not None
    if published and noted and not note:
        raise ValidationError({"note": _(
            "Explain the change in a note: residents read it in the item's history.")})
    # Published: a noted change or a note alone (a progress report) is public history.
    history = published and bool(noted or note)
    if not changed and not history:
        return locked
    audited_update(
        locked, organization=locked.organization, actor=acting_user,
        action=AuditAction.TRACKING_UPDATE,
        values={**changed, "updated_at": timezone.now()},
        notice=_notice(locked, "tracked_item.updated") if history else None)
    if history:
        TrackingUpdate.objects.create(
            item=locked, author=acting_user, text=note,
            status_before=before["status"], status_after=locked.status,
            progress_before=before["progress"], progress_after=locked.progress)
    return locked


@transaction.atomic
def tracked_item_publish(*, acting_user: User, item: TrackedItem) -> TrackedItem:
    """Make the item public: residents see it and may follow it."""
    _check_manages(acting_user, item)
    locked = _locked(item)
    if locked.published_at is not None:
        raise ValidationError(_("This item is already published."), code="published")
    now = timezone.now()
    audited_update(locked, organization=locked.organization, actor=acting_user,
                   action=AuditAction.TRACKING_PUBLISH,
                   values={"published_at": now, "updated_at": now},
                   notice=Notice("tracked_item.published", locked))
    # Those who follow its source (e.g. a proposal) hear that its implementation is tracked.
    source = locked.source if locked.content_type_id is not None else None
    if source is not None and item_spec_for(type(source)) is not None:
        notify(event="tracked_item.published", target=source, actor=acting_user)
    return locked


@transaction.atomic
def milestone_add(*, acting_user: User, item: TrackedItem, title: str,
                  due_on: datetime.date | None = None) -> Milestone:
    """A milestone at the end of the item's list."""
    _check_manages(acting_user, item)
    locked = _locked(item)
    last = locked.milestones.aggregate(last=Max("position"))["last"]
    milestone: Milestone = audited_create(
        Milestone, organization=locked.organization, actor=acting_user,
        action=AuditAction.TRACKING_MILESTONE_ADD,
        values={"item": locked, "title": title.strip(), "due_on": due_on,
                "position": 0 if last is None else last + 1})
    _touch(locked)
    return milestone


@transaction.atomic
def milestone_complete(*, acting_user: User, milestone: Milestone,
                       done_on: datetime.date | None = None) -> Milestone:
    """Mark the milestone done (today unless ``done_on``); its item's followers are told."""
    item = milestone.item
    _check_manages(acting_user, item)
    locked = _locked(item)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.done_on is not None:
        raise ValidationError(_("This milestone is already done."), code="done")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A milestone cannot be done in the future.")})
    audited_update(milestone, organization=locked.organization, actor=acting_user,
                   action=AuditAction.TRACKING_MILESTONE_COMPLETE,
                   values={"done_on": done_on},
                   notice=_notice(locked, "tracked_item.milestone"))
    _touch(locked)
    return milestone


@transaction.atomic
def milestone_delete(*, acting_user: User, milestone: Milestone) -> None:
    item = milestone.item
    _check_manages(acting_user, item)
    locked = _locked(item)
    audited_delete(milestone, organization=locked.organization, actor=acting_user,
                   action=AuditAction.TRACKING_MILESTONE_DELETE)
    _touch(locked)


def _respend(item: TrackedItem) -> decimal.Decimal:
    """Recompute ``item.spent`` from its expenses (the caller holds the item's row lock)."""
    total = item.expenses.aggregate(total=Sum("amount"))["total"] or decimal.Decimal("0")
    item.spent = total
    item.updated_at = timezone.now()
    item.save(update_fields=["spent", "updated_at"])
    return total


def _touch(item: TrackedItem) -> None:
    item.updated_at = timezone.now()
    item.save(update_fields=["updated_at"])


@transaction.atomic
def expense_add(*, acting_user: User, item: TrackedItem, amount: decimal.Decimal,
                spent_on: datetime.date, description: str = "",
                document: str = "") -> Expense:
    """Record money spent on the item; its ``spent`` becomes the sum of its expenses."""
    _check_manages(acting_user, item)
    locked = _locked(item)
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount greater than zero.")})
    if spent_on > timezone.localdate():
        raise ValidationError({"spent_on": _("Money cannot be spent in the future.")})
    expense: Expense = audited_create(
        Expense, organization=locked.organization, actor=acting_user,
        action=AuditAction.TRACKING_EXPENSE_ADD,
        values={"item": locked, "amount": amount, "spent_on": spent_on,
                "description": description.strip(), "document": document.strip(),
                "created_by": acting_user},
        notice=_notice(locked, "tracked_item.expense"))
    _respend(locked)
    item.spent = locked.spent
    return expense


@transaction.atomic
def expense_delete(*, acting_user: User, expense: Expense) -> decimal.Decimal:
    """Remove an expense recorded by mistake; returns the item's new ``spent``."""
    item = expense.item
    _check_manages(acting_user, item)
    locked = _locked(item)
    audited_delete(expense, organization=locked.organization, actor=acting_user,
                   action=AuditAction.TRACKING_EXPENSE_DELETE)
    total = _respend(locked)
    item.spent = total
    return total
