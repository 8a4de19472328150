"""Meetings: create, change, announce, cancel. Every write keyword-only, atomic and audited.

The rules every meeting keeps, whatever page changes it:

- an announced meeting is never silently changed: a new date, place or link raises its
  iCalendar ``sequence``, is written in the public journal and notified to its followers;
- under a legal profile with a notice period (Romania: Law 52/2003 art. 7, 3 days) a public
  meeting cannot be announced, nor moved, to a day closer than the notice allows;
- a requested public debate keeps its legal window (``requested_at``, ``legal_deadline``): never
  before the request, and after the deadline only where the profile allows it, with a reason;
- once the minutes are published the date no longer changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.meetings.actions import MeetingAction, MeetingJournalAction
from participa.components.meetings.models import (
    Meeting,
    MeetingFormat,
    MeetingState,
    MeetingType,
)
from participa.components.meetings.services.registrations import registration_promote_waiting
from participa.core.audit import Notice, audited_create, audited_delete, audited_update
from participa.core.journal import Public
from participa.core.models import User
from participa.lib import legal
from participa.spaces.models import Component

# What staff may set on a meeting through ``meeting_create`` / ``meeting_update``.
EDITABLE = frozenset({
    "type", "title", "description", "starts_at", "ends_at", "format", "address",
    "location_hints", "latitude", "longitude", "online_url", "accessibility", "organizer_area",
    "organizer_space", "co_organizer", "scope", "registration_mode", "capacity", "ask_to_speak",
    "ask_accessibility", "questions", "speaker_minutes", "observer_seats", "late_reason",
})
# Set only by the component that links the meeting (a consultation's debate).
LINKING = frozenset({"consultation", "requested_at", "legal_deadline", "series"})
# Changes calendar applications and participants must hear of.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "format", "address", "online_url")


def legal_profile(meeting: Meeting) -> str:
    """The legal profile the meeting follows: its consultation's, else its organization's."""
    consultation = meeting.consultation
    if consultation is not None:
        return str(consultation.legal_profile)
    return str(meeting.component.space.organization.legal_profile)


def _overrides(meeting: Meeting) -> dict[str, Any] | None:
    return meeting.component.space.organization.legal_parameters or None


def earliest_day(meeting: Meeting, today: datetime.date | None = None) -> datetime.date:
    """The first day the meeting may take place if announced (or moved) ``today``."""
    return legal.earliest_meeting_day(legal_profile(meeting), today or timezone.localdate(),
                                      overrides=_overrides(meeting))


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def check_notice(meeting: Meeting, today: datetime.date | None = None) -> None:
    """Refuse a date closer than the profile's notice period (announcing or moving)."""
    days = legal.meeting_notice_days(legal_profile(meeting), overrides=_overrides(meeting))
    if not days:
        return
    first = earliest_day(meeting, today)
    if timezone.localtime(meeting.starts_at).date() < first:
        raise ValidationError({"starts_at": ngettext(
            "A public meeting must be announced at least %(days)d day before it takes place: "
            "choose %(date)s or a later day.",
            "A public meeting must be announced at least %(days)d days before it takes place: "
            "choose %(date)s or a later day.", days) % {"days": days, "date": _date(first)}},
            code="notice")


def check_legal_window(meeting: Meeting) -> None:
    """A requested debate: not before its request; by its legal deadline, or (where the
    profile allows) later with a reason."""
    if meeting.requested_at is not None and meeting.starts_at < meeting.requested_at:
        raise ValidationError({"starts_at": _(
            "The debate cannot take place before it was requested.")}, code="before")
    deadline = meeting.legal_deadline
    if deadline is None or timezone.localtime(meeting.starts_at).date() <= deadline:
        return
    if legal.get_profile(legal_profile(meeting)).strict_debate_deadline:
        raise ValidationError({"starts_at": _(
            "Law 52/2003 requires the requested debate to be held by %(date)s: choose that day "
            "or an earlier one.") % {"date": _date(deadline)}}, code="deadline")
    if not meeting.late_reason.strip():
        raise ValidationError({"late_reason": _(
            "The debate would take place after the legal deadline of %(date)s: write why. The "
            "reason is recorded and shown with the debate.") % {"date": _date(deadline)}},
            code="late_reason")


