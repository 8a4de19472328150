"""Helpers of the voting tests: an edition in its voting phase with the commission's key, a
pool of admitted projects per voting method, and verified residents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from participa.components.budgets.models import (
    Edition,
    ElectionKey,
    Pool,
    Project,
    ProjectState,
    Residence,
)
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.tests.conftest import (
    make_edition,
    make_pool,
    make_project,
)
from participa.conftest import make_user
from participa.core.models import Organization, Scope, User
from participa.lib.ballots import generate_keypair
from participa.lib.ballots.sealing import key_fingerprint
from participa.spaces.models import Component
from participa.verifications.models import Authorization, Method, Status


def voting_edition(component: Component, **values: Any) -> tuple[Edition, str]:
    """An edition in its voting phase (residents of the city) with a published key; returns
    it and the PRIVATE key (which the commission keeps offline)."""
    edition = make_edition(component, phase=EditionPhase.VOTING,
                           residence=values.pop("residence", Residence.CITY), **values)
    public, private = generate_keypair()
    ElectionKey.objects.create(edition=edition, public_key=public,
                               fingerprint=key_fingerprint(public))
    # Opened by the organizers (services.results.voting_open, once reviews and appeals ended).
    Edition.objects.filter(pk=edition.pk).update(frozen_at=timezone.now())
    edition.refresh_from_db()
    return edition, private


def admitted(component: Component, pool: Pool, costs: list[str]) -> list[Project]:
    return [make_project(component, author=None, pool=pool, state=ProjectState.ADMITTED,
                         title=f"Project {pool.pk}-{index}",
                         items=(("All of it", cost),))
            for index, cost in enumerate(costs)]


def resident_of(org: Organization, name: str, scope: Scope | None = None) -> User:
    """A person whose address in the city (in ``scope``) staff confirmed."""
    user = make_user(org, name)
    Authorization.objects.create(organization=org, user=user, method=Method.ADDRESS,
                                 status=Status.GRANTED, granted_at=timezone.now(),
                                 scope=scope, address="Main street 1")
    return user


POOLS: dict[str, dict[str, Any]] = {
    "approval": {"method": "approval", "max_projects": 2},
    "cumulative": {"method": "cumulative", "points_total": 5, "max_points_per_project": 3,
                   "max_projects": None},
    "ranked": {"method": "ranked", "max_projects": 2},
    "knapsack": {"method": "knapsack", "max_projects": None},
}


def pool_for(edition: Edition, method: str, **values: Any) -> Pool:
    options: dict[str, Any] = {"name": method.title(), "amount": "100000",
                               "max_project_cost": Decimal("60000"), **POOLS[method], **values}
    return make_pool(edition, **options)
