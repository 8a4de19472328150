"""Newsletters: the services (write, preview, test, send). Recipients (only people who opted
in) are in ``audience.py``; the background send is the ``newsletter_dispatch`` task."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from participa.core.actions import AuditAction
from participa.core.audit import audit_record, audited_create, audited_update
from participa.core.i18n import translated
from participa.core.models import Organization, User
from participa.notifications.audience import build_newsletter_email, newsletter_recipients
from participa.notifications.models import (
    EmailDelivery,
    Newsletter,
)
from participa.notifications.tasks import deliver_emails, newsletter_dispatch

EDITABLE = ("subject", "body", "audience", "space", "scope", "area")


def _check(org: Organization, values: dict[str, Any]) -> None:
    for name in ("space", "scope", "area"):
        obj = values.get(name)
        if obj is not None and obj.organization_id != org.pk:
            raise ValidationError({name: _("Choose one of the options.")})
    audience = values.get("audience")
    if audience in ("space", "scope", "area") and values.get(audience) is None:
        raise ValidationError({audience: _("Choose who receives the newsletter.")})
    if not translated(values.get("subject")):
        raise ValidationError({"subject": _("Write a subject.")})


@transaction.atomic
def newsletter_create(*, acting_user: User, organization: Organization,
                      values: dict[str, Any]) -> Newsletter:
    data = {k: values.get(k) for k in EDITABLE}
    _check(organization, data)
    result: Newsletter = audited_create(
        Newsletter, organization=organization, actor=acting_user,
        action=AuditAction.NEWSLETTER_CREATE,
        values={**data, "organization": organization, "created_by": acting_user},
    )
    return result


@transaction.atomic
def newsletter_update(*, acting_user: User, newsletter: Newsletter,
                      values: dict[str, Any]) -> dict[str, list[Any]]:
    if newsletter.status != Newsletter.Status.DRAFT:
        raise ValidationError(_("A newsletter that has been sent cannot be changed."))
    data = {k: values.get(k) for k in EDITABLE}
    _check(newsletter.organization, data)
    return audited_update(newsletter, organization=newsletter.organization, actor=acting_user,
                          action=AuditAction.NEWSLETTER_UPDATE, values=data)


def newsletter_preview(newsletter: Newsletter, user: User) -> EmailDelivery:
    """The e-mail as ``user`` would receive it (not saved)."""
    return build_newsletter_email(newsletter, user, EmailDelivery.Kind.TEST)


@transaction.atomic
def newsletter_send_test(*, acting_user: User, newsletter: Newsletter) -> EmailDelivery:
    if not acting_user.email:
        raise ValidationError(_("Your account has no e-mail address."))
    delivery = newsletter_preview(newsletter, acting_user)
    delivery.save()
    audit_record(organization=newsletter.organization, actor=acting_user,
                 action=AuditAction.NEWSLETTER_SEND_TEST, obj=newsletter,
                 changes={"to": [None, acting_user.email]})

    transaction.on_commit(lambda: deliver_emails.enqueue([delivery.pk]))
    return delivery


@transaction.atomic
def newsletter_send(*, acting_user: User, newsletter: Newsletter) -> int:
    """Start sending in the background; answers the number of recipients."""
    locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if locked.status != Newsletter.Status.DRAFT:
        raise ValidationError(_("This newsletter has already been sent."))
    total = newsletter_recipients(locked).count()
    audited_update(locked, organization=locked.organization, actor=acting_user,
                   action=AuditAction.NEWSLETTER_SEND,
                   values={"status": Newsletter.Status.SENDING, "total": total})
    newsletter.status, newsletter.total = locked.status, locked.total

    transaction.on_commit(lambda: newsletter_dispatch.enqueue(locked.pk))
    return total


def newsletter_progress(newsletter: Newsletter) -> dict[str, int]:
    counts = dict(EmailDelivery.objects.filter(newsletter=newsletter).order_by()
                  .values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {"sent": counts.get("sent", 0), "pending": counts.get("pending", 0),
            "failed": counts.get("failed", 0), "total": newsletter.total}
