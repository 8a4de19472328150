"""django-allauth's e-mails (address confirmation, password reset, …) through the e-mail
queue: rendered in the person's own language, branded with the organization, recorded as an
``EmailDelivery`` and sent right away; when the mail server is down the page still succeeds
and the delivery is retried later (``send_pending_emails``)."""

from __future__ import annotations

import logging
from typing import Any

from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_str

from participa.core.auth import AccountAdapter as CoreAccountAdapter
from participa.core.auth import request_organization
from participa.core.models import Organization, User
from participa.notifications import emails
from participa.notifications.models import EmailDelivery
from participa.notifications.tasks import deliver_emails

logger = logging.getLogger(__name__)


def _person(org: Organization | None, email: str, context: dict[str, Any]) -> User | None:
    user = context.get("user")
    if isinstance(user, User) and user.pk:
        return user
    if org is None:
        return None
    return User.objects.filter(organization=org, email__iexact=email,
                               deleted_at__isnull=True).first()


class AccountAdapter(CoreAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        org = request_organization(allauth_context.request)
        text = force_str(subject)
        return f"{org.name}: {text}" if org is not None else text

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = allauth_context.request
        org = request_organization(request)
        user = _person(org, email, context)
        language = (emails.user_language(user, org) if user is not None and org is not None
                    else translation.get_language() or "en")
        with translation.override(language):
            message = self.render_mail(template_prefix, email, {
                "request": request, "email": email, "organization": org,
                "current_site": self._site(request), **context})
            text = str.__str__(message.body)
            html = str.__str__(render_to_string("notifications/email/account.html", {
                "organization": org, "subject": message.subject, "body_text": text,
                "site_url": emails.absolute_url(org, "/") if org is not None else "",
            }))
        if org is None:  # no organization (a superuser on a bare host): send, never fail
            try:
                message.send()
            except Exception:
                logger.warning("An account e-mail could not be sent", exc_info=True)
            return
        delivery = EmailDelivery.objects.create(
            organization=org, recipient=user, to_email=email, kind=EmailDelivery.Kind.ACCOUNT,
            subject=message.subject[:300], body_text=text, body_html=html,
        )

        # Sent now (or by the worker); a failure keeps it pending for the retries.
        deliver_emails.enqueue([delivery.pk])

    @staticmethod
    def _site(request: Any) -> Any:
        return get_current_site(request)