# The years a meeting may take place in: beyond them a date cannot be turned into a moment
# of the database (and is a typing mistake anyway).
FIRST_YEAR, LAST_YEAR = 1900, 2999


def _questions_valid(questions: Any) -> bool:
    """The further questions' shape, as the registration form reads it: a list of
    ``{"id": str, "label": {language: text}, "kind": "text" | "yes_no", "required": bool}``
    with distinct identifiers."""
    if not isinstance(questions, list):
        return False
    ids = set()
    for question in questions:
        if not isinstance(question, dict):
            return False
        qid, label = question.get("id"), question.get("label")
        if not isinstance(qid, str) or not qid.strip() or qid in ids:
            return False
        if not isinstance(label, dict) or not all(isinstance(text, str)
                                                  for text in label.values()):
            return False
        if question.get("kind", "text") not in ("text", "yes_no"):
            return False
        if not isinstance(question.get("required", False), bool):
            return False
        ids.add(qid)
    return True


def _check_shape(meeting: Meeting) -> None:
    """Sentences for what the database would refuse, in the person's language."""
    errors: dict[str, str] = {}
    for name in ("starts_at", "ends_at"):
        moment = getattr(meeting, name)
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            errors[name] = _("Choose a date between the years %(first)s and %(last)s.") % {
                "first": FIRST_YEAR, "last": LAST_YEAR}
    if errors:
        raise ValidationError(errors)
    if meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if meeting.speaker_minutes is not None and meeting.speaker_minutes < 1:
        errors["speaker_minutes"] = _("Give each speaker at least one minute.")
    if not _questions_valid(meeting.questions):
        errors["questions"] = _("Each further question needs an identifier, a label and a "
                                "kind (text, or yes or no).")
    if meeting.format != MeetingFormat.ONLINE and not meeting.address.strip():
        errors["address"] = _("Give the address of a meeting held in person.")
    if meeting.format != MeetingFormat.IN_PERSON and not meeting.online_url.strip():
        errors["online_url"] = _("Give the link of a meeting held online.")
    if (meeting.latitude is None) != (meeting.longitude is None):
        errors["latitude"] = _("Give both the latitude and the longitude of the map point, or "
                               "neither.")
    if meeting.capacity is not None and meeting.capacity < 1:
        errors["capacity"] = _("Give at least one place, or leave the places empty for no "
                               "limit.")
    elif meeting.capacity is not None and meeting.registered_count > meeting.capacity:
        errors["capacity"] = ngettext(
            "%(count)d person is already registered: the places cannot be fewer.",
            "%(count)d people are already registered: the places cannot be fewer.",
            meeting.registered_count) % {"count": meeting.registered_count}
    if meeting.co_organizer is not None and not meeting.co_organizer.is_verified:
        errors["co_organizer"] = _("Only a verified association can co-organize a meeting.")
    if meeting.consultation_id is not None and meeting.type != MeetingType.PUBLIC_DEBATE:
        errors["type"] = _("A consultation's debate is a public debate.")
    if errors:
        raise ValidationError(errors)


def _org(meeting: Meeting) -> Any:
    return meeting.component.space.organization


def meeting_line(meeting: Meeting, action: MeetingJournalAction, **params: Any) -> Public:
    """A public journal line about ``meeting``."""
    component = meeting.component
    return Public(action=action, item=meeting, url=meeting.get_absolute_url(),
                  space_id=component.space_id, component_id=component.pk,
                  params={"title": meeting.title or str(meeting), "starts_at": meeting.starts_at,
                          **params})


