from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from participa.core.models import AuditEntry, User
from participa.notifications.emails import unsubscribe_token
from participa.notifications.services import follow_create, notify


@pytest.fixture
def sent(resident: User, official: User, page: Any,
         django_capture_on_commit_callbacks: Any) -> Any:
    resident.notification_preferences = {"email_frequency": "immediately", "newsletter": True}
    resident.preferred_language = "ro"
    resident.save()
    follow_create(user=resident, target=page)
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="comment.created", target=page, actor=official)
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def unsubscribe_path(message: Any) -> str:
    match = re.search(r"https?://testserver(/notifications/unsubscribe/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_it_sends_html_and_plain_text(sent):
    assert "Official" in sent.body
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html"
    assert "<a href=\"http" in html


def test_it_writes_in_the_recipients_language(sent):
    # The page has only an English title; the sentences around it follow the recipient.
    assert 'lang="ro"' in sent.alternatives[0][0]


def test_it_writes_in_the_organization_language_when_the_person_chose_none(
        resident, official, page, django_capture_on_commit_callbacks, org):
    org.default_language = "pl"
    org.save()
    resident.notification_preferences = {"email_frequency": "immediately"}
    resident.save()
    follow_create(user=resident, target=page)
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="comment.created", target=page, actor=official)
    message: Any = mail.outbox[0]
    assert 'lang="pl"' in message.alternatives[0][0]


def test_it_adds_one_click_unsubscribe_headers(sent):
    assert sent.extra_headers["List-Unsubscribe"].startswith("<http")
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_path(sent) in sent.extra_headers["List-Unsubscribe"]


def test_it_unsubscribes_while_logged_out_after_confirming(sent, resident):
    client = Client(HTTP_HOST="testserver")
    path = unsubscribe_path(sent)
    response = client.get(path)
    assert response.status_code == 200
    assert "Yes, unsubscribe" in response.content.decode()
    resident.refresh_from_db()
    assert resident.notification_preferences["email_frequency"] == "immediately"  # GET: no change
    response = client.post(path)
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    resident.refresh_from_db()
    assert resident.notification_preferences["email_frequency"] == "none"
    assert resident.notification_preferences["newsletter"] is True
    assert AuditEntry.objects.filter(action="user.unsubscribe_notifications").exists()


def test_it_accepts_the_one_click_post_of_a_mail_client(sent, resident):
    client = Client(HTTP_HOST="testserver", enforce_csrf_checks=True)
    response = client.post(unsubscribe_path(sent), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    resident.refresh_from_db()
    assert resident.notification_preferences["email_frequency"] == "none"


def test_it_unsubscribes_from_the_newsletter_only(resident):
    resident.notification_preferences = {"email_frequency": "daily", "newsletter": True}
    resident.save()
    token = unsubscribe_token(resident, "newsletter")
    Client(HTTP_HOST="testserver").post(f"/notifications/unsubscribe/{token}/")
    resident.refresh_from_db()
    assert resident.notification_preferences == {"email_frequency": "daily",
                                                 "newsletter": False}


def test_it_rejects_a_forged_token(resident):
    token = unsubscribe_token(resident, "notifications")[:-2] + "xx"
    response = Client(HTTP_HOST="testserver").post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 404


def test_it_does_not_answer_on_another_organizations_host(resident, other_org):
    token = unsubscribe_token(resident, "notifications")
    response = Client(HTTP_HOST="other.test").post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 404


@pytest.mark.parametrize("template,context", [
    ("notification", {"item": {"message": "Tom & Jerry <commented>", "url": ""}}),
    ("newsletter", {"subject": "Tom & Jerry <commented>", "body_html": "", "body_text": ""}),
])
def test_subjects_are_plain_text(resident, template, context):
    from participa.notifications import emails

    delivery = emails.build_delivery(org=resident.organization, user=resident,
                                     kind="notification", template=template, context=context,
                                     unsubscribe_kind="notifications")
    assert delivery.subject == "Tom & Jerry <commented>"
    assert "Tom &amp; Jerry &lt;commented&gt;" in delivery.body_html
