"""Debate requests and public debates: every write typed, keyword-only, atomic and audited.

Law 52/2003 makes a public debate mandatory when an association or another authority asks for
it in writing; the city hall must then schedule it within the legal deadline
(:func:`participa.lib.legal.debate_request_deadline`) and publish its minutes afterwards.

A public debate is a meeting of the meetings component (type "public debate", linked to the
consultation and carrying the legal window of the requests it answers): it is created and
changed through :mod:`participa.components.meetings.services.meetings`, so that every page that
changes it keeps the legal checks, and residents register for it on the meeting's page.
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
from django.utils.translation import ngettext

from participa.attachments.services import attachment_create
from participa.components.consultations import permissions
from participa.components.consultations.actions import ConsultationAction, ConsultationJournalAction
from participa.components.consultations.models import (
    Consultation,
    ConsultationState,
    DebateRequest,
    DebateRequestState,
)
from participa.components.consultations.services.journal import consultation_line
from participa.components.meetings.actions import MeetingAction, MeetingJournalAction
from participa.components.meetings.models import (
    Meeting,
    MeetingFormat,
    MeetingState,
    MeetingType,
)
from participa.components.meetings.services.meetings import (
    meeting_create,
    meeting_line,
    meeting_update,
)
from participa.components.meetings.services.minutes import check_speakers_done
from participa.core.audit import Notice, audited_create, audited_update, record
from participa.core.i18n import translated
from participa.core.models import User, UserGroup
from participa.lib import legal
from participa.notifications.services import follow_automatically
from participa.spaces.models import Component
from participa.spaces.services import component_create, component_publish

# How long a debate lasts when only its start is given (the meeting needs an end).
DEBATE_DURATION = datetime.timedelta(hours=2)


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


def debates_held(queryset: QuerySet[Meeting],
                 now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """The debates of ``queryset`` that took place: announced (not cancelled) and started by
    ``now``."""
    return (queryset.filter(starts_at__lte=now or timezone.now())
            .exclude(state__in=[MeetingState.DRAFT, MeetingState.CANCELLED]))


def debates_without_minutes(consultation: Consultation) -> QuerySet[Meeting]:
    """Scheduled debates not held yet, or held without published minutes."""
    return (Meeting.objects.filter(consultation=consultation,
                                   minutes_published_at__isnull=True)
            .exclude(state=MeetingState.CANCELLED).order_by("starts_at", "id"))


def debates_pending_refusal(consultation: Consultation) -> str | None:
    """Why the consultation cannot be closed (nor its report published) while a debate is
    pending, as a sentence; None when every debate took place with its minutes published."""
    pending = list(debates_without_minutes(consultation)[:1])
    if not pending:
        return None
    when = formats.date_format(timezone.localtime(pending[0].starts_at), "DATETIME_FORMAT")
    return _("The public debate of %(date)s has not taken place or its minutes are not "
             "published yet: publish its minutes on the debates page first.") % {"date": when}


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _check_starts_at(consultation: Consultation, starts_at: datetime.datetime, *,
                     requests: Sequence[DebateRequest] = (), late_reason: str = "") -> str:
    """Refuse a date in the past or closer than the public notice the profile requires (Romania:
    3 days); for a debate answering ``requests``, a date before a request or (under a strict
    profile) after the legal deadline of a request; elsewhere a late date needs
    ``late_reason``.

    Returns the reason to record ("" when the date is within every deadline).
    """
    org = consultation.component.space.organization
    overrides = org.legal_parameters or None
    profile = str(consultation.legal_profile)
    today = timezone.localdate()
    notice_days = legal.meeting_notice_days(profile, overrides=overrides)
    earliest = legal.earliest_meeting_day(profile, today, overrides=overrides)
    deadline = min((item.respond_by for item in requests), default=None)
    strict = legal.get_profile(profile).strict_debate_deadline
    if deadline is not None and strict and deadline < earliest:
        # The request was answered too late: no day is both announced in time and within
        # the legal deadline.
        raise ValidationError({"starts_at": ngettext(
            "No date is left for this debate within the law: Law 52/2003 required it by "
            "%(deadline)s, and a public meeting must be announced at least %(days)d day "
            "before, so the earliest possible day is %(date)s. The request stays overdue in "
            "the register.",
            "No date is left for this debate within the law: Law 52/2003 required it by "
            "%(deadline)s, and a public meeting must be announced at least %(days)d days "
            "before, so the earliest possible day is %(date)s. The request stays overdue in "
            "the register.", notice_days) % {
                "deadline": _date(deadline), "days": notice_days, "date": _date(earliest)}},
            code="no_date")
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _(
            "A public debate cannot be scheduled in the past: choose a date and time from now "
            "on.")}, code="past")
    for item in requests:
        if starts_at < item.received_at:
            raise ValidationError({"starts_at": _(
                "The debate cannot take place before it was requested.")}, code="before")
    if timezone.localtime(starts_at).date() < earliest:
        raise ValidationError({"starts_at": ngettext(
            "A public meeting must be announced at least %(days)d day before it takes place: "
            "choose %(date)s or a later day.",
            "A public meeting must be announced at least %(days)d days before it takes place: "
            "choose %(date)s or a later day.", notice_days) % {
                "days": notice_days, "date": _date(earliest)}}, code="notice")
    if deadline is None or timezone.localtime(starts_at).date() <= deadline:
        return ""
    if strict:
        raise ValidationError({"starts_at": _(
            "Law 52/2003 requires the requested debate to be held by %(date)s: choose that day "
            "or an earlier one.") % {"date": _date(deadline)}}, code="deadline")
    late_reason = (late_reason or "").strip()
    if not late_reason:
        raise ValidationError({"late_reason": _(
            "The debate would take place after the legal deadline of %(date)s: write why. The "
            "reason is recorded and shown with the debate.") % {"date": _date(deadline)}},
            code="late_reason")
    return late_reason


def _check_place(place: str, online_url: str) -> None:
    if not place.strip() and not online_url.strip():
        raise ValidationError(
            _("Give the place of the debate, an online link, or both."), code="place")


def _format(place: str, online_url: str) -> str:
    if place.strip() and online_url.strip():
        return MeetingFormat.HYBRID
    return MeetingFormat.ONLINE if online_url.strip() else MeetingFormat.IN_PERSON


def debates_component(*, acting_user: User, consultation: Consultation) -> Component:
    """The meetings component of the consultation's space that holds its debates: the first
    one; where the space has none, one named "Public debates" is added (published when the
    consultations are)."""
    component = consultation.component
    found = (Component.objects.filter(space_id=component.space_id, type="meetings")
             .order_by("position", "id").first())
    if found is not None:
        return found
    org = component.space.organization
    names = {}
    for language in org.languages or [org.default_language]:
        with translation.override(language):
            names[language] = _("Public debates")
    created = component_create(space=component.space, acting_user=acting_user,
                               component_type="meetings", name=names)
    if component.published_at is not None:
        created = component_publish(component=created, acting_user=acting_user)
    return created


def _title(consultation: Consultation) -> dict[str, str]:
    """"Public debate on “<title>”" in each language of the organization (the consultation's
    title in that language, else in the one it has)."""
    org = consultation.component.space.organization
    title = consultation.title if isinstance(consultation.title, dict) else {}
    fallback = title.get(org.default_language) or translated(title) or consultation.slug
    titles = {}
    for language in org.languages or [org.default_language]:
        with translation.override(language):
            titles[language] = _("Public debate on “%(title)s”") % {
                "title": title.get(language) or fallback}
    return titles


@transaction.atomic
def debate_create(*, acting_user: User, consultation: Consultation,
                  starts_at: datetime.datetime, place: str = "",
                  online_url: str = "", requests: Sequence[DebateRequest] = (),
                  late_reason: str = "") -> Meeting:
    """A public debate the city hall organises (with or without a request): an announced
    meeting of the space's meetings component, linked to the consultation.

    Never in the past nor closer than the public notice; never before a request it answers;
    after a request's legal deadline only where the legal profile allows it, with
    ``late_reason``.
    """
    _check_place(place, online_url)
    # Serialised with closing as final: a closed consultation gets no new debate, and closing
    # waits for the minutes of every debate (``debates_pending_refusal``).
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.state == ConsultationState.FINAL:
        raise ValidationError(_("The consultation is closed as final: no debate can be added "
                                "to it."), code="final")
    if locked.state == ConsultationState.DRAFT:
        # Its meeting would be public: it would reveal the draft before it is announced.
        raise ValidationError(_("Announce the consultation before scheduling a public debate "
                                "on it."), code="draft")
    late_reason = _check_starts_at(consultation, starts_at, requests=requests,
                                   late_reason=late_reason)
    meeting = meeting_create(
        acting_user=acting_user,
        component=debates_component(acting_user=acting_user, consultation=consultation),
        data={"type": MeetingType.PUBLIC_DEBATE, "title": _title(consultation),
              "starts_at": starts_at, "ends_at": starts_at + DEBATE_DURATION,
              "format": _format(place, online_url), "address": place,
              "online_url": online_url, "late_reason": late_reason,
              # Residents say whether they wish to speak, and on what (Timișoara: 3 minutes).
              "ask_to_speak": True},
        publish=True,
        linking={"consultation": consultation,
                 "requested_at": min((item.received_at for item in requests), default=None),
                 "legal_deadline": min((item.respond_by for item in requests),
                                       default=None)},
    )
    record(organization=consultation.component.space.organization, actor=acting_user,
           action=ConsultationAction.DEBATE_CREATE, obj=consultation,
           changes={"debate": [None, meeting.pk], "starts_at": [None, starts_at.isoformat()]},
           public=[consultation_line(consultation, ConsultationJournalAction.DEBATE_SCHEDULED,
                                     starts_at=starts_at)],
           notice=Notice(event="consultation.debate_scheduled", target=consultation))
    return meeting


@transaction.atomic
def debate_schedule(*, acting_user: User, consultation: Consultation,
                    requests: Sequence[DebateRequest], starts_at: datetime.datetime,
                    place: str = "", online_url: str = "", late_reason: str = "") -> Meeting:
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


def _minute(value: datetime.datetime) -> datetime.datetime:
    return value.replace(second=0, microsecond=0)


@transaction.atomic
def debate_update(*, acting_user: User, debate: Meeting, starts_at: datetime.datetime,
                  place: str = "", online_url: str = "",
                  participants: int | None = None, late_reason: str | None = None) -> Meeting:
    """Change a debate; a new date follows the same rules as scheduling it."""
    _check_place(place, online_url)
    if participants is not None and participants < 0:
        raise ValidationError(_("The number of participants cannot be negative."),
                              code="participants")
    consultation = debate.consultation
    if consultation is None:
        raise ValidationError(_("This meeting is not a consultation's debate."),
                              code="not_debate")
    data: dict[str, Any] = {"format": _format(place, online_url), "address": place,
                            "online_url": online_url}
    if _minute(starts_at) != _minute(debate.starts_at):
        if debate.minutes_published_at is not None:
            raise ValidationError({"starts_at": _(
                "The minutes of this debate are published: its date can no longer change.")},
                code="held")
        data["late_reason"] = _check_starts_at(
            consultation, starts_at, requests=list(debate.requests.all()),
            late_reason=debate.late_reason if late_reason is None else late_reason)
        data["starts_at"] = starts_at
        data["ends_at"] = starts_at + (debate.ends_at - debate.starts_at)
    if any(getattr(debate, name) != value for name, value in data.items()):
        debate = meeting_update(acting_user=acting_user, meeting=debate, data=data)
    if participants != debate.participants:
        audited_update(debate, organization=consultation.component.space.organization,
                       actor=acting_user, action=MeetingAction.MEETING_UPDATE,
                       values={"participants": participants, "updated_at": timezone.now()})
    return debate


@transaction.atomic
def debate_minutes_upload(*, acting_user: User, debate: Meeting, file: IO[bytes] | File[Any],
                          participants: int | None, file_name: str = "",
                          size: int | None = None) -> Meeting:
    """Attach the minutes (minuta) of a debate, publish them with the number of participants
    and close the meeting.

    The file is checked like every attachment (``ValidationError`` when refused). A newer file
    replaces the previous minutes, which stay in the meeting's attachments for the record.
    """
    if participants is not None and participants < 0:
        raise ValidationError(_("The number of participants cannot be negative."),
                              code="participants")
    locked = Meeting.objects.select_for_update().get(pk=debate.pk)
    if locked.starts_at > timezone.now():
        raise ValidationError(_("The debate has not taken place yet: publish its minutes after "
                                "it is held."), code="not_held")
    if locked.state == MeetingState.CANCELLED:
        raise ValidationError(_("This debate was cancelled: it has no minutes."),
                              code="cancelled")
    if locked.state != MeetingState.CLOSED:
        # Publishing the minutes closes the debate: only once every speaker was heard or absent.
        check_speakers_done(locked)
    name = file_name or getattr(file, "name", "") or "minutes.pdf"
    if size is None:
        size = int(getattr(file, "size", 0) or 0)
    org = debate.component.space.organization
    date = timezone.localtime(debate.starts_at).date().isoformat()
    with translation.override(org.default_language):
        title = _("Minutes of the public debate of %(date)s") % {"date": date}
    attachment = attachment_create(
        acting_user=acting_user, target=debate, file=file, file_name=name, size=size,
        title={org.default_language: title},
    )
    now = timezone.now()
    values: dict[str, Any] = {"minutes": attachment, "participants": participants,
                              "minutes_published_at": now, "updated_at": now}
    if locked.state != MeetingState.CLOSED:
        values.update(state=MeetingState.CLOSED, closed_at=now)
    audited_update(
        debate, organization=org, actor=acting_user,
        action=MeetingAction.MEETING_MINUTES_PUBLISH, values=values,
        public=[meeting_line(debate, MeetingJournalAction.MINUTES_PUBLISHED)],
    )
    return debate


def overdue(request: DebateRequest, today: datetime.date | None = None) -> bool:
    """A pending request whose legal deadline has passed."""
    today = today or timezone.localdate()
    return request.state == DebateRequestState.PENDING and request.respond_by < today

