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
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participa.components.consultations import permissions
from participa.components.consultations.models import (
    Consultation,
    Debate,
    DebateRequest,
    DebateRequestState,
)
from participa.core.audit import audited_create, audited_update
from participa.core.models import User, UserGroup
from participa.lib import legal


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
                action="debate_request.create",
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
    from participa.notifications.services import follow_automatically

    # The requester hears when the debate is scheduled and when the minutes are out.
    follow_automatically(user=acting_user, target=consultation)
    return request


def _check_place(place: str, online_url: str) -> None:
    if not place.strip() and not online_url.strip():
        raise ValidationError(
            _("Give the place of the debate, an online link, or both."), code="place")


@transaction.atomic
def debate_create(*, acting_user: User, consultation: Consultation,
                  starts_at: datetime.datetime, place: str = "",
                  online_url: str = "") -> Debate:
    """A public debate the city hall organises (with or without a request)."""
    _check_place(place, online_url)
    org = consultation.component.space.organization
    debate: Debate = audited_create(
        Debate, organization=org, actor=acting_user, action="debate.create",
        values={"consultation": consultation, "starts_at": starts_at,
                "place": place.strip(), "online_url": online_url.strip()},
    )
    from participa.notifications.services import notify

    notify(event="consultation.debate_scheduled", target=consultation, actor=acting_user)
    return debate


@transaction.atomic
def debate_schedule(*, acting_user: User, consultation: Consultation,
                    requests: Sequence[DebateRequest], starts_at: datetime.datetime,
                    place: str = "", online_url: str = "") -> Debate:
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
                           starts_at=starts_at, place=place, online_url=online_url)
    org = consultation.component.space.organization
    for item in locked:
        audited_update(item, organization=org, actor=acting_user,
                       action="debate_request.schedule",
                       values={"state": DebateRequestState.SCHEDULED, "debate": debate})
    return debate


@transaction.atomic
def debate_update(*, acting_user: User, debate: Debate, starts_at: datetime.datetime,
                  place: str = "", online_url: str = "",
                  participants: int | None = None) -> Debate:
    _check_place(place, online_url)
    audited_update(
        debate, organization=debate.consultation.component.space.organization,
        actor=acting_user, action="debate.update",
        values={"starts_at": starts_at, "place": place.strip(),
                "online_url": online_url.strip(), "participants": participants},
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
    from participa.attachments.services import attachment_create

    if participants is not None and participants < 0:
        raise ValidationError(_("The number of participants cannot be negative."),
                              code="participants")
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
        debate, organization=org, actor=acting_user, action="debate.minutes_publish",
        values={"minutes": attachment, "participants": participants,
                "minutes_published_at": timezone.now()},
    )
    return debate


def overdue(request: DebateRequest, today: datetime.date | None = None) -> bool:
    """A pending request whose legal deadline has passed."""
    today = today or timezone.localdate()
    return request.state == DebateRequestState.PENDING and request.respond_by < today

