"""Fixtures of the back-office tests: spaces, phases and components of ``org``."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from participa.conftest import make_user
from participa.core.models import Area, AuditEntry, Organization, User
from participa.spaces.models import Component, Phase, Space, SpaceKind, SpaceMembership


@pytest.fixture
def other_area(org: Organization) -> Area:
    return Area.objects.create(organization=org, code="environment", name={"en": "Environment"})


@pytest.fixture
def process(org: Organization, area: Area) -> Space:
    """A published process of the official's area (urbanism)."""
    return Space.objects.create(
        organization=org, kind=SpaceKind.PROCESS, slug="budget-2027",
        title={"en": "Budget 2027"}, area=area, published_at=timezone.now(),
    )


@pytest.fixture
def other_area_process(org: Organization, other_area: Area) -> Space:
    return Space.objects.create(
        organization=org, kind=SpaceKind.PROCESS, slug="green-city",
        title={"en": "Green city"}, area=other_area,
    )


@pytest.fixture
def assembly(org: Organization) -> Space:
    return Space.objects.create(
        organization=org, kind=SpaceKind.ASSEMBLY, slug="youth-council",
        title={"en": "Youth council"}, published_at=timezone.now(),
    )


@pytest.fixture
def phases(process: Space) -> list[Phase]:
    today = timezone.localdate()
    return [
        Phase.objects.create(space=process, title={"en": "Proposals"}, position=0,
                             start_date=today - datetime.timedelta(days=10),
                             end_date=today + datetime.timedelta(days=10)),
        Phase.objects.create(space=process, title={"en": "Voting"}, position=1,
                             start_date=today + datetime.timedelta(days=11),
                             end_date=today + datetime.timedelta(days=20)),
        Phase.objects.create(space=process, title={"en": "Results"}, position=2,
                             start_date=today + datetime.timedelta(days=21),
                             end_date=today + datetime.timedelta(days=30)),
    ]


@pytest.fixture
def component(process: Space) -> Component:
    return Component.objects.create(space=process, type="pages", name={"en": "About"},
                                    settings={"show_table_of_contents": True})


@pytest.fixture
def space_manager(org: Organization, assembly: Space) -> User:
    """A resident who manages the youth council (and nothing else)."""
    user = make_user(org, "space_manager")
    SpaceMembership.objects.create(space=assembly, user=user,
                                   role=SpaceMembership.Role.MANAGER)
    return user


def last_entry(action: str) -> AuditEntry:
    entry = AuditEntry.objects.filter(action=action).order_by("-id").first()
    assert entry is not None, f"no audit entry {action!r}"
    return entry


@pytest.fixture
def audit() -> Any:
    """audit(action) -> the latest audit entry with this action."""
    return last_entry