def _checked_values(data: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise TypeError(f"Not editable on a meeting: {', '.join(unknown)}")
    values = dict(data)
    for name in ("address", "online_url", "location_hints", "late_reason", "cancel_reason"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    return values


@transaction.atomic
def meeting_create(*, acting_user: User | None, component: Component,
                   data: Mapping[str, Any], publish: bool = False,
                   linking: Mapping[str, Any] | None = None) -> Meeting:
    """A new meeting (a draft unless ``publish``). ``linking`` carries what only the component
    that links it sets (a consultation, its legal window, a series)."""
    values = _checked_values(data, EDITABLE)
    values.update(_checked_values(linking or {}, LINKING))
    meeting = Meeting(component=component, **values)
    _check_shape(meeting)
    check_legal_window(meeting)
    meeting.full_clean()
    created: Meeting = audited_create(
        Meeting, organization=_org(meeting), actor=acting_user,
        action=MeetingAction.MEETING_CREATE,
        values={"component": component, **values},
    )
    if publish:
        meeting_publish(acting_user=acting_user, meeting=created)
    return created


@transaction.atomic
def meeting_publish(*, acting_user: User | None, meeting: Meeting) -> Meeting:
    """Announce a draft: it appears on the public pages, the calendars and the journal, and
    the followers of its space and component are invited."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.state != MeetingState.DRAFT:
        raise ValidationError(_("This meeting is already announced."), code="published")
    if meeting.starts_at <= timezone.now():
        raise ValidationError({"starts_at": _(
            "A meeting cannot be announced once it has started: change its date first.")},
            code="past")
    check_notice(meeting)
    now = timezone.now()
    audited_update(
        meeting, organization=_org(meeting), actor=acting_user,
        action=MeetingAction.MEETING_PUBLISH,
        values={"state": MeetingState.SCHEDULED, "published_at": now, "updated_at": now},
        public=[meeting_line(meeting, MeetingJournalAction.MEETING_ANNOUNCED)],
        notice=Notice(event="meeting.announced", target=meeting),
    )
    return meeting


@transaction.atomic
def meeting_update(*, acting_user: User | None, meeting: Meeting,
                   data: Mapping[str, Any], linking: Mapping[str, Any] | None = None) -> Meeting:
    """Change a meeting. Once announced, a change of date, place or link raises its
    ``sequence`` (calendars take it in), is written in the journal and notified."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.state in (MeetingState.CANCELLED, MeetingState.CLOSED):
        raise ValidationError(_("A cancelled or closed meeting can no longer change."),
                              code="final")
    values = _checked_values(data, EDITABLE)
    values.update(_checked_values(linking or {}, LINKING))
    before = {name: getattr(locked, name) for name in SCHEDULE_FIELDS}
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.registered_count = locked.registered_count
    changed = [name for name in SCHEDULE_FIELDS if getattr(meeting, name) != before[name]]
    moved = "starts_at" in changed
    if moved and locked.minutes_published_at is not None:
        raise ValidationError({"starts_at": _(
            "The minutes of this meeting are published: its date can no longer change.")},
            code="held")
    _check_shape(meeting)
    if moved or "late_reason" in values:
        check_legal_window(meeting)
    announced = locked.state == MeetingState.SCHEDULED
    if announced and moved:
        if meeting.starts_at <= timezone.now():
            raise ValidationError({"starts_at": _(
                "An announced meeting cannot be moved into the past.")}, code="past")
        check_notice(meeting)
    public: list[Public] = []
    notice = None
    values["updated_at"] = timezone.now()
    if announced and changed:
        values["sequence"] = locked.sequence + 1
        public = [meeting_line(meeting, MeetingJournalAction.MEETING_CHANGED)]
        notice = Notice(event="meeting.changed", target=meeting)
    audited_update(meeting, organization=_org(meeting), actor=acting_user,
                   action=MeetingAction.MEETING_UPDATE, values=values, public=public,
                   notice=notice)
    if announced and locked.capacity != meeting.capacity:
        # More places (or no limit any more): the waiting list moves up at once.
        registration_promote_waiting(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, acting_user: User | None, meeting: Meeting, reason: str) -> Meeting:
    """Cancel an announced meeting: kept, marked cancelled with the
    reason, shown as such in calendars (STATUS:CANCELLED) and notified. A requested public
    debate cannot be cancelled: the law requires it, move it instead."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"cancel_reason": _(
            "Write why the meeting is cancelled: the reason is published with it.")},
            code="reason")
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.state in (MeetingState.CANCELLED, MeetingState.CLOSED):
        raise ValidationError(_("This meeting is already cancelled or closed."), code="final")
    if locked.requested_at is not None:
        raise ValidationError(_(
            "This public debate was requested under the law and cannot be cancelled: move it "
            "to another date instead."), code="requested")
    if locked.minutes_published_at is not None:
        raise ValidationError(_("The minutes of this meeting are published: it took place."),
                              code="held")
    if locked.state == MeetingState.DRAFT:
        raise ValidationError(_("This meeting is not announced yet: delete the draft instead."),
                              code="draft")
    now = timezone.now()
    audited_update(
        meeting, organization=_org(meeting), actor=acting_user,
        action=MeetingAction.MEETING_CANCEL,
        values={"state": MeetingState.CANCELLED, "cancelled_at": now, "cancel_reason": reason,
                "sequence": locked.sequence + 1, "updated_at": now},
        public=[meeting_line(meeting, MeetingJournalAction.MEETING_CANCELLED)],
        notice=Notice(event="meeting.cancelled", target=meeting),
    )
    return meeting


def notice_help(component: Component, today: datetime.date | None = None) -> str:
    """The notice rule of ``component``'s organization in one sentence, for the help text of
    the staff form's date (empty where the profile sets no notice period)."""
    org = component.space.organization
    days = legal.meeting_notice_days(str(org.legal_profile),
                                     overrides=org.legal_parameters or None)
    if not days:
        return ""
    first = legal.earliest_meeting_day(str(org.legal_profile), today or timezone.localdate(),
                                       overrides=org.legal_parameters or None)
    return ngettext(
        "The law requires public meetings to be announced at least %(days)d day before they "
        "take place: a meeting announced today can take place on %(date)s or later.",
        "The law requires public meetings to be announced at least %(days)d days before they "
        "take place: a meeting announced today can take place on %(date)s or later.",
        days) % {"days": days, "date": _date(first)}


def announcement_sentence(meeting: Meeting) -> str:
    """When an announced meeting was announced, and, under a notice period, that it was
    announced early enough ("announced 5 days before, as the law requires")."""
    if meeting.published_at is None:
        return ""
    announced_on = timezone.localtime(meeting.published_at).date()
    days_before = (timezone.localtime(meeting.starts_at).date() - announced_on).days
    notice = legal.meeting_notice_days(legal_profile(meeting), overrides=_overrides(meeting))
    if notice and days_before >= notice:
        return ngettext(
            "Announced on %(date)s, %(count)d day before, as the law requires.",
            "Announced on %(date)s, %(count)d days before, as the law requires.",
            days_before) % {"date": _date(announced_on), "count": days_before}
    return _("Announced on %(date)s.") % {"date": _date(announced_on)}


@transaction.atomic
def meeting_delete(*, acting_user: User | None, meeting: Meeting) -> None:
    """Delete a draft (nobody was told of it); an announced meeting is cancelled instead."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.state != MeetingState.DRAFT:
        raise ValidationError(_("Only a draft can be deleted: cancel an announced meeting "
                                "instead."), code="announced")
    audited_delete(locked, organization=_org(meeting), actor=acting_user,
                   action=MeetingAction.MEETING_DELETE)
