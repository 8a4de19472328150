"""Debate requests and public debates: every write typed, keyword-only, atomic and audited.

Law 52/2003 makes a public debate mandatory when an association or another authority asks for
it in writing; the city hall must then schedule it within the legal deadline
(:func:`participa.lib.legal.debate_request_deadline`) and publish its minutes afterwards.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from participa.attachments.services import attachment_create
from participa.components.consultations import permissions
from participa.components.consultations.actions import ConsultationAction, ConsultationJournalAction
from participa.components.consultations.models import (
    Consultation,
    ConsultationState,
    Debate,
    DebateRequest,
    DebateRequestState,
)
from participa.components.consultations.services.journal import consultation_line
from participa.core.audit import Notice, audited_create, audited_update
from participa.core.models import User, UserGroup
from participa.lib import legal
from participa.notifications.services import follow_automatically


def debate_request_deadline(consultation: Consultation,
                            received_on: datetime.date) -> datetime.date:
    """The legal date by which the city hall must schedule a debate requested that day."""
    org = consultation.component.space.organization
    return legal.debate_request_deadline(consultation.legal_profile, received_on,
                                         overrides=org.legal_parameters or None)


@transaction.atomic
def debate_request_create(*, acting_user: User, consultation: Consultation, group: UserGroup,
                          reason: str) -> DebateRequest:
    """A written request for a public debate, on behalf of a verified NGO or authority.

    Raises ``ValidationError`` with a sentence for the person when the group may not ask (the
    person is not a member, the group is not verified, the consultation is closed) or when the
    group has already asked for this consultation.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Write why a public debate is needed: the reason is part of the written request."),
            code="reason")
    if not permissions.can_request_debate(acting_user, consultation):
        raise ValidationError(
            _("Only members of a verified association or public authority can ask for a public "
              "debate, while the consultation is not closed."), code="forbidden")
    if group.pk not in {item.pk for item in permissions.requestable_groups(acting_user,
                                                                           consultation)}:
        raise ValidationError(
            _("You can ask for a debate only on behalf of a verified association or authority "
              "you are a member of."), code="group")
    if DebateRequest.objects.filter(consultation=consultation, group=group).exists():
        raise ValidationError(
            _("“%(group)s” has already asked for a public debate on this consultation; the "
              "request is on the consultation page.") % {"group": group.name}, code="duplicate")
    now = timezone.now()
    org = consultation.component.space.organization
    try:
        with transaction.atomic():
            request: DebateRequest = audited_create(
                DebateRequest, organization=org, actor=acting_user,
                action=ConsultationAction.DEBATE_REQUEST_CREATE,
                values={
                    "consultation": consultation,
                    "group": group,
                    "requested_by": acting_user,
                    "reason": reason,
                    "received_at": now,
                    "respond_by": debate_request_deadline(consultation,
                                                          timezone.localdate(now)),
                },
            )
    except (IntegrityError, ValidationError) as error:
        # Two members of the same group sending at the same moment: the database keeps one.
        if isinstance(error, ValidationError) and "__all__" not in getattr(
                error, "message_dict", {}):
            raise
        raise ValidationError(
            _("“%(group)s” has already asked for a public debate on this consultation; the "
              "request is on the consultation page.") % {"group": group.name},
            code="duplicate") from error

    # The requester hears when the debate is scheduled and when the minutes are out.
    follow_automatically(user=acting_user, target=consultation)
    return request


def debates_held(queryset: QuerySet[Debate],
                 now: datetime.datetime | None = None) -> QuerySet[Debate]:
    """The debates of ``queryset`` that took place: those that have started by ``now``."""
    return queryset.filter(starts_at__lte=now or timezone.now())


def debates_without_minutes(consultation: Consultation) -> QuerySet[Debate]:
    """Scheduled debates not held yet, or held without published minutes."""
    return Debate.objects.filter(consultation=consultation,
                                 minutes_published_at__isnull=True).order_by("starts_at", "id")


