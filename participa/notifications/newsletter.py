"""Newsletters: recipients (only people who opted in), services and the background send."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.actions import AuditAction
from participa.core.audit import audit_record, audited_create, audited_update
from participa.core.i18n import translated
from participa.core.models import Organization, User
from participa.core.text import render_markdown
from participa.notifications import emails, targets
from participa.notifications.models import (
    EmailDelivery,
    Follow,
    Newsletter,
    NewsletterAudience,
)
from participa.notifications.tasks import deliver_emails, newsletter_dispatch
from participa.spaces.models import Space

EDITABLE = ("subject", "body", "audience", "space", "scope", "area")
BATCH = 500


def opted_in(org: Organization) -> QuerySet[User]:
    return User.objects.filter(
        organization=org, is_active=True, deleted_at__isnull=True,
        notification_preferences__newsletter=True,
    ).exclude(email="")


def newsletter_recipients(newsletter: Newsletter) -> QuerySet[User]:
    """Who receives ``newsletter``: people who opted in, narrowed by the chosen audience.

    By scope / area: followers of the published spaces of that scope (and the scopes inside
    it) or of that area."""
    org = newsletter.organization
    qs = opted_in(org)
    audience = newsletter.audience
    if audience == NewsletterAudience.ALL:
        return qs
    space_type = ContentType.objects.get_for_model(Space)
    if audience == NewsletterAudience.SPACE:
        if newsletter.space is None:
            return qs.none()
        follows = Follow.objects.filter(content_type=space_type, object_id=newsletter.space.pk)
        return qs.filter(Exists(follows.filter(user=OuterRef("pk")))).filter(
            targets.users_who_can_see_q(newsletter.space))
    spaces = Space.objects.filter(organization=org, published_at__isnull=False)
    if audience == NewsletterAudience.SCOPE:
        if newsletter.scope is None:
            return qs.none()
        spaces = spaces.filter(scope_id__in=newsletter.scope.descendant_ids())
    elif audience == NewsletterAudience.AREA:
        if newsletter.area is None:
            return qs.none()
        spaces = spaces.filter(area=newsletter.area)
    else:
        return qs.none()
    follows = Follow.objects.filter(content_type=space_type,
                                    object_id__in=spaces.values("pk"), user=OuterRef("pk"))
    return qs.filter(Exists(follows))


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


def _build(newsletter: Newsletter, user: User, kind: str,
           language: str | None = None) -> EmailDelivery:
    lang = language or emails.user_language(user, newsletter.organization)
    return emails.build_delivery(
        org=newsletter.organization, user=user, kind=kind, template="newsletter",
        unsubscribe_kind="newsletter", newsletter_id=newsletter.pk if kind != "test" else None,
        language=lang,
        context={"subject": translated(newsletter.subject, lang),
                 "body_html": render_markdown(translated(newsletter.body, lang)),
                 "body_text": translated(newsletter.body, lang)},
    )


def newsletter_preview(newsletter: Newsletter, user: User) -> EmailDelivery:
    """The e-mail as ``user`` would receive it (not saved)."""
    return _build(newsletter, user, EmailDelivery.Kind.TEST)


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
            rows = [_build(newsletter, user, EmailDelivery.Kind.NEWSLETTER) for user in users]
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


def newsletter_progress(newsletter: Newsletter) -> dict[str, int]:
    counts = dict(EmailDelivery.objects.filter(newsletter=newsletter).order_by()
                  .values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {"sent": counts.get("sent", 0), "pending": counts.get("pending", 0),
            "failed": counts.get("failed", 0), "total": newsletter.total}
