"""django-allauth's e-mails: queued (a mail server that is down never breaks sign-up or a
password reset), in the person's own language, branded, with a plain-text subject."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from participa.core.models import User
from participa.notifications.models import EmailDelivery
from participa.notifications.tasks import retry_due

pytestmark = pytest.mark.django_db

PASSPHRASE = "a-long-and-unusual-passphrase"


def sign_up(client: Any, email: str = "ana@example.org") -> Any:
    return client.post("/accounts/signup/", {
        "display_name": "Ana", "email": email, "password1": PASSPHRASE,
        "password2": PASSPHRASE, "accept_terms": "on", "terms_version": "1"})


def test_it_sets_a_timeout_on_the_smtp_connection(settings: Any) -> None:
    from django.conf import settings as live

    assert live.EMAIL_TIMEOUT == 10  # the default of participa/settings.py
    connection = get_connection("django.core.mail.backends.smtp.EmailBackend")
    assert isinstance(connection, SMTPBackend)
    assert connection.timeout == 10


def test_sign_up_succeeds_and_queues_the_e_mail_when_the_mail_server_is_down(
        client_for: Any, org: Any, flaky_email: Any) -> None:
    flaky_email.failures = 1
    response = sign_up(client_for(None))
    assert response.status_code == 302
    assert User.objects.filter(email="ana@example.org", organization=org).exists()
    assert mail.outbox == []
    delivery = EmailDelivery.objects.get(kind=EmailDelivery.Kind.ACCOUNT)
    assert delivery.status == EmailDelivery.Status.PENDING
    assert delivery.attempts == 1 and "421" in delivery.last_error
    assert delivery.to_email == "ana@example.org"
    # The mail server is back: the next run of the queue sends it.
    EmailDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=delivery.created_at)
    retry_due()
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert delivery.body_text == ""  # the one-time link is not kept once sent


def test_a_password_reset_succeeds_when_the_mail_server_is_down(
        client_for: Any, resident: Any, flaky_email: Any) -> None:
    flaky_email.failures = 1
    response = client_for(None).post("/accounts/password/reset/", {"email": resident.email})
    assert response.status_code == 302
    delivery = EmailDelivery.objects.get(kind=EmailDelivery.Kind.ACCOUNT)
    assert delivery.recipient == resident
    assert delivery.status == EmailDelivery.Status.PENDING and delivery.attempts == 1
    assert "/accounts/password/reset/key/" in delivery.body_text


def test_it_writes_in_the_persons_own_language(client_for: Any, resident: Any,
                                               mailoutbox: Any) -> None:
    resident.preferred_language = "ro"
    resident.save()
    # The request comes from an English browser; the e-mail follows the person's choice.
    response = client_for(None).post("/accounts/password/reset/", {"email": resident.email},
                                     HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.subject == "Municipiul Test: E-mail pentru resetarea parolei"
    assert message.body.startswith("Bună ziua! Vă scrie Municipiul Test.")
    assert "Municipiul Test vă mulțumește pentru participare!" in message.body


def test_it_is_branded_and_its_subject_is_plain_text(client_for: Any, org: Any,
                                                    mailoutbox: Any) -> None:
    org.name = "Tom & Jerry <Town>"
    org.save()
    sign_up(client_for(None))
    (message,) = mailoutbox
    assert message.subject.startswith("Tom & Jerry <Town>: ")
    assert "&amp;" not in message.subject
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert "Tom &amp; Jerry &lt;Town&gt;" in html
    assert f"border-bottom: 4px solid {org.accent_colour}" in html
    link = re.search(r'href="(https?://[^"]+/accounts/confirm-email/[^"]+)"', html)
    assert link and link.group(1) in message.body