def debates_pending_refusal(consultation: Consultation) -> str | None:
    """Why the consultation cannot be closed (nor its report published) while a debate is
    pending, as a sentence; None when every debate took place with its minutes published."""
    pending = list(debates_without_minutes(consultation)[:1])
    if not pending:
        return None
    when = formats.date_format(timezone.localtime(pending[0].starts_at), "DATETIME_FORMAT")
    return _("The public debate of %(date)s has not taken place or its minutes are not "
             "published yet: publish its minutes on the debates page first.") % {"date": when}


def _check_starts_at(consultation: Consultation, starts_at: datetime.datetime, *,
                     requests: Sequence[DebateRequest] = (), late_reason: str = "") -> str:
    """For a debate answering ``requests``: refuse a date in the past, before a request, or
    (under a strict profile) after the legal deadline of a request; elsewhere a late date needs
    ``late_reason``. A debate the city organises on its own may be recorded after the fact.

    Returns the reason to record ("" when the date is within every deadline).
    """
    if not requests:
        return ""
    now = timezone.now()
    if starts_at < now:
        raise ValidationError({"starts_at": _(
            "A public debate cannot be scheduled in the past: choose a date and time from now "
            "on.")}, code="past")
    for item in requests:
        if starts_at < item.received_at:
            raise ValidationError({"starts_at": _(
                "The debate cannot take place before it was requested.")}, code="before")
    deadline = min(item.respond_by for item in requests)
    if timezone.localtime(starts_at).date() <= deadline:
        return ""
    deadline_text = formats.date_format(deadline, "DATE_FORMAT")
    if legal.get_profile(consultation.legal_profile).strict_debate_deadline:
        raise ValidationError({"starts_at": _(
            "Law 52/2003 requires the requested debate to be held by %(date)s: choose that day "
            "or an earlier one.") % {"date": deadline_text}}, code="deadline")
    late_reason = (late_reason or "").strip()
    if not late_reason:
        raise ValidationError({"late_reason": _(
            "The debate would take place after the legal deadline of %(date)s: write why. The "
            "reason is recorded and shown with the debate.") % {"date": deadline_text}},
            code="late_reason")
    return late_reason


def _check_place(place: str, online_url: str) -> None:
    if not place.strip() and not online_url.strip():
        raise ValidationError(
            _("Give the place of the debate, an online link, or both."), code="place")


@transaction.atomic
def debate_create(*, acting_user: User, consultation: Consultation,
                  starts_at: datetime.datetime, place: str = "",
                  online_url: str = "", requests: Sequence[DebateRequest] = (),
                  late_reason: str = "") -> Debate:
    """A public debate the city hall organises (with or without a request).

    Never in the past, never before a request it answers; after a request's legal deadline
    only where the legal profile allows it, with ``late_reason``.
    """
    _check_place(place, online_url)
    # Serialised with closing as final: a closed consultation gets no new debate, and closing
    # waits for the minutes of every debate (``debates_pending_refusal``).
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.state == ConsultationState.FINAL:
        raise ValidationError(_("The consultation is closed as final: no debate can be added "
                                "to it."), code="final")
    late_reason = _check_starts_at(consultation, starts_at, requests=requests,
                                   late_reason=late_reason)
    org = consultation.component.space.organization
    debate: Debate = audited_create(
        Debate, organization=org, actor=acting_user, action=ConsultationAction.DEBATE_CREATE,
        values={"consultation": consultation, "starts_at": starts_at,
                "place": place.strip(), "online_url": online_url.strip(),
                "late_reason": late_reason},
        public=[consultation_line(consultation, ConsultationJournalAction.DEBATE_SCHEDULED,
                                  starts_at=starts_at)],
        notice=Notice(event="consultation.debate_scheduled", target=consultation),
    )
    return debate


