"""Rendering e-mails (HTML + plain text, in the recipient's language, with a one-click
unsubscribe link) and delivering them with retries and backoff."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from participa.core.models import Organization, User
from participa.notifications.models import EmailDelivery

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "participa.notifications.unsubscribe"


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFICATIONS_EMAIL_MAX_ATTEMPTS", 8))


def retry_base_seconds() -> int:
    return int(getattr(settings, "NOTIFICATIONS_EMAIL_RETRY_SECONDS", 60))


def backoff(attempts: int) -> datetime.timedelta:
    """Wait before the next try: 1, 2, 4, 8 … minutes (capped at six hours)."""
    seconds = retry_base_seconds() * (2 ** max(attempts - 1, 0))
    return datetime.timedelta(seconds=min(seconds, 6 * 3600))


def absolute_url(org: Organization, path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    scheme = getattr(settings, "ACCOUNT_DEFAULT_HTTP_PROTOCOL", "https")
    port = str(getattr(settings, "PUBLIC_PORT", "") or "")
    host = f"{org.host}:{port}" if port and ":" not in org.host else org.host
    return f"{scheme}://{host}{path}"


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return int(data["u"]), str(data.get("k", ""))


def unsubscribe_url(org: Organization, user: User, kind: str) -> str:
    path = reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind)])
    return absolute_url(org, path)


def user_language(user: User, org: Organization) -> str:
    languages = list(org.languages or [])
    if user.preferred_language and (not languages or user.preferred_language in languages):
        return user.preferred_language
    return org.default_language or settings.LANGUAGE_CODE


def _plain(value: str) -> str:
    """Rendered text as a plain ``str``. ``render_to_string`` answers a SafeString, and a
    plain-text body rendered with autoescaping off must never be trusted as HTML (shown in a
    page, it would be inserted unescaped)."""
    return str.__str__(value)


def build_delivery(
    *, org: Organization, user: User, kind: str, template: str, context: dict[str, Any],
    unsubscribe_kind: str, newsletter_id: int | None = None, language: str | None = None,
) -> EmailDelivery:
    """An unsaved delivery rendered from ``notifications/email/<template>.{txt,html}``
    (the subject is rendered from ``<template>_subject.txt``)."""
    link = unsubscribe_url(org, user, unsubscribe_kind)
    with translation.override(language or user_language(user, org)):
        full = {
            **context, "organization": org, "recipient": user, "unsubscribe_url": link,
            "unsubscribe_kind": unsubscribe_kind,
            "site_url": absolute_url(org, "/"),
            "preferences_url": absolute_url(org, reverse("core:account")),
        }
        subject = " ".join(
            render_to_string(f"notifications/email/{template}_subject.txt", full).split()
        )
        text = _plain(render_to_string(f"notifications/email/{template}.txt", full))
        html = _plain(render_to_string(f"notifications/email/{template}.html", full))
    return EmailDelivery(
        organization=org, recipient=user, to_email=user.email, kind=kind,
        newsletter_id=newsletter_id, subject=subject[:300], body_text=text, body_html=html,
        headers={"List-Unsubscribe": f"<{link}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def _message(delivery: EmailDelivery, connection: Any) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=delivery.subject, body=delivery.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL, to=[delivery.to_email],
        headers=dict(delivery.headers or {}), connection=connection,
    )
    if delivery.body_html:
        message.attach_alternative(delivery.body_html, "text/html")
    return message


def _close(connection: Any) -> None:
    try:
        connection.close()
    except Exception:  # a broken connection is replaced anyway
        logger.info("Closing the e-mail connection failed", exc_info=True)


LEASE = datetime.timedelta(minutes=10)


def _claim(ids: list[int], now: datetime.datetime) -> list[EmailDelivery]:
    """Take the due pending deliveries among ``ids`` for this worker: their next try moves
    ten minutes ahead (a lease), so another worker skips them meanwhile. The rows are read
    with ``SELECT … FOR UPDATE SKIP LOCKED``: two workers never take the same delivery."""
    lease_until = now + LEASE
    with transaction.atomic():
        claimed = list(
            EmailDelivery.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids, status=EmailDelivery.Status.PENDING, next_attempt_at__lte=now)
            .order_by("pk"))
        EmailDelivery.objects.filter(pk__in=[d.pk for d in claimed]).update(
            next_attempt_at=lease_until)
    for delivery in claimed:
        delivery.next_attempt_at = lease_until
    return claimed


def send_deliveries(delivery_ids: Iterable[int]) -> tuple[int, int]:
    """Send the due pending deliveries among ``delivery_ids`` over one connection.

    A failure keeps the delivery pending with ``attempts`` counted, the error kept and the
    next try pushed back (1, 2, 4 … minutes); after the last allowed try it is marked failed
    (still kept, with its error). Answers (sent, failed attempts)."""
    sent = failed = 0
    connection = get_connection(fail_silently=False)
    ids = list(delivery_ids)
    try:
        for start in range(0, len(ids), 500):
            done: list[int] = []
            for delivery in _claim(ids[start:start + 500], timezone.now()):
                try:
                    _message(delivery, connection).send()
                except Exception as error:  # SMTP and network errors alike
                    now = timezone.now()
                    attempts = delivery.attempts + 1
                    status = (EmailDelivery.Status.FAILED if attempts >= max_attempts()
                              else EmailDelivery.Status.PENDING)
                    EmailDelivery.objects.filter(pk=delivery.pk).update(
                        attempts=F("attempts") + 1, status=status,
                        next_attempt_at=now + backoff(attempts),
                        last_error=f"{type(error).__name__}: {error}"[:2000],
                    )
                    logger.warning("E-mail %s failed (attempt %s): %s", delivery.pk, attempts,
                                   error)
                    failed += 1
                    _close(connection)
                    connection = get_connection(fail_silently=False)
                else:
                    done.append(delivery.pk)
            if done:
                EmailDelivery.objects.filter(pk__in=done).update(
                    attempts=F("attempts") + 1, status=EmailDelivery.Status.SENT,
                    sent_at=timezone.now(), last_error="",
                )
                # Account e-mails carry one-time links (password reset): not kept once sent.
                EmailDelivery.objects.filter(
                    pk__in=done, kind=EmailDelivery.Kind.ACCOUNT).update(
                    body_text="", body_html="")
                sent += len(done)
    finally:
        _close(connection)
    return sent, failed
