from __future__ import annotations

from typing import Any

from django.core import mail
from django.core.management import call_command

from participa.components.pages.tests.conftest import make_space
from participa.conftest import make_user
from participa.notifications.models import EmailDelivery, Notification
from participa.notifications.services import follow_create, notify


def person(org: Any, name: str, frequency: str | None) -> Any:
    preferences = {"email_frequency": frequency} if frequency else {}
    return make_user(org, name, notification_preferences=preferences)


def test_it_groups_a_daily_digest_by_space(org, official, page, space, ngo, resident):
    other_space = make_space(org, slug="budget")
    other_space.title = {"en": "Participatory budget"}
    other_space.save()
    follow_create(user=resident, target=page)
    follow_create(user=resident, target=other_space)
    follow_create(user=resident, target=ngo)
    notify(event="comment.created", target=page, actor=official)
    notify(event="page.updated", target=page, actor=official)
    notify(event="space.updated", target=other_space, actor=official)
    notify(event="group.updated", target=ngo, actor=official)
    call_command("send_digests", frequency="daily")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "4 new notifications" in mail.outbox[0].subject
    plan = body.index("Open government plan")
    budget = body.index("Participatory budget")
    assert body.count("Open government plan") == 1  # both page items under one heading
    assert plan < body.index("commented on") < budget
    assert "People and groups you follow" in body
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_it_sends_the_daily_digest_only_to_daily_readers(org, official, page):
    daily = person(org, "daily", "daily")
    default = person(org, "default", None)  # the default choice is daily
    weekly = person(org, "weekly", "weekly")
    never = person(org, "never", "none")
    for someone in (daily, default, weekly, never):
        follow_create(user=someone, target=page)
    notify(event="page.updated", target=page, actor=official)
    call_command("send_digests", frequency="daily")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([daily.email, default.email])
    mail.outbox.clear()
    call_command("send_digests", frequency="weekly")
    assert [m.to[0] for m in mail.outbox] == [weekly.email]


def test_it_puts_each_notification_in_one_digest_only(org, official, page):
    reader = person(org, "reader", "daily")
    follow_create(user=reader, target=page)
    notify(event="page.updated", target=page, actor=official)
    call_command("send_digests", frequency="daily")
    call_command("send_digests", frequency="daily")
    assert len(mail.outbox) == 1
    notify(event="comment.created", target=page, actor=official)
    call_command("send_digests", frequency="daily")
    assert len(mail.outbox) == 2
    assert "1 new notification" in mail.outbox[1].subject
    assert not Notification.objects.filter(email_pending=True).exists()


def test_it_keeps_a_digest_whose_smtp_send_failed(org, official, page, flaky_email):
    reader = person(org, "reader", "weekly")
    follow_create(user=reader, target=page)
    notify(event="page.updated", target=page, actor=official)
    flaky_email.failures = 1
    call_command("send_digests", frequency="weekly")
    delivery = EmailDelivery.objects.get(kind="digest")
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "About the plan" in delivery.body_text


def test_it_drops_waiting_e_mails_of_people_who_switched_to_none(org, official, page):
    reader = person(org, "reader", "daily")
    follow_create(user=reader, target=page)
    notify(event="page.updated", target=page, actor=official)
    reader.notification_preferences = {"email_frequency": "none"}
    reader.save()
    call_command("send_digests", frequency="daily")
    assert mail.outbox == []
    assert not Notification.objects.filter(email_pending=True).exists()
    assert Notification.objects.filter(recipient=reader).exists()  # still listed on the site
