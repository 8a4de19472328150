"""Fixtures of the proposals component: a process of the "urbanism" area in the "north" scope
with a published proposals component open for proposals, supports and comments."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from participa.components.proposals.models import (
    Channel,
    Proposal,
    ProposalState,
    Publication,
)
from participa.conftest import make_user
from participa.core.models import Area, Organization, Scope, User
from participa.spaces.models import Component, Phase, Space, SpaceKind, SpaceMembership, Visibility

SWITCHES = {"creation_enabled": True, "supports_enabled": True, "comments_enabled": True}


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def make_space(org: Organization, *, slug: str = "ideas-2027", area: Area | None = None,
               scope: Scope | None = None, visibility: str = Visibility.PUBLIC,
               published: bool = True) -> Space:
    space = Space.objects.create(
        organization=org, kind=SpaceKind.PROCESS, slug=slug,
        title={"en": "Ideas for the city", "ro": "Idei pentru oraș"},
        area=area, scope=scope, visibility=visibility,
        published_at=timezone.now() if published else None,
    )
    Phase.objects.create(space=space, title={"en": "Proposals"}, start_date=days(-10),
                         end_date=days(60), position=0)
    return space


def make_component(space: Space, *, published: bool = True,
                   switches: dict[str, bool] | None = None,
                   settings: dict[str, Any] | None = None) -> Component:
    """A proposals component whose active phase has ``switches`` (all on by default)."""
    phase = space.active_phase()
    phase_settings = {str(phase.pk): {**SWITCHES, **(switches or {})}} if phase else {}
    return Component.objects.create(
        space=space, type="proposals", name={"en": "Proposals", "ro": "Propuneri"},
        published_at=timezone.now() if published else None,
        phase_settings=phase_settings, settings=settings or {},
    )


def make_proposal(component: Component, *, author: User | None, number: int | None = None,
                  state: str = ProposalState.PUBLISHED, title: str = "More benches in the park",
                  body: str = "Benches every 100 metres along the main alley.",
                  **values: Any) -> Proposal:
    """A proposal straight in the database (no service: tests of the services build theirs)."""
    if number is None:
        number = Proposal.objects.filter(component=component).count() + 1
    published = state != ProposalState.DRAFT
    defaults: dict[str, Any] = {
        "channel": Channel.ONLINE if author is not None else Channel.LETTER,
        "publication": Publication.NAMED,
        "author_name": author.display_name if author is not None else "Ion Popescu",
        "title_public": title if published else "", "body_public": body if published else "",
        "published_at": timezone.now() if published else None,
    }
    if state == ProposalState.WITHDRAWN:
        defaults["withdrawn_at"] = timezone.now()
    defaults.update(values)
    return Proposal.objects.create(component=component, author=author, number=number,
                                   state=state, title=title, body=body, **defaults)


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
def proposal(component: Component, resident: User) -> Proposal:
    return make_proposal(component, author=resident)