@transaction.atomic
def debate_schedule(*, acting_user: User, consultation: Consultation,
                    requests: Sequence[DebateRequest], starts_at: datetime.datetime,
                    place: str = "", online_url: str = "", late_reason: str = "") -> Debate:
    """Accept pending requests and schedule the debate that answers them (one debate may answer
    several requests)."""
    ids = [item.pk for item in requests]
    locked = list(DebateRequest.objects.select_for_update()
                  .filter(consultation=consultation, pk__in=ids).select_related("group"))
    if not locked or len(locked) != len(set(ids)):
        raise ValidationError(_("Choose at least one request of this consultation."),
                              code="requests")
    if any(item.state != DebateRequestState.PENDING for item in locked):
        raise ValidationError(
            _("One of the chosen requests already has a debate scheduled. Reload the page."),
            code="scheduled")
    debate = debate_create(acting_user=acting_user, consultation=consultation,
                           starts_at=starts_at, place=place, online_url=online_url,
                           requests=locked, late_reason=late_reason)
    org = consultation.component.space.organization
    for item in locked:
        audited_update(item, organization=org, actor=acting_user,
                       action=ConsultationAction.DEBATE_REQUEST_SCHEDULE,
                       values={"state": DebateRequestState.SCHEDULED, "debate": debate})
    return debate


@transaction.atomic
def debate_update(*, acting_user: User, debate: Debate, starts_at: datetime.datetime,
                  place: str = "", online_url: str = "",
                  participants: int | None = None, late_reason: str | None = None) -> Debate:
    """Change a debate; a new date follows the same rules as scheduling it."""
    _check_place(place, online_url)
    values: dict[str, Any] = {"starts_at": starts_at, "place": place.strip(),
                              "online_url": online_url.strip(), "participants": participants}
    if starts_at.replace(second=0, microsecond=0) != \
            debate.starts_at.replace(second=0, microsecond=0):
        if debate.minutes_published_at is not None:
            raise ValidationError({"starts_at": _(
                "The minutes of this debate are published: its date can no longer change.")},
                code="held")
        values["late_reason"] = _check_starts_at(
            debate.consultation, starts_at, requests=list(debate.requests.all()),
            late_reason=debate.late_reason if late_reason is None else late_reason)
    audited_update(
        debate, organization=debate.consultation.component.space.organization,
        actor=acting_user, action=ConsultationAction.DEBATE_UPDATE, values=values,
    )
    return debate


@transaction.atomic
def debate_minutes_upload(*, acting_user: User, debate: Debate, file: IO[bytes] | File[Any],
                          participants: int | None, file_name: str = "",
                          size: int | None = None) -> Debate:
    """Attach the minutes (minuta) of a debate and publish them with the number of participants.

    The file is checked like every attachment (``ValidationError`` when refused). A newer file
    replaces the previous minutes, which stay in the debate's attachments for the record.
    """
    if participants is not None and participants < 0:
        raise ValidationError(_("The number of participants cannot be negative."),
                              code="participants")
    if debate.starts_at > timezone.now():
        raise ValidationError(_("The debate has not taken place yet: publish its minutes after "
                                "it is held."), code="not_held")
    name = file_name or getattr(file, "name", "") or "minutes.pdf"
    if size is None:
        size = int(getattr(file, "size", 0) or 0)
    org = debate.consultation.component.space.organization
    date = timezone.localtime(debate.starts_at).date().isoformat()
    with translation.override(org.default_language):
        title = _("Minutes of the public debate of %(date)s") % {"date": date}
    attachment = attachment_create(
        acting_user=acting_user, target=debate, file=file, file_name=name, size=size,
        title={org.default_language: title},
    )
    audited_update(
        debate, organization=org, actor=acting_user,
        action=ConsultationAction.DEBATE_MINUTES_PUBLISH,
        values={"minutes": attachment, "participants": participants,
                "minutes_published_at": timezone.now()},
    )
    return debate


def overdue(request: DebateRequest, today: datetime.date | None = None) -> bool:
    """A pending request whose legal deadline has passed."""
    today = today or timezone.localdate()
    return request.state == DebateRequestState.PENDING and request.respond_by < today

