"""Registration for meetings: places, the waiting list, invitations, check-in at the door.

Every write keyword-only, atomic and audited. The rules every registration keeps:

- places are taken under the meeting's row lock (``SELECT … FOR UPDATE``): a person gets a
  place while ``registered_count < capacity`` (or without a capacity), otherwise the next
  number on the waiting list; the database refuses overbooking (``meeting_not_overbooked``)
  and a second registration of one person (``registration_once_per_person``);
- a place freed by a cancellation goes, in the same transaction, to the first person on the
  waiting list (lowest ``waiting_number``), who is told by e-mail;
- the e-mails (confirmation with the ``.ics`` file and the cancellation link, "you have a
  place", "you are No. N on the waiting list", the reminder the day before) leave once the
  transaction commits; the online link goes to registered participants only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.meetings import permissions
from participa.components.meetings.actions import MeetingAction
from participa.components.meetings.models import (
    Meeting,
    MeetingState,
    Registration,
    RegistrationMode,
    RegistrationState,
)
from participa.components.meetings.participants import person_name
from participa.core.audit import audited_create, audited_update
from participa.core.i18n import translated
from participa.core.models import User
from participa.notifications.services import follow_automatically
from participa.spaces.visibility import can_view

# Registered participants of an online meeting see its link from this long before the start.
LINK_SHOWN_BEFORE = datetime.timedelta(minutes=15)
# The reminder goes to registered participants of meetings starting within this time.
REMINDER_AHEAD = datetime.timedelta(hours=24)
ACTIVE = (RegistrationState.INVITED, RegistrationState.REGISTERED, RegistrationState.WAITING)


def _org(meeting: Meeting) -> Any:
    return meeting.component.space.organization


def _send(registration: Registration, kind: str) -> None:
    """Queue the e-mail ``kind`` to the person once the transaction commits."""
    # Local import: the task module imports the e-mail module, which reads these services'
    # constants.
    from participa.components.meetings.tasks import send_registration_email

    registration_id = registration.pk
    transaction.on_commit(lambda: send_registration_email.enqueue(registration_id, kind))


def online_link_visible(registration: Registration | None, meeting: Meeting,
                        now: datetime.datetime | None = None) -> bool:
    """The online link is shown to the registered participants of an online or hybrid
    meeting, from 15 minutes before the start until the end."""
    if registration is None or registration.state != RegistrationState.REGISTERED:
        return False
    if not meeting.is_online or not meeting.online_url or meeting.is_cancelled:
        return False
    now = now or timezone.now()
    return meeting.starts_at - LINK_SHOWN_BEFORE <= now <= meeting.ends_at


def _check_open(meeting: Meeting) -> None:
    """Refuse registration for a meeting that is not announced, is over or has started."""
    if meeting.state == MeetingState.DRAFT:
        raise ValidationError(_("This meeting is not announced yet: registration is not open."),
                              code="draft")
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("This meeting is cancelled: registration is closed."),
                              code="cancelled")
    if meeting.state == MeetingState.CLOSED:
        raise ValidationError(_("This meeting is over: registration is closed."),
                              code="closed")
    if meeting.starts_at <= timezone.now():
        raise ValidationError(_("This meeting has already started: registration is closed."),
                              code="started")
    if meeting.registration_mode == RegistrationMode.CLOSED:
        raise ValidationError(_("This meeting takes no registration."), code="no_registration")


def question_field(question: Mapping[str, Any]) -> str:
    """The form field (and error key) of one of the meeting's further questions."""
    return f"question_{question.get('id', '')}"


def _clean_answers(meeting: Meeting, answers: Mapping[str, Any]) -> tuple[dict[str, Any],
                                                                          dict[str, str]]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in meeting.questions or []:
        qid = str(question.get("id", ""))
        if not qid:
            continue
        label = translated(question.get("label") or {}) or qid
        value = answers.get(qid)
        if question.get("kind") == "yes_no":
            if value in (True, "yes", "true", "on"):
                cleaned[qid] = "yes"
            elif value in (False, "no", "false"):
                cleaned[qid] = "no"
            elif question.get("required"):
                errors[question_field(question)] = _(
                    "Answer “yes” or “no” to the question “%(question)s”.") % {
                    "question": label}
        else:
            text = str(value or "").strip()
            if text:
                cleaned[qid] = text[:2000]
            elif question.get("required"):
                errors[question_field(question)] = _(
                    "Answer the question “%(question)s”.") % {"question": label}
    return cleaned, errors


