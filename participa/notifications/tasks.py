"""Background work through the django-tasks API: in-process by default, ``manage.py
db_worker`` in production (TASKS_BACKEND=database)."""

from __future__ import annotations

import datetime
from collections import OrderedDict
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from participa.core.models import User
from participa.notifications import emails
from participa.notifications.audience import BATCH, build_newsletter_email, newsletter_recipients
from participa.notifications.events import event_message
from participa.notifications.models import (
    DEFAULT_FREQUENCY,
    EmailDelivery,
    Newsletter,
    Notification,
)

EMAIL_BATCH = 200
DIGEST_LIMIT = 50  # notifications listed in one digest; the rest are counted


def _describe(notification: Notification) -> dict[str, Any]:
    org = notification.organization
    actor = notification.actor.public_name if notification.actor else ""
    return {
        "message": event_message(notification.event, actor=actor, title=notification.title),
        "url": emails.absolute_url(org, notification.url) if notification.url else "",
        "created_at": notification.created_at,
    }


def _claim_notifications(ids: list[int]) -> list[Notification]:
    """Take pending notifications out of the e-mail queue (each goes into one e-mail only).

    Runs inside the caller's transaction: the rows are locked (``SELECT … FOR UPDATE SKIP
    LOCKED``), so a second worker given the same ids skips the ones this worker holds and,
    once they are committed, no longer finds them pending."""
    claimed = list(
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk__in=ids, email_pending=True)
        .select_related("organization", "recipient", "actor", "space")
        .order_by("created_at", "pk"))
    if claimed:
        Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(
            email_pending=False)
    return claimed


@task(queue_name="email")
def send_notification_emails(notification_ids: list[int]) -> int:
    """One e-mail per notification, for people who chose "immediately"."""
    deliveries: list[EmailDelivery] = []
    with transaction.atomic():
        for notification in _claim_notifications(list(notification_ids)):
            user = notification.recipient
            if not user.email or not user.is_active or user.deleted_at:
                continue
            deliveries.append(emails.build_delivery(
                org=notification.organization, user=user,
                kind=EmailDelivery.Kind.NOTIFICATION, template="notification",
                context={"item": _describe(notification)}, unsubscribe_kind="notifications",
            ))
        created = EmailDelivery.objects.bulk_create(deliveries)
    sent, _failed = emails.send_deliveries([d.pk for d in created if d.pk])
    return sent


def _digest_groups(notifications: list[Notification]) -> list[dict[str, Any]]:
    """Notifications grouped by space (people and groups together under "Other")."""
    groups: OrderedDict[int | None, dict[str, Any]] = OrderedDict()
    for notification in notifications:
        key = notification.space_id
        if key not in groups:
            space = notification.space
            groups[key] = {"space": space, "items": []}
        groups[key]["items"].append(_describe(notification))
    return list(groups.values())


def _send_digests(recipient_ids: list[int], frequency: str) -> int:
    users = {u.pk: u for u in User.objects.select_related("organization").filter(
        pk__in=recipient_ids, is_active=True, deleted_at__isnull=True,
        organization__isnull=False)}
    deliveries: list[EmailDelivery] = []
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(recipient_id__in=list(users), email_pending=True)
            .select_related("organization", "actor", "space")
            .order_by("recipient_id", "created_at", "pk")
        )
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            email_pending=False)
        by_recipient: dict[int, list[Notification]] = {}
        for notification in pending:
            by_recipient.setdefault(notification.recipient_id, []).append(notification)
        for pk, notifications in by_recipient.items():
            user = users[pk]
            if not user.email or user.organization is None:
                continue
            shown = notifications[:DIGEST_LIMIT]
            deliveries.append(emails.build_delivery(
                org=user.organization, user=user, kind=EmailDelivery.Kind.DIGEST,
                template="digest", unsubscribe_kind="notifications",
                context={"groups": _digest_groups(shown), "count": len(notifications),
                         "more": len(notifications) - len(shown), "frequency": frequency,
                         "notifications_url": emails.absolute_url(user.organization,
                                                                   "/notifications/")},
            ))
        created = EmailDelivery.objects.bulk_create(deliveries)
        ids = [d.pk for d in created if d.pk] or list(EmailDelivery.objects.filter(
            kind=EmailDelivery.Kind.DIGEST, recipient_id__in=list(by_recipient),
            status=EmailDelivery.Status.PENDING, attempts=0).values_list("pk", flat=True))
    sent, _failed = emails.send_deliveries(ids)
    return sent


