"""Registering contributions: online by residents, and from other channels by staff.

Both take the next number of the consultation's register of recommendations under a row lock
(no gaps, no duplicates when people submit at the same moment), store the text as received
and its redacted version (approved later by a moderator), audit the registration without the
text, and keep any file as a private attachment of the contribution.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participa.attachments.services import attachment_create
from participa.components.consultations import permissions
from participa.components.consultations.actions import ConsultationAction
from participa.components.consultations.models import (
    Article,
    Channel,
    Consultation,
    ConsultationState,
    Contribution,
    DraftVersion,
)
from participa.core.audit import audit_record
from participa.core.i18n import translated
from participa.core.models import GroupMembership, Organization, User, UserGroup
from participa.intake.numbering import take_number
from participa.notifications import emails
from participa.notifications.models import EmailDelivery
from participa.notifications.services import follow_automatically
from participa.notifications.tasks import deliver_emails
from participa.redaction import engine as redaction

OFFLINE_CHANNELS = (Channel.EMAIL, Channel.POST, Channel.IN_PERSON)


class ContributionRefused(Exception):
    """The person may not contribute online now; ``code`` comes from
    ``permissions.contribution_refusal`` (login, forbidden, not_open_yet, closed, disabled)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _lock(consultation: Consultation) -> Consultation:
    """The consultation's row, locked until the end of the transaction (the register)."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    locked.component = consultation.component  # reuse the loaded component, space, org
    return locked


def _take_number(locked: Consultation, consultation: Consultation) -> int:
    """The next number of the consultation's register (no gaps: ``intake.numbering``)."""
    number = take_number(Consultation, locked.pk)
    locked.next_number = consultation.next_number = number + 1
    return number


def _first_version_id(consultation: Consultation) -> int | None:
    return (DraftVersion.objects.filter(consultation=consultation).order_by("number")
            .values_list("pk", flat=True).first())


def _check_article(consultation: Consultation, article: Article | None) -> None:
    if article is not None and article.version_id != _first_version_id(consultation):
        raise ValidationError({"article": _(
            "This article is not part of the draft under consultation. Choose an article "
            "from the list or comment on the whole draft.")})


def account_names(user: User | None) -> list[str]:
    """Every name of an account that must not be published with its text."""
    if user is None:
        return []
    names = [user.display_name, user.legal_name, user.first_name, user.last_name,
             user.get_full_name()]
    return [name for name in dict.fromkeys(n.strip() for n in names if n) if name]


def _create(*, consultation: Consultation, acting_user: User, org: Organization,
            values: dict[str, Any], names: list[str]) -> Contribution:
    result = redaction.redact_for(org, values["body"], names=names,
                                  officials=[consultation.contact_name])
    contribution = Contribution(
        consultation=consultation, body_redacted=result.text,
        redactions=redaction.spans_to_json(result.spans), **values,
    )
    contribution.full_clean()
    contribution.save()
    # The audit log keeps the registration, never the text or the sender's details.
    audit_record(organization=org, actor=acting_user, action=ConsultationAction.CONTRIBUTION_CREATE,
                 obj=contribution, changes={
                     key: [None, value] for key, value in {
                         "consultation": consultation.pk,
                         "number": contribution.number,
                         "channel": contribution.channel,
                         "type": contribution.type,
                         "publication": contribution.publication,
                         "article": contribution.article_id,
                         "group": contribution.group_id,
                         "is_late": contribution.is_late,
                         "received_at": contribution.received_at.isoformat(),
                         "redactions": len(contribution.redactions),
                     }.items()
                 })
    return contribution


def _attach(*, acting_user: User, contribution: Contribution, file: UploadedFile,
            org: Organization) -> None:
    name = file.name or "file"
    with translation.override(org.default_language):
        title = _("File of contribution %(label)s") % {"label": contribution.registration_label}
    try:
        attachment_create(acting_user=acting_user, target=contribution, file=file,
                          file_name=name, size=file.size or 0,
                          title={org.default_language: title})
    except ValidationError as error:  # the whole registration is rolled back
        field = "file" if contribution.channel == Channel.ONLINE else "original_file"
        raise ValidationError({field: error.messages}) from error


def _user_groups(user: User, org: Organization) -> set[int]:
    return set(UserGroup.objects.filter(
        organization=org, memberships__user=user,
        memberships__status=GroupMembership.Status.ACCEPTED,
    ).values_list("pk", flat=True))


