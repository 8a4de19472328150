"""Two e-mail workers given overlapping batches of notifications send each one once
(PostgreSQL: the claim is ``SELECT … FOR UPDATE SKIP LOCKED``)."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection

from participa.notifications import tasks
from participa.notifications.models import EmailDelivery, Notification

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_two_workers(first: list[int], second: list[int]) -> list[BaseException]:
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(ids: list[int]) -> None:
        try:
            barrier.wait(timeout=30)
            tasks.send_notification_emails.call(ids)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(ids,)) for ids in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_two_workers_never_send_the_same_notification_twice(org: Any, resident: Any,
                                                             official: Any) -> None:
    resident.notification_preferences = {"email_frequency": "immediately"}
    resident.save()
    user_type = ContentType.objects.get_for_model(type(resident))
    total = 0
    for round_number in range(6):
        ids = [Notification.objects.create(
            organization=org, recipient=resident, actor=official, event="page.updated",
            content_type=user_type, object_id=resident.pk, email_pending=True,
            target_title={"en": f"Item {round_number}-{n}"},
        ).pk for n in range(40)]
        total += len(ids)
        # A retry re-queues part of a batch while its first task still runs: they overlap.
        assert run_two_workers(ids[:30], ids[10:]) == []
    subjects = Counter(message.subject for message in mail.outbox)
    assert len(mail.outbox) == total, [s for s, n in subjects.items() if n > 1][:5]
    assert max(subjects.values()) == 1
    assert EmailDelivery.objects.count() == total
    assert not Notification.objects.filter(email_pending=True).exists()


def test_two_workers_never_send_the_same_delivery_twice(org: Any, resident: Any) -> None:
    deliveries = [EmailDelivery.objects.create(
        organization=org, recipient=resident, to_email=resident.email,
        kind=EmailDelivery.Kind.NOTIFICATION, subject=f"Message {n}", body_text="Text",
    ) for n in range(60)]
    ids = [delivery.pk for delivery in deliveries]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(batch: list[int]) -> None:
        try:
            barrier.wait(timeout=30)
            tasks.deliver_emails.call(batch)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(batch,)) for batch in (ids, ids[::-1])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(message.subject for message in mail.outbox) == sorted(
        f"Message {n}" for n in range(60))
    assert set(EmailDelivery.objects.values_list("status", "attempts")) == {("sent", 1)}
