"""Every write of follows and notifications. Other apps call ``follow_create``,
``follow_delete`` and ``notify``."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.actions import AuditAction
from participa.core.audit import audit_record, audited_update
from participa.core.models import Scope, User, UserGroup
from participa.notifications import targets, tasks
from participa.notifications.models import (
    DEFAULT_FREQUENCY,
    EMAIL_FREQUENCIES,
    Follow,
    Notification,
)

BATCH_SIZE = 1000


def email_frequency(preferences: dict[str, Any] | None) -> str:
    value = (preferences or {}).get("email_frequency", DEFAULT_FREQUENCY)
    return value if value in EMAIL_FREQUENCIES else DEFAULT_FREQUENCY


def wants_newsletter(preferences: dict[str, Any] | None) -> bool:
    return bool((preferences or {}).get("newsletter", False))


def _follow_query(user: User, target: models.Model) -> Any:
    content_type = ContentType.objects.get_for_model(target)
    return Follow.objects.filter(user=user, content_type=content_type, object_id=target.pk)


@transaction.atomic
def follow_create(
    *, user: User, target: models.Model, automatic: bool = False,
    acting_user: User | None = None,
) -> Follow:
    """``user`` follows ``target`` (idempotent: following twice keeps one follow)."""
    org = targets.target_organization(target)
    if org is None or user.organization_id != org.pk or not targets.is_followable(target):
        raise ValidationError(_("This cannot be followed."))
    existing = _follow_query(user, target).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            follow = Follow.objects.create(
                organization=org, user=user,
                content_type=ContentType.objects.get_for_model(target),
                object_id=target.pk, automatic=automatic,
            )
    except IntegrityError:  # followed at the same moment by another request
        return _follow_query(user, target).get()
    audit_record(organization=org, actor=acting_user or user,
                 action=(AuditAction.FOLLOW_CREATE_AUTOMATIC if automatic
                         else AuditAction.FOLLOW_CREATE),
                 obj=follow, changes={"target": [None, f"{targets.content_type_key(target)}"
                                                       f"#{target.pk}"]})
    return follow


def follow_automatically(*, user: User | None, target: models.Model) -> Follow | None:
    """Follow what a person creates or comments on; nothing when they cannot follow it
    (no person, a superuser without an organization, or a target that is not followable)."""
    if user is None:
        return None
    try:
        return follow_create(user=user, target=target, automatic=True)
    except ValidationError:
        return None


def follow_created(sender: Any, *, user: User | None, target: models.Model,
                   **kwargs: Any) -> None:
    """``core.signals.created_by_person``: the creator of a group or a space follows it."""
    follow_automatically(user=user, target=target)


@transaction.atomic
def follow_delete(*, user: User, target: models.Model,
                  acting_user: User | None = None) -> bool:
    """``user`` stops following ``target``; answers whether there was a follow."""
    follow = _follow_query(user, target).first()
    if follow is None:
        return False
    audit_record(organization=follow.organization, actor=acting_user or user,
                 action=AuditAction.FOLLOW_DELETE, obj=follow,
                 changes={"target": [f"{targets.content_type_key(target)}#{target.pk}", None]})
    follow.delete()
    return True


def is_following(user: Any, target: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(_follow_query(user, target).exists())


def _recipients(org_id: int, target: models.Model, actor: User | None,
                extra: dict[str, Any], also: Iterable[int] = (),
                followers: bool = True) -> Any:
    """Followers of the target, of its space and of the actor (unless ``followers`` is
    false), and the people of ``also``, who may see the target."""
    follow_q = Q(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
    space = targets.target_space(target)
    if space is not None and space is not target:
        follow_q |= Q(content_type=ContentType.objects.get_for_model(space),
                      object_id=space.pk)
    component = targets.target_component(target)
    if component is not None and component is not target:
        follow_q |= Q(content_type=ContentType.objects.get_for_model(component),
                      object_id=component.pk)
    scope = targets.target_scope(target)
    if scope is not None:
        # The district's followers, and those of the districts around it (a neighbourhood's
        # news reaches who follows its district and its city).
        scope_ids = [scope.pk] if scope is not target else []
        parent_id, seen = scope.parent_id, {scope.pk}
        while parent_id is not None and parent_id not in seen:
            seen.add(parent_id)
            scope_ids.append(parent_id)
            parent_id = (Scope.objects.filter(pk=parent_id)
                         .values_list("parent_id", flat=True).first())
        if scope_ids:
            follow_q |= Q(content_type=ContentType.objects.get_for_model(Scope),
                          object_id__in=scope_ids)
    if actor is not None and actor.pk:
        follow_q |= Q(content_type=ContentType.objects.get_for_model(User), object_id=actor.pk)
    group_id = extra.get("group_id")
    if group_id:
        follow_q |= Q(content_type=ContentType.objects.get_for_model(UserGroup),
                      object_id=int(group_id))
    chosen = Q(pk__in=list(also)) if also else Q(pk__in=[])
    if followers:
        chosen |= Q(pk__in=Follow.objects.filter(follow_q, organization_id=org_id)
                    .values("user_id"))
    qs = User.objects.filter(
        organization_id=org_id, is_active=True, deleted_at__isnull=True,
    ).filter(chosen).filter(targets.users_who_can_see_q(target))
    if actor is not None and actor.pk:
        qs = qs.exclude(pk=actor.pk)
    return qs


@transaction.atomic
def notify(*, event: str, target: models.Model, actor: User | None,
           extra: dict[str, Any] | None = None, also: Iterable[int] = (),
           followers: bool = True) -> int:
    """Tell the followers of ``target`` (and of its space, component and of the actor) that
    ``event`` happened; e-mails go out per each person's preference once the transaction
    commits. Returns the number of people notified.

    ``also``: people told as well without following anything (staff of a department), each
    only if they may see the target; ``followers=False`` tells only them.

    Recipients are read in keyset-paginated chunks and written with ``bulk_create``, so a
    space with many thousands of followers never sits in memory at once.
    """
    org = targets.target_organization(target)
    if org is None:
        return 0
    extra = dict(extra or {})
    space = targets.target_space(target)
    content_type = ContentType.objects.get_for_model(target)
    title = targets.target_title(target)
    url = targets.target_url(target)[:500]
    now = timezone.now()
    recipients = _recipients(org.pk, target, actor, extra, also, followers).order_by("pk")
    total = 0
    last_pk = 0
    immediate: list[int] = []
    while True:
        chunk = list(recipients.filter(pk__gt=last_pk)
                     .values_list("pk", "notification_preferences")[:BATCH_SIZE])
        if not chunk:
            break
        last_pk = chunk[-1][0]
        rows = []
        for pk, preferences in chunk:
            frequency = email_frequency(preferences)
            rows.append(Notification(
                organization_id=org.pk, recipient_id=pk, actor=actor if actor and actor.pk
                else None, event=event, content_type=content_type, object_id=target.pk,
                space=space, target_title=title, url=url, extra=extra, created_at=now,
                email_pending=frequency != "none",
            ))
        created = Notification.objects.bulk_create(rows)
        total += len(created)
        immediate_recipients = {
            pk for pk, preferences in chunk if email_frequency(preferences) == "immediately"
        }
        if immediate_recipients:
            if all(n.pk for n in created):
                immediate.extend(n.pk for n in created if n.recipient_id in immediate_recipients)
            else:  # backends that do not return ids from bulk inserts
                immediate.extend(Notification.objects.filter(
                    recipient_id__in=immediate_recipients, event=event, created_at=now,
                    content_type=content_type, object_id=target.pk,
                ).values_list("pk", flat=True))
    if total:
        audit_record(organization=org, actor=actor,
                     action=AuditAction.NOTIFICATION_NOTIFY, obj=target,
                     changes={"event": [None, event], "recipients": [None, total]})
    for start in range(0, len(immediate), tasks.EMAIL_BATCH):
        transaction.on_commit(partial(tasks.send_notification_emails.enqueue,
                                      immediate[start:start + tasks.EMAIL_BATCH]))
    return total


@transaction.atomic
def notification_mark_read(*, acting_user: User, notification: Notification) -> None:
    if notification.recipient_id != acting_user.pk:
        raise ValidationError(_("This notification is not yours."))
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
        audit_record(organization=notification.organization, actor=acting_user,
                     action=AuditAction.NOTIFICATION_MARK_READ, obj=notification)


@transaction.atomic
def notification_mark_all_read(*, acting_user: User) -> int:
    count = Notification.objects.filter(
        recipient=acting_user, read_at__isnull=True
    ).update(read_at=timezone.now())
    if count:
        audit_record(organization=acting_user.organization, actor=acting_user,
                     action=AuditAction.NOTIFICATION_MARK_ALL_READ, obj=acting_user,
                     changes={"count": [None, count]})
    return count


UNSUBSCRIBE_KINDS = ("notifications", "newsletter")


@transaction.atomic
def unsubscribe(*, acting_user: User, user: User, kind: str) -> bool:
    """Stop notification e-mails (frequency "none") or the newsletter. Answers whether
    anything changed."""
    if kind not in UNSUBSCRIBE_KINDS:
        raise ValidationError(_("Unknown subscription."))
    preferences = dict(user.notification_preferences or {})
    if kind == "notifications":
        if email_frequency(preferences) == "none":
            return False
        preferences["email_frequency"] = "none"
        Notification.objects.filter(recipient=user, email_pending=True).update(
            email_pending=False)
    else:
        if not wants_newsletter(preferences):
            return False
        preferences["newsletter"] = False
    audited_update(user, organization=user.organization, actor=acting_user,
                   action=(AuditAction.USER_UNSUBSCRIBE_NOTIFICATIONS if kind == "notifications"
                           else AuditAction.USER_UNSUBSCRIBE_NEWSLETTER),
                   values={"notification_preferences": preferences})
    return True