@transaction.atomic
def contribution_submit_online(
    *,
    acting_user: User,
    consultation: Consultation,
    body: str,
    type: str,
    publication: str,
    article: Article | None = None,
    quote: str = "",
    group: UserGroup | None = None,
    file: UploadedFile | None = None,
) -> Contribution:
    """Register a contribution sent on the platform and e-mail its receipt.

    Raises ``ContributionRefused`` when the person may not contribute now, and
    ``ValidationError`` (with a message per field) for bad input.
    """
    locked = _lock(consultation)
    code = permissions.contribution_refusal(acting_user, locked)
    if code is not None:
        raise ContributionRefused(code)
    org = consultation.component.space.organization
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your contribution before sending it.")})
    _check_article(consultation, article)
    if group is not None and group.pk not in _user_groups(acting_user, org):
        raise ValidationError({"group": _(
            "You can only write on behalf of a group you are a member of.")})
    author_name = (acting_user.display_name or acting_user.legal_name
                   or acting_user.get_full_name())
    contribution = _create(
        consultation=consultation, acting_user=acting_user, org=org,
        names=account_names(acting_user),
        values={
            "number": _take_number(locked, consultation),
            "article": article,
            "quote": (quote or "").strip(),
            "type": type,
            "channel": Channel.ONLINE,
            "body": body,
            "author": acting_user,
            "author_name": author_name[:200],
            "author_email": acting_user.email or "",
            "group": group,
            "publication": publication,
            "received_at": timezone.now(),
        },
    )
    if file is not None:
        _attach(acting_user=acting_user, contribution=contribution, file=file, org=org)

    follow_automatically(user=acting_user, target=consultation)
    send_receipt(contribution=contribution, user=acting_user)
    return contribution


def is_late(consultation: Consultation, received_at: datetime.datetime) -> bool:
    """Received after the end of the last day for recommendations, in the city's time zone."""
    if consultation.closes_on is None:
        return False
    tz = zoneinfo.ZoneInfo(consultation.component.space.organization.time_zone)
    end = datetime.datetime.combine(consultation.closes_on + datetime.timedelta(days=1),
                                    datetime.time.min, tzinfo=tz)
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at, tz)
    return received_at >= end


@transaction.atomic
def contribution_register_offline(
    *,
    acting_user: User,
    consultation: Consultation,
    channel: str,
    received_at: datetime.datetime,
    author_name: str,
    body: str,
    type: str,
    publication: str,
    author_email: str = "",
    article: Article | None = None,
    quote: str = "",
    original_file: UploadedFile | None = None,
    source_id: str = "",
) -> Contribution:
    """Staff register an e-mail, a letter or an in-person submission (flagged late when it
    arrived after the deadline). The original file stays a private attachment."""
    if not permissions.can_manage_consultations(acting_user, consultation.component):
        raise PermissionDenied
    locked = _lock(consultation)
    if locked.state == ConsultationState.DRAFT:
        raise ValidationError(_("Contributions can be registered once the consultation is "
                                "announced."))
    if channel not in OFFLINE_CHANNELS:
        raise ValidationError({"channel": _("Choose how the contribution arrived: e-mail, "
                                            "post or in person.")})
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Type or paste the text of the contribution.")})
    _check_article(consultation, article)
    source_id = (source_id or "").strip()[:300]
    if source_id:
        existing = (Contribution.objects.filter(consultation=locked, source_id=source_id)
                    .values_list("number", flat=True).first())
        if existing is not None:
            raise ValidationError(_("This message is already registered as contribution "
                                    "no. %(number)s.") % {"number": existing})
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(
            received_at, zoneinfo.ZoneInfo(consultation.component.space.organization.time_zone))
    org = consultation.component.space.organization
    author_name = (author_name or "").strip()
    contribution = _create(
        consultation=consultation, acting_user=acting_user, org=org, names=[author_name],
        values={
            "number": _take_number(locked, consultation),
            "article": article,
            "quote": (quote or "").strip(),
            "type": type,
            "channel": channel,
            "body": body,
            "author": None,
            "author_name": author_name[:200],
            "author_email": (author_email or "").strip(),
            "publication": publication,
            "received_at": received_at,
            "is_late": is_late(consultation, received_at),
            "source_id": source_id,
            "registered_by": acting_user,
        },
    )
    if original_file is not None:
        _attach(acting_user=acting_user, contribution=contribution, file=original_file,
                org=org)
    return contribution


def send_receipt(*, contribution: Contribution, user: User) -> None:
    """E-mail the receipt to the author in their language, once the transaction commits."""
    if not user.email:
        return
    consultation = contribution.consultation
    component = consultation.component
    org = component.space.organization
    language = emails.user_language(user, org)
    path = reverse("spaces:consultations:receipt",
                   args=[component.space.slug, component.pk, consultation.slug,
                         contribution.number])
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(org.time_zone)):
        context = {
            "organization": org,
            "recipient": user,
            "contribution": contribution,
            "consultation_title": translated(consultation.title, language),
            "consultation_url": emails.absolute_url(org, consultation.get_absolute_url()),
            "receipt_url": emails.absolute_url(org, path),
            "article": contribution.article,
        }
        subject = " ".join(render_to_string("consultations/emails/receipt_subject.txt",
                                            context).split())
        text = render_to_string("consultations/emails/receipt.txt", context)
        html = render_to_string("consultations/emails/receipt.html", context)
    delivery = EmailDelivery.objects.create(
        organization=org, recipient=user, to_email=user.email,
        kind=EmailDelivery.Kind.NOTIFICATION, subject=subject[:300], body_text=text,
        body_html=html,
    )

    transaction.on_commit(lambda: deliver_emails.enqueue([delivery.pk]))
