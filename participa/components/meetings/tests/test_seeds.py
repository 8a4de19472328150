"""The demo content of a meetings component: every kind of meeting, a series, a workshop
with registrations, a past meeting with minutes and an open draw; a second run changes
nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from participa.components.meetings.models import (
    Meeting,
    MeetingState,
    MeetingType,
    SeatDraw,
    SeatDrawState,
)
from participa.components.meetings.seeds import seed
from participa.conftest import make_user
from participa.core.models import GroupKind, UserGroup

pytestmark = pytest.mark.django_db


def test_it_seeds_every_kind_of_meeting_once(component, manager, org):
    UserGroup.objects.create(organization=org, name="Asociația", slug="asociatia",
                             kind=GroupKind.NGO, verified_at=timezone.now())
    for n in range(4):
        make_user(org, f"demo{n}")

    seed(component)
    seed(component)

    meetings = Meeting.objects.filter(component=component)
    assert {m.type for m in meetings} == {
        MeetingType.WORKING_GROUP, MeetingType.INFORMATION, MeetingType.DUTY_HOURS,
        MeetingType.WORKSHOP}
    assert meetings.filter(series__isnull=False).count() == 10
    workshop = meetings.get(type=MeetingType.WORKSHOP)
    assert workshop.capacity == 12
    assert workshop.registered_count == workshop.registrations.count() == 5
    past = meetings.get(state=MeetingState.CLOSED)
    assert past.ends_at < timezone.now() and past.minutes_published_at is not None
    draw = SeatDraw.objects.get(component=component)
    assert draw.state == SeatDrawState.OPEN
    assert draw.applications.count() == 3