@task(queue_name="email")
def send_digest_batch(recipient_ids: list[int], frequency: str) -> int:
    """The daily or weekly summaries of a batch of people: rendered in their language,
    recorded (so a failed send is retried), then sent over one connection."""
    return _send_digests(list(recipient_ids), frequency)


@task(queue_name="email")
def send_digest(recipient_id: int, frequency: str) -> int:
    """The summary of one person's pending notifications."""
    return _send_digests([recipient_id], frequency)


def digest_recipients(frequency: str) -> Any:
    """People whose preference is ``frequency`` and who have something pending."""
    chosen = Q(notification_preferences__email_frequency=frequency)
    if frequency == DEFAULT_FREQUENCY:
        chosen |= ~Q(notification_preferences__has_key="email_frequency")
    pending = Notification.objects.filter(recipient=OuterRef("pk"), email_pending=True)
    return User.objects.filter(chosen, Exists(pending), is_active=True,
                               deleted_at__isnull=True)


def enqueue_digests(frequency: str, batch_size: int = 100) -> int:
    """Queue one digest task per batch of recipients (read in keyset batches, so the list
    of recipients never sits in memory)."""
    # People who have since chosen "none" get no e-mail for what is still waiting.
    Notification.objects.filter(
        email_pending=True, recipient__notification_preferences__email_frequency="none",
    ).update(email_pending=False)
    queued = 0
    last_pk = 0
    base = digest_recipients(frequency).order_by("pk")
    while True:
        batch = list(base.filter(pk__gt=last_pk).values_list("pk", flat=True)[:batch_size])
        if not batch:
            break
        last_pk = batch[-1]
        send_digest_batch.enqueue(batch, frequency)
        queued += len(batch)
    return queued


@task(queue_name="email")
def deliver_emails(delivery_ids: list[int]) -> int:
    sent, _failed = emails.send_deliveries(delivery_ids)
    return sent


def retry_due(batch_size: int = EMAIL_BATCH) -> int:
    """Queue every pending delivery whose next try is due, and e-mail the "immediately"
    notifications whose task was lost (older than ten minutes, still pending)."""
    now = timezone.now()
    queued = 0
    last_pk = 0
    due = EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING,
                                       next_attempt_at__lte=now).order_by("pk")
    while True:
        batch = list(due.filter(pk__gt=last_pk).values_list("pk", flat=True)[:batch_size])
        if not batch:
            break
        last_pk = batch[-1]
        deliver_emails.enqueue(batch)
        queued += len(batch)
    stale = Notification.objects.filter(
        email_pending=True, created_at__lte=now - datetime.timedelta(minutes=10),
        recipient__notification_preferences__email_frequency="immediately",
    ).order_by("pk")
    last_pk = 0
    while True:
        batch = list(stale.filter(pk__gt=last_pk).values_list("pk", flat=True)[:batch_size])
        if not batch:
            break
        last_pk = batch[-1]
        send_notification_emails.enqueue(batch)
        queued += len(batch)
    return queued


@task(queue_name="email")
def send_pending_emails() -> int:
    return retry_due()


@task(queue_name="email")
def newsletter_dispatch(newsletter_id: int) -> int:
    return newsletter_dispatch_now(newsletter_id)


def newsletter_dispatch_now(newsletter_id: int) -> int:
    """Create a delivery for every recipient (in batches) and queue them. Running it again
    skips people who already have their delivery, so nobody gets it twice."""
    newsletter = Newsletter.objects.select_related("organization").filter(
        pk=newsletter_id, status=Newsletter.Status.SENDING).first()
    if newsletter is None:
        return 0
    already = EmailDelivery.objects.filter(newsletter=newsletter, recipient=OuterRef("pk"))
    base = newsletter_recipients(newsletter).filter(~Exists(already)).order_by("pk")
    created_total = 0
    last_pk = 0
    while True:
        users = list(base.filter(pk__gt=last_pk)[:BATCH])
        if not users:
            break
        last_pk = users[-1].pk
        with transaction.atomic():
            rows = [build_newsletter_email(newsletter, user, EmailDelivery.Kind.NEWSLETTER)
                    for user in users]
            created = EmailDelivery.objects.bulk_create(rows)
        ids = [d.pk for d in created if d.pk] or list(
            EmailDelivery.objects.filter(newsletter=newsletter, recipient__in=users)
            .values_list("pk", flat=True))
        deliver_emails.enqueue(ids)
        created_total += len(created)
    total = EmailDelivery.objects.filter(newsletter=newsletter).count()
    Newsletter.objects.filter(pk=newsletter.pk).update(
        status=Newsletter.Status.SENT, sent_at=timezone.now(), total=total)
    return created_total
