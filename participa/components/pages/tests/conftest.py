"""Fixtures of the pages component: a process of the "urbanism" area in the "north" scope."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from participa.components.pages.models import Page
from participa.conftest import make_user
from participa.core.models import Area, Organization, Scope, User
from participa.spaces.models import Component, Phase, Space, SpaceKind, SpaceMembership, Visibility


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def make_space(org: Organization, *, slug: str = "ogp-plan", area: Area | None = None,
               scope: Scope | None = None, visibility: str = Visibility.PUBLIC,
               published: bool = True) -> Space:
    return Space.objects.create(
        organization=org, kind=SpaceKind.PROCESS, slug=slug,
        title={"en": "Open government plan", "ro": "Plan de guvernare deschisă"},
        area=area, scope=scope, visibility=visibility,
        published_at=timezone.now() if published else None,
    )


def make_component(space: Space, *, published: bool = True,
                   phase_settings: dict[str, Any] | None = None) -> Component:
    return Component.objects.create(
        space=space, type="pages", name={"en": "Information", "ro": "Informații"},
        published_at=timezone.now() if published else None,
        phase_settings=phase_settings or {},
    )


def make_page(component: Component, slug: str, title: str, body: str = "",
              position: int = 0) -> Page:
    return Page.objects.create(component=component, slug=slug, title={"en": title},
                               body={"en": body}, position=position)


@pytest.fixture
def space(org: Organization, area: Area, scope: Scope) -> Space:
    space = make_space(org, area=area, scope=scope)
    Phase.objects.create(space=space, title={"en": "Diagnosis"}, start_date=days(-40),
                         end_date=days(-11), position=0)
    Phase.objects.create(space=space, title={"en": "Co-creation"}, start_date=days(-10),
                         end_date=days(10), position=1)
    return space


@pytest.fixture
def active_phase(space: Space) -> Phase:
    phase = space.active_phase()
    assert phase is not None
    return phase


@pytest.fixture
def component(space: Space, active_phase: Phase) -> Component:
    return make_component(space, phase_settings={str(active_phase.pk): {"comments_enabled": True}})


@pytest.fixture
def manager(org: Organization, space: Space) -> User:
    user = make_user(org, "manager")
    SpaceMembership.objects.create(space=space, user=user, role=SpaceMembership.Role.MANAGER)
    return user


@pytest.fixture
def two_pages(component: Component) -> list[Page]:
    return [
        make_page(component, "about", "About the plan", "## Why\n\nBecause **we care**.", 0),
        make_page(component, "calendar", "Calendar", "- March: workshops", 1),
    ]

