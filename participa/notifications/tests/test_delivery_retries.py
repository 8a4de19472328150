"""The e-mail pipeline with an SMTP server that fails, then recovers: nothing is lost."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from participa.conftest import make_user
from participa.notifications.models import EmailDelivery, Notification
from participa.notifications.services import follow_create, notify


@pytest.fixture
def followers(org: Any, page: Any) -> list[Any]:
    people = []
    for i in range(3):
        person = make_user(org, f"follower{i}",
                           notification_preferences={"email_frequency": "immediately"})
        follow_create(user=person, target=page)
        people.append(person)
    return people


def move_clock(monkeypatch: Any, minutes: float) -> None:
    later = timezone.now() + datetime.timedelta(minutes=minutes)
    monkeypatch.setattr(timezone, "now", lambda: later)


def test_it_keeps_failed_e_mails_and_sends_them_when_smtp_recovers(
        flaky_email, followers, official, page, monkeypatch,
        django_capture_on_commit_callbacks):
    flaky_email.failures = 3  # the first three sends fail
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="page.updated", target=page, actor=official)
    assert len(mail.outbox) == 0
    deliveries = EmailDelivery.objects.order_by("pk")
    assert deliveries.count() == 3
    assert all(d.status == "pending" and d.attempts == 1 for d in deliveries)
    assert all("421" in d.last_error for d in deliveries)
    assert not Notification.objects.filter(email_pending=True).exists()  # all in deliveries

    # Retrying before the backoff has passed sends nothing.
    call_command("send_pending_emails")
    assert flaky_email.calls == 3 and len(mail.outbox) == 0

    move_clock(monkeypatch, 1.5)  # first backoff: one minute
    call_command("send_pending_emails")
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in followers)
    assert all(d.status == "sent" and d.attempts == 2 for d in EmailDelivery.objects.all())


def test_it_doubles_the_wait_after_each_failure(flaky_email, followers, official, page,
                                                monkeypatch,
                                                django_capture_on_commit_callbacks):
    flaky_email.failures = 100
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="page.updated", target=page, actor=official)
    delivery = EmailDelivery.objects.order_by("pk").first()
    assert delivery is not None
    first_wait = delivery.next_attempt_at - delivery.created_at
    move_clock(monkeypatch, 1.5)
    call_command("send_pending_emails")
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    second_wait = delivery.next_attempt_at - timezone.now()
    assert second_wait > first_wait * 1.5
    assert delivery.status == "pending"


def test_it_marks_failed_after_the_last_try_but_keeps_the_message(
        flaky_email, followers, official, page, settings, monkeypatch,
        django_capture_on_commit_callbacks):
    settings.NOTIFICATIONS_EMAIL_MAX_ATTEMPTS = 2
    flaky_email.failures = 100
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="page.updated", target=page, actor=official)
    move_clock(monkeypatch, 5)
    call_command("send_pending_emails")
    deliveries = EmailDelivery.objects.all()
    assert all(d.status == "failed" and d.attempts == 2 for d in deliveries)
    assert all(d.body_text and d.to_email for d in deliveries)
    assert Notification.objects.count() == 3  # still listed on the site


def test_it_sends_each_e_mail_once_when_retried_twice(flaky_email, followers, official, page,
                                                      monkeypatch,
                                                      django_capture_on_commit_callbacks):
    flaky_email.failures = 3
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="page.updated", target=page, actor=official)
    move_clock(monkeypatch, 2)
    call_command("send_pending_emails")
    call_command("send_pending_emails")
    assert len(mail.outbox) == 3


def test_it_e_mails_immediate_notifications_whose_task_was_lost(
        followers, official, page, monkeypatch):
    # No on-commit callbacks run here: as if the worker had lost the task.
    notify(event="page.updated", target=page, actor=official)
    assert len(mail.outbox) == 0
    move_clock(monkeypatch, 11)
    call_command("send_pending_emails")
    assert len(mail.outbox) == 3