def _clean_form(meeting: Meeting, wants_to_speak: bool, speech_topic: str,
                accessibility_needs: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    speech_topic = (speech_topic or "").strip()
    if not meeting.ask_to_speak:
        wants_to_speak, speech_topic = False, ""
    if wants_to_speak and not speech_topic:
        errors["speech_topic"] = _("Write the topic of your intervention, or untick “I wish "
                                   "to speak”.")
    if not wants_to_speak:
        speech_topic = ""
    accessibility_needs = (accessibility_needs or "").strip() if meeting.ask_accessibility \
        else ""
    cleaned_answers, answer_errors = _clean_answers(meeting, answers)
    errors.update(answer_errors)
    if errors:
        raise ValidationError(errors)
    return {"wants_to_speak": wants_to_speak, "speech_topic": speech_topic,
            "accessibility_needs": accessibility_needs, "answers": cleaned_answers}


def _place(locked: Meeting) -> dict[str, Any]:
    """A place if one is free (counted at once), else the next number on the waiting list."""
    if locked.capacity is None or locked.registered_count < locked.capacity:
        Meeting.objects.filter(pk=locked.pk).update(registered_count=F("registered_count") + 1)
        locked.registered_count += 1
        return {"state": RegistrationState.REGISTERED, "waiting_number": None}
    last = (Registration.objects.filter(meeting=locked, waiting_number__isnull=False)
            .aggregate(last=Max("waiting_number"))["last"]) or 0
    return {"state": RegistrationState.WAITING, "waiting_number": last + 1}


def _already(registration: Registration) -> ValidationError:
    if registration.state == RegistrationState.WAITING:
        return ValidationError(_("You are already on the waiting list of this meeting (No. "
                                 "%(number)s).") % {"number": registration.waiting_number},
                               code="already")
    return ValidationError(_("You are already registered for this meeting."), code="already")


@transaction.atomic
def registration_create(*, acting_user: User, meeting: Meeting, wants_to_speak: bool = False,
                        speech_topic: str = "", accessibility_needs: str = "",
                        answers: Mapping[str, Any] | None = None) -> Registration:
    """Register ``acting_user`` for ``meeting`` (accepting an invitation in invitation mode):
    a place if one is free, else the waiting list. A confirmation e-mail follows."""
    if acting_user is None or not permissions.can_take_part(acting_user, meeting):
        raise ValidationError(_("Sign in with an account of this organization to register."),
                              code="sign_in")
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(locked)
    if not can_view(acting_user, locked):
        raise ValidationError(_("This meeting is open only to the members of its space."),
                              code="not_visible")
    existing = Registration.objects.filter(meeting=locked, user=acting_user,
                                           state__in=ACTIVE).first()
    if existing is not None and existing.state != RegistrationState.INVITED:
        raise _already(existing)
    if locked.registration_mode == RegistrationMode.INVITATION and existing is None:
        raise ValidationError(_("Registration for this meeting is by invitation only."),
                              code="invitation")
    values = _clean_form(locked, wants_to_speak, speech_topic, accessibility_needs,
                         answers or {})
    values.update(_place(locked))
    meeting.registered_count = locked.registered_count
    registration: Registration
    if existing is not None:
        audited_update(existing, organization=_org(meeting), actor=acting_user,
                       action=MeetingAction.REGISTRATION_CREATE, values=values)
        registration = existing
    else:
        registration = audited_create(
            Registration, organization=_org(meeting), actor=acting_user,
            action=MeetingAction.REGISTRATION_CREATE,
            values={"meeting": locked, "user": acting_user, **values})
    registration.meeting = meeting
    _send(registration, "registered" if registration.state == RegistrationState.REGISTERED
          else "waiting")
    # Those who register hear of a new date, place or link and of a cancellation.
    follow_automatically(user=acting_user, target=locked)
    return registration


def _promote_waiting(locked: Meeting, organization: Any) -> list[Registration]:
    """Give the free places of ``locked`` (under its row lock) to the waiting list, first
    come first served; each promoted person is told by e-mail."""
    promoted: list[Registration] = []
    while locked.capacity is None or locked.registered_count < locked.capacity:
        first = (Registration.objects.select_for_update()
                 .filter(meeting=locked, state=RegistrationState.WAITING)
                 .order_by("waiting_number").first())
        if first is None:
            break
        Meeting.objects.filter(pk=locked.pk).update(registered_count=F("registered_count") + 1)
        locked.registered_count += 1
        audited_update(first, organization=organization, actor=None,
                       action=MeetingAction.REGISTRATION_PROMOTE,
                       values={"state": RegistrationState.REGISTERED, "waiting_number": None,
                               "promoted_at": timezone.now()})
        first.meeting = locked
        _send(first, "promoted")
        promoted.append(first)
    return promoted


@transaction.atomic
def registration_promote_waiting(*, meeting: Meeting) -> list[Registration]:
    """Fill the meeting's free places from its waiting list (after more places were given)."""
    locked = Meeting.objects.select_for_update().select_related(
        "component__space__organization").get(pk=meeting.pk)
    if locked.state != MeetingState.SCHEDULED:
        return []
    return _promote_waiting(locked, _org(locked))


def _cancel(*, acting_user: User | None, registration: Registration,
            promote: bool = True) -> tuple[Registration, Meeting]:
    locked = Meeting.objects.select_for_update().select_related(
        "component__space__organization").get(pk=registration.meeting_id)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.state == RegistrationState.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."), code="cancelled")
    had_place = current.state == RegistrationState.REGISTERED
    audited_update(current, organization=_org(locked), actor=acting_user,
                   action=MeetingAction.REGISTRATION_CANCEL,
                   values={"state": RegistrationState.CANCELLED, "waiting_number": None,
                           "checked_in_at": None, "cancelled_at": timezone.now()})
    if had_place:
        Meeting.objects.filter(pk=locked.pk).update(registered_count=F("registered_count") - 1)
        locked.registered_count -= 1
        if promote and locked.state == MeetingState.SCHEDULED:
            _promote_waiting(locked, _org(locked))
    current.meeting = locked
    return current, locked


@transaction.atomic
def registration_cancel(*, acting_user: User | None, registration: Registration
                        ) -> Registration:
    """Cancel a registration (by the person, or through the secret link of the e-mail when
    ``acting_user`` is None): the place goes to the first person on the waiting list."""
    meeting = Meeting.objects.get(pk=registration.meeting_id)
    if meeting.state == MeetingState.SCHEDULED and meeting.starts_at <= timezone.now():
        raise ValidationError(_("The meeting has already started: the registration can no "
                                "longer be cancelled."), code="started")
    current, _locked = _cancel(acting_user=acting_user, registration=registration)
    return current


def _people_by_email(meeting: Meeting, addresses: Iterable[str]) -> list[User]:
    org = _org(meeting)
    wanted: list[str] = []
    for address in addresses:
        address = address.strip()
        if address and address.lower() not in [a.lower() for a in wanted]:
            wanted.append(address)
    if not wanted:
        raise ValidationError({"emails": _("Write at least one e-mail address.")},
                              code="empty")
    condition = Q()
    for address in wanted:
        condition |= Q(email__iexact=address)
    found = {user.email.lower(): user for user in User.objects.filter(
        condition, organization=org, is_active=True)}
    missing = [address for address in wanted if address.lower() not in found]
    if missing:
        raise ValidationError({"emails": _(
            "Nobody of this organization has these addresses: %(addresses)s.") % {
            "addresses": ", ".join(missing)}}, code="unknown")
    return [found[address.lower()] for address in wanted]


@transaction.atomic
def registration_invite(*, acting_user: User, meeting: Meeting,
                        emails: Iterable[str]) -> list[Registration]:
    """Invite people of the organization (by e-mail address) to a meeting: each gets an
    e-mail and registers from the meeting page. People already invited or registered are
    left as they are."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.state in (MeetingState.CANCELLED, MeetingState.CLOSED):
        raise ValidationError(_("This meeting is cancelled or over: nobody can be invited."),
                              code="final")
    if locked.registration_mode == RegistrationMode.CLOSED:
        raise ValidationError(_("This meeting takes no registration: choose “On invitation” "
                                "first."), code="no_registration")
    people = _people_by_email(meeting, emails)
    taken = set(Registration.objects.filter(meeting=locked, user__in=people, state__in=ACTIVE)
                .values_list("user_id", flat=True))
    invited = []
    for person in people:
        if person.pk in taken:
            continue
        registration = audited_create(
            Registration, organization=_org(meeting), actor=acting_user,
            action=MeetingAction.REGISTRATION_INVITE,
            values={"meeting": locked, "user": person, "state": RegistrationState.INVITED})
        registration.meeting = meeting
        if locked.state == MeetingState.SCHEDULED:
            _send(registration, "invited")
        invited.append(registration)
    return invited


@transaction.atomic
def registration_check_in(*, acting_user: User, registration: Registration) -> Registration:
    """Mark a registered participant present at the door."""
    current = Registration.objects.select_for_update().select_related("user").get(
        pk=registration.pk)
    if current.state != RegistrationState.REGISTERED:
        raise ValidationError(_("Only registered participants can be checked in."),
                              code="not_registered")
    state = Meeting.objects.filter(pk=current.meeting_id).values_list("state", flat=True).get()
    if state in (MeetingState.CANCELLED, MeetingState.DRAFT):
        raise ValidationError(_("Nobody can be checked in: the meeting is cancelled or not "
                                "announced."), code="not_held")
    if current.checked_in_at is not None:
        raise ValidationError(_("%(name)s is already checked in.") % {
            "name": person_name(current.user)}, code="already")
    audited_update(current, organization=_org(registration.meeting), actor=acting_user,
                   action=MeetingAction.REGISTRATION_CHECK_IN,
                   values={"checked_in_at": timezone.now()})
    return current


@transaction.atomic
def registration_check_in_undo(*, acting_user: User, registration: Registration
                               ) -> Registration:
    """Undo a check-in made by mistake."""
    current = Registration.objects.select_for_update().select_related("user").get(
        pk=registration.pk)
    if current.checked_in_at is None:
        raise ValidationError(_("%(name)s is not checked in.") % {
            "name": person_name(current.user)}, code="not_checked_in")
    audited_update(current, organization=_org(registration.meeting), actor=acting_user,
                   action=MeetingAction.REGISTRATION_CHECK_IN,
                   values={"checked_in_at": None})
    return current


def reminders_due(now: datetime.datetime | None = None) -> Any:
    """Registered participants of announced meetings starting within a day who have not had
    their reminder yet."""
    now = now or timezone.now()
    return Registration.objects.filter(
        state=RegistrationState.REGISTERED, reminder_sent_at__isnull=True,
        meeting__state=MeetingState.SCHEDULED, meeting__starts_at__gt=now,
        meeting__starts_at__lte=now + REMINDER_AHEAD)


def registration_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Send the reminder the day before to every registered participant, once per person:
    ``reminder_sent_at`` is claimed row by row, so running it again (or twice at the same
    time) sends nothing more. Answers the number of reminders queued."""
    now = now or timezone.now()
    sent = 0
    for registration_id in list(reminders_due(now).values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration_id, reminder_sent_at__isnull=True,
                state=RegistrationState.REGISTERED).update(reminder_sent_at=now)
            if claimed:
                registration = Registration(pk=registration_id)
                _send(registration, "reminder")
                sent += 1
    return sent


# --- personal data ------------------------------------------------------------------------------

def registrations_export(user: Any) -> dict[str, Any]:
    """The person's registrations, for "download my data"."""
    rows = []
    for registration in (Registration.objects.filter(user=user).select_related("meeting")
                         .order_by("created_at", "pk")):
        meeting = registration.meeting
        rows.append({
            "meeting": str(meeting), "starts_at": meeting.starts_at.isoformat(),
            "state": registration.state, "waiting_number": registration.waiting_number,
            "wants_to_speak": registration.wants_to_speak,
            "speech_topic": registration.speech_topic,
            "accessibility_needs": registration.accessibility_needs,
            "answers": registration.answers,
            "registered_at": registration.created_at.isoformat(),
            "cancelled_at": registration.cancelled_at.isoformat()
            if registration.cancelled_at else None,
            "checked_in_at": registration.checked_in_at.isoformat()
            if registration.checked_in_at else None,
        })
    return {"meeting_registrations": rows}


def registrations_erase(user: Any) -> None:
    """On the deletion of the account: cancel the person's registrations for meetings still
    to come (their places go to the waiting list) and clear what they wrote."""
    now = timezone.now()
    for registration in Registration.objects.filter(
            user=user, state__in=ACTIVE, meeting__starts_at__gt=now):
        _cancel(acting_user=None, registration=registration)
    Registration.objects.filter(user=user).update(speech_topic="", accessibility_needs="",
                                                  answers={})
