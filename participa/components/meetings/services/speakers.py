"""Speakers of a public debate: the registered people who asked to speak, in order, each marked
heard or absent by the staff.

The one list is :func:`speakers`; the staff page, the public list of topics and the closing
rule (``services.minutes.meeting_close``) all read it. A registration that wishes to speak and
has no speaker state yet counts as waiting (the registration form only records the wish).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.meetings.actions import MeetingAction
from participa.components.meetings.models import (
    Meeting,
    MeetingState,
    Registration,
    RegistrationState,
    SpeakerState,
)
from participa.core.audit import audited_update, record
from participa.core.models import Organization, User

# What the staff may set on a speaker.
MARKS = (SpeakerState.WAITING, SpeakerState.HEARD, SpeakerState.ABSENT)


def speakers(meeting: Meeting) -> QuerySet[Registration]:
    """The registered people who asked to speak, in speaking order (those not placed yet last,
    in the order they registered)."""
    return (Registration.objects
            .filter(meeting=meeting, wants_to_speak=True, state=RegistrationState.REGISTERED)
            .select_related("user")
            .order_by(F("speaker_position").asc(nulls_last=True), "created_at", "id"))


def speaker_state(registration: Registration) -> str:
    """The speaker's state, an empty one read as waiting."""
    return registration.speaker_state or SpeakerState.WAITING


def speakers_waiting(meeting: Meeting) -> int:
    """How many speakers are not marked heard or absent yet."""
    return sum(1 for registration in speakers(meeting)
               if speaker_state(registration) == SpeakerState.WAITING)


def _org(meeting: Meeting) -> Organization:
    return meeting.component.space.organization


def _speaker(meeting: Meeting, registration: Registration) -> Registration:
    if (registration.meeting_id != meeting.pk or not registration.wants_to_speak
            or registration.state != RegistrationState.REGISTERED):
        raise ValidationError(_("This person did not ask to speak at this meeting."),
                              code="not_speaker")
    return registration


def _not_closed(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.state in (MeetingState.CLOSED, MeetingState.CANCELLED):
        raise ValidationError(_("This meeting is closed or cancelled: its speakers no longer "
                                "change."), code="final")
    return locked


@transaction.atomic
def speaker_move(*, acting_user: User | None, meeting: Meeting, registration: Registration,
                 direction: str) -> bool:
    """Move a speaker one place up or down the list; False when already first or last."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose whether to move the speaker up or down."),
                              code="direction")
    _not_closed(meeting)
    _speaker(meeting, registration)
    ordered = list(speakers(meeting))
    index = next(i for i, row in enumerate(ordered) if row.pk == registration.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, row in enumerate(ordered, start=1):
        if row.speaker_position != position:
            Registration.objects.filter(pk=row.pk).update(speaker_position=position)
            row.speaker_position = position
    registration.speaker_position = ordered[other].speaker_position
    record(organization=_org(meeting), actor=acting_user,
           action=MeetingAction.REGISTRATION_SPEAKER_MOVE, obj=registration,
           changes={"speaker_position": [index + 1, other + 1]})
    return True


@transaction.atomic
def speaker_mark(*, acting_user: User | None, meeting: Meeting, registration: Registration,
                 state: str) -> Registration:
    """Mark a speaker heard or absent (or waiting again, to correct a mistake); only once the
    meeting has started."""
    if state not in MARKS:
        raise ValidationError(_("Choose heard, absent or waiting."), code="state")
    locked = _not_closed(meeting)
    _speaker(meeting, registration)
    if locked.starts_at > timezone.now():
        raise ValidationError(_("Speakers are marked heard or absent once the meeting has "
                                "started."), code="not_started")
    audited_update(registration, organization=_org(meeting),
                   actor=acting_user, action=MeetingAction.REGISTRATION_SPEAKER,
                   values={"speaker_state": state})
    return registration
