"""Fixtures of the consultations component.

A process of the "urbanism" area in the "north" scope with an active phase; a published
``consultations`` component; ``consultation`` is announced and open (announced 40 days ago,
open from 5 days ago to 10 days from now) with a draft of three articles; ``manager`` runs the
space; ``second_official`` is another manager (for the four-eyes rule).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from participa.components.consultations.models import (
    Article,
    Channel,
    Consultation,
    ConsultationState,
    Contribution,
    ContributionType,
    DraftVersion,
    Publication,
    VersionKind,
)
from participa.components.meetings.models import (
    Meeting,
    MeetingFormat,
    MeetingState,
    MeetingType,
)
from participa.conftest import make_user
from participa.core.models import Area, Organization, Scope, User
from participa.spaces.models import Component, Phase, Space, SpaceKind, SpaceMembership, Visibility


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def make_space(org: Organization, *, slug: str = "decisions", area: Area | None = None,
               scope: Scope | None = None, visibility: str = Visibility.PUBLIC) -> Space:
    return Space.objects.create(
        organization=org, kind=SpaceKind.PROCESS, slug=slug,
        title={"en": "Draft decisions", "ro": "Proiecte de hotărâri"},
        area=area, scope=scope, visibility=visibility, published_at=timezone.now(),
    )


def make_component(space: Space, *, published: bool = True) -> Component:
    return Component.objects.create(
        space=space, type="consultations",
        name={"en": "Public consultations", "ro": "Consultări publice"},
        published_at=timezone.now() if published else None,
    )


ARTICLES = [
    ("art-1", "Art. 1", "Scope", "This decision sets the rules for parking in the city centre."),
    ("art-2", "Art. 2", "Fees", "Parking costs 5 lei per hour between 8:00 and 20:00."),
    ("art-3", "Art. 3", "Residents", "Residents of the centre pay 100 lei per year."),
]


def make_consultation(component: Component, *, slug: str = "parking-rules",
                      state: str = ConsultationState.PUBLISHED, announced: int = -40,
                      opens: int = -5, closes: int = 10, title: str = "Parking rules",
                      profile: str = "ro-law-52-2003", **extra: Any) -> Consultation:
    published = state != ConsultationState.DRAFT
    consultation = Consultation.objects.create(
        component=component, slug=slug, title={"en": title, "ro": "Regulament parcare"},
        summary={"en": "New parking fees in the centre."}, legal_profile=profile,
        announced_on=days(announced) if published else None,
        opens_on=days(opens), closes_on=days(closes), state=state,
        published_at=timezone.now() if published else None,
        channels={"online": True, "email": "consultare@primaria.example",
                  "post": "Bd. C.D. Loga 1, Timișoara", "in_person": ""},
        contact_name="Ioana Popescu", contact_email="consultare@primaria.example",
        **extra,
    )
    version = DraftVersion.objects.create(consultation=consultation, number=1,
                                          kind=VersionKind.DRAFT)
    for position, (key, number, heading, body) in enumerate(ARTICLES):
        Article.objects.create(version=version, key=key, number=number, heading=heading,
                               body=body, level=1, position=position)
    return consultation


def make_debate(consultation: Consultation, *, starts_at: datetime.datetime,
                place: str = "", online_url: str = "", **values: Any) -> Meeting:
    """A consultation's public debate (a meeting) straight in the database, in the first
    meetings component of the consultation's space (added, published, if there is none)."""
    space = consultation.component.space
    component = (Component.objects.filter(space=space, type="meetings").order_by("position", "id")
                 .first())
    if component is None:
        component = Component.objects.create(space=space, type="meetings",
                                             name={"en": "Public debates"}, position=1,
                                             published_at=timezone.now())
    meeting_format = (MeetingFormat.HYBRID if place and online_url
                      else MeetingFormat.ONLINE if online_url else MeetingFormat.IN_PERSON)
    defaults: dict[str, Any] = {
        "type": MeetingType.PUBLIC_DEBATE, "title": {"en": f"Public debate on {consultation}"},
        "state": MeetingState.SCHEDULED, "published_at": timezone.now(),
        "format": meeting_format, "address": place, "online_url": online_url,
    }
    defaults.update(values)
    return Meeting.objects.create(component=component, consultation=consultation,
                                  starts_at=starts_at,
                                  ends_at=starts_at + datetime.timedelta(hours=2), **defaults)


def make_contribution(consultation: Consultation, *, author: User | None = None,
                      body: str = "Please lower the fee to 3 lei.", number: int | None = None,
                      channel: str = Channel.ONLINE, publication: str = Publication.NAMED,
                      approved: bool = True, article: Article | None = None,
                      **extra: Any) -> Contribution:
    """A contribution straight in the database (tests of services go through services)."""
    if number is None:
        number = consultation.next_number
        consultation.next_number = number + 1
        consultation.save(update_fields=["next_number"])
    return Contribution.objects.create(
        consultation=consultation, number=number, type=extra.pop("type", ContributionType.PROPOSAL),
        channel=channel, body=body, body_redacted=body, author=author,
        author_name=extra.pop("author_name", author.display_name if author else "Ion Ionescu"),
        publication=publication, article=article,
        redaction_approved_at=timezone.now() if approved else None, **extra,
    )


@pytest.fixture
def space(org: Organization, area: Area, scope: Scope) -> Space:
    space = make_space(org, area=area, scope=scope)
    Phase.objects.create(space=space, title={"en": "Consultation"}, start_date=days(-60),
                         end_date=days(60), position=0)
    return space


@pytest.fixture
def component(space: Space) -> Component:
    return make_component(space)


@pytest.fixture
def consultation(component: Component) -> Consultation:
    return make_consultation(component)


@pytest.fixture
def articles(consultation: Consultation) -> list[Article]:
    return list(Article.objects.filter(version__consultation=consultation).order_by("position"))


@pytest.fixture
def manager(org: Organization, space: Space) -> User:
    user = make_user(org, "manager")
    SpaceMembership.objects.create(space=space, user=user, role=SpaceMembership.Role.MANAGER)
    return user


@pytest.fixture
def second_official(org: Organization, space: Space) -> User:
    user = make_user(org, "second_official")
    SpaceMembership.objects.create(space=space, user=user, role=SpaceMembership.Role.MANAGER)
    return user

