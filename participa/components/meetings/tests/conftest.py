"""Fixtures of the meetings component: a working group (an assembly) of the "urbanism" area in
the "north" scope, with a published meetings component and an announced meeting next week."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from participa.components.meetings.models import (
    Meeting,
    MeetingFormat,
    MeetingState,
    MeetingType,
    RegistrationMode,
)
from participa.conftest import make_user
from participa.core.models import Area, Organization, Scope, User
from participa.spaces.models import Component, Space, SpaceKind, SpaceMembership, Visibility


def at(days: int, hour: int = 17, minute: int = 0) -> datetime.datetime:
    """An aware local date-time ``days`` from today at ``hour``:``minute``."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_space(org: Organization, *, slug: str = "mobility-group", area: Area | None = None,
               scope: Scope | None = None, visibility: str = Visibility.PUBLIC,
               published: bool = True, kind: str = SpaceKind.ASSEMBLY) -> Space:
    return Space.objects.create(
        organization=org, kind=kind, slug=slug,
        title={"en": "Mobility working group", "ro": "Grupul de lucru pentru mobilitate"},
        area=area, scope=scope, visibility=visibility,
        published_at=timezone.now() if published else None,
    )


def make_component(space: Space, *, published: bool = True) -> Component:
    return Component.objects.create(
        space=space, type="meetings", name={"en": "Meetings", "ro": "Întâlniri"},
        published_at=timezone.now() if published else None,
    )


def make_meeting(component: Component, *, state: str = MeetingState.SCHEDULED,
                 starts_at: datetime.datetime | None = None, minutes: int = 120,
                 **values: Any) -> Meeting:
    """A meeting straight in the database (no service: tests of the services build theirs)."""
    starts_at = starts_at or at(7)
    defaults: dict[str, Any] = {
        "type": MeetingType.WORKING_GROUP, "title": {"en": "Monthly meeting on cycle lanes"},
        "format": MeetingFormat.IN_PERSON, "address": "Piața Libertății 1, Sala de consiliu",
        "registration_mode": RegistrationMode.OPEN,
        "published_at": None if state == MeetingState.DRAFT else timezone.now(),
    }
    if state == MeetingState.CANCELLED:
        defaults.update(cancelled_at=timezone.now(), cancel_reason="The room is not available.")
    defaults.update(values)
    return Meeting.objects.create(component=component, state=state, starts_at=starts_at,
                                  ends_at=starts_at + datetime.timedelta(minutes=minutes),
                                  **defaults)


@pytest.fixture
def space(org: Organization, area: Area, scope: Scope) -> Space:
    return make_space(org, area=area, scope=scope)


@pytest.fixture
def component(space: Space) -> Component:
    return make_component(space)


@pytest.fixture
def manager(org: Organization, space: Space) -> User:
    user = make_user(org, "manager")
    SpaceMembership.objects.create(space=space, user=user, role=SpaceMembership.Role.MANAGER)
    return user


@pytest.fixture
def meeting(component: Component) -> Meeting:
    return make_meeting(component)
