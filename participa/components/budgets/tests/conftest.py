"""Fixtures of the budgets component: a published process with a budgets component whose
edition is in its submission phase, a city-wide pool and a district pool, two categories and a
checklist point; helpers to build projects straight in the database and to move the edition's
dates to another phase."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from participa.components.budgets.models import (
    BudgetCategory,
    ChecklistItem,
    CostItem,
    Edition,
    Pool,
    Project,
    ProjectState,
    VotingMethod,
)
from participa.components.budgets.phases import EditionPhase
from participa.conftest import make_user
from participa.core.models import Organization, Scope, User
from participa.spaces.models import Component, Phase, Space, SpaceKind, SpaceMembership, Visibility


def at(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def on(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


# The edition's dates, relative to now, that put it in each phase.
PHASE_OFFSET: dict[str, float] = {
    EditionPhase.UPCOMING: 5, EditionPhase.SUBMISSION: -5, EditionPhase.REVIEW: -35,
    EditionPhase.APPEALS: -70, EditionPhase.VOTING: -95, EditionPhase.RESULTS: -104,
    EditionPhase.IMPLEMENTATION: -140,
}


def dates(start: float = -5) -> dict[str, Any]:
    """Submission from ``start`` days for 30 days, review to day 60, appeals to day 90, voting
    to day 100, results on day 110 (days from ``start``)."""
    return {
        "submission_opens_at": at(start), "submission_closes_at": at(start + 30),
        "review_ends_on": on(int(start) + 60), "voting_opens_at": at(start + 90),
        "voting_closes_at": at(start + 100), "results_on": on(int(start) + 110),
    }


def move_to(edition: Edition, phase: str) -> Edition:
    """Move the edition's dates so that it is in ``phase`` now (straight in the database)."""
    Edition.objects.filter(pk=edition.pk).update(**dates(PHASE_OFFSET[phase]))
    edition.refresh_from_db()
    return edition


def make_space(org: Organization, *, slug: str = "budget-2027",
               visibility: str = Visibility.PUBLIC, published: bool = True) -> Space:
    space = Space.objects.create(
        organization=org, kind=SpaceKind.PROCESS, slug=slug,
        title={"en": "Civic budget 2027", "ro": "Buget participativ 2027"},
        visibility=visibility, published_at=timezone.now() if published else None)
    Phase.objects.create(space=space, title={"en": "Budget"}, start_date=on(-200),
                         end_date=on(300), position=0)
    return space


def make_component(space: Space, *, published: bool = True) -> Component:
    return Component.objects.create(
        space=space, type="budgets", name={"en": "Civic budget", "ro": "Buget civic"},
        published_at=timezone.now() if published else None)


def make_edition(component: Component, *, phase: str = EditionPhase.SUBMISSION,
                 **values: Any) -> Edition:
    return Edition.objects.create(component=component,
                                  **{**dates(PHASE_OFFSET[phase]), **values})


def make_pool(edition: Edition, *, name: str = "City-wide", amount: str = "1000000",
              scope: Scope | None = None, **values: Any) -> Pool:
    defaults: dict[str, Any] = {"min_project_cost": Decimal("1000"),
                                "max_project_cost": Decimal("200000"),
                                "method": VotingMethod.APPROVAL, "max_projects": 3,
                                "rule": "greedy"}
    defaults.update(values)
    return Pool.objects.create(edition=edition, name={"en": name}, scope=scope,
                               amount=Decimal(amount), **defaults)


def make_project(component: Component, *, author: User | None, pool: Pool,
                 state: str = ProjectState.SUBMITTED, title: str = "Benches in the park",
                 description: str = "Ten benches along the main alley.",
                 items: tuple[tuple[str, str], ...] = (("Benches", "5000"),),
                 number: int | None = None, **values: Any) -> Project:
    """A project straight in the database (no service: tests of the services build theirs)."""
    if number is None:
        number = Project.objects.filter(component=component).count() + 1
    public = state != ProjectState.DRAFT
    now = timezone.now()
    defaults: dict[str, Any] = {
        "title_public": title if public else "", "description_public": description
        if public else "", "submitted_at": now if public else None,
        "published_at": now if public else None,
        "cost": sum((Decimal(amount) for _what, amount in items), Decimal(0)),
    }
    if state == ProjectState.WITHDRAWN:
        defaults["withdrawn_at"] = now
    defaults.update(values)
    project = Project.objects.create(component=component, author=author, pool=pool,
                                     number=number, state=state, title=title,
                                     description=description, **defaults)
    CostItem.objects.bulk_create([CostItem(project=project, description=what,
                                           description_public=what,
                                           amount=Decimal(amount), position=index)
                                  for index, (what, amount) in enumerate(items)])
    return project


@pytest.fixture
def space(org: Organization) -> Space:
    return make_space(org)


@pytest.fixture
def component(space: Space) -> Component:
    return make_component(space)


@pytest.fixture
def edition(component: Component) -> Edition:
    return make_edition(component)


@pytest.fixture
def district(org: Organization, scope: Scope) -> Scope:
    return scope


@pytest.fixture
def pool(edition: Edition) -> Pool:
    return make_pool(edition)


@pytest.fixture
def district_pool(edition: Edition, district: Scope) -> Pool:
    return make_pool(edition, name="North", amount="300000", scope=district,
                     max_project_cost=Decimal("100000"))


@pytest.fixture
def categories(edition: Edition) -> list[BudgetCategory]:
    return [BudgetCategory.objects.create(edition=edition, name={"en": "Parks"}, position=0),
            BudgetCategory.objects.create(edition=edition, name={"en": "Streets"},
                                          position=1)]


@pytest.fixture
def checklist(edition: Edition) -> list[ChecklistItem]:
    return [ChecklistItem.objects.create(edition=edition, text={"en": "Within competence"})]


@pytest.fixture
def manager(org: Organization, space: Space) -> User:
    user = make_user(org, "manager")
    SpaceMembership.objects.create(space=space, user=user, role=SpaceMembership.Role.MANAGER)
    return user


@pytest.fixture
def project(component: Component, resident: User, pool: Pool) -> Project:
    return make_project(component, author=resident, pool=pool)


# --- formal review and appeals -------------------------------------------------------------


def make_official(org: Organization, name: str, area: Any) -> User:
    from participa.core.models import Role, RoleKind

    user = make_user(org, name)
    Role.objects.create(organization=org, user=user, kind=RoleKind.OFFICIAL, area=area)
    return user


@pytest.fixture
def colleague(org: Organization, area: Any) -> User:
    """A second official of the ``official``'s department (urbanism)."""
    return make_official(org, "colleague", area)


@pytest.fixture
def other_department(org: Organization) -> Any:
    from participa.core.models import Area

    return Area.objects.create(organization=org, code="environment",
                               name={"en": "Environment"})


@pytest.fixture
def other_official(org: Organization, other_department: Any) -> User:
    """An official of another department (environment)."""
    return make_official(org, "other_official", other_department)
