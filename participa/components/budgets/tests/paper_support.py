"""Helpers of the paper voting tests: an edition in its voting phase with a polling point
whose officials are ``clerk_a`` and ``clerk_b``, and a third official ``clerk_c``."""

from __future__ import annotations

from typing import Any

from participa.components.budgets.models import Edition, Pool, Project
from participa.components.budgets.models_paper import PollingPoint
from participa.components.budgets.tests.voting_support import admitted, pool_for
from participa.conftest import make_user
from participa.core.models import Organization, User
from participa.spaces.models import Component


def clerks(org: Organization) -> tuple[User, User, User]:
    return make_user(org, "clerk_a"), make_user(org, "clerk_b"), make_user(org, "clerk_c")


def polling_point(edition: Edition, officials: list[User], name: str = "School No. 5"
                  ) -> PollingPoint:
    point = PollingPoint.objects.create(edition=edition, name=name, address="Main street 5")
    point.officials.set(officials)
    return point


def approval_pool(component: Component, edition: Edition) -> tuple[Pool, list[Project]]:
    """An approval pool (at most 2 projects) with three admitted projects."""
    pool = pool_for(edition, "approval")
    return pool, admitted(component, pool, ["10000", "20000", "30000"])


def keying(point: PollingPoint, pool: Pool, **values: Any) -> dict[str, Any]:
    return {"polling_point": point, "pool": pool, "serial": "A-0001",
            "identifier": "1850101123456", **values}
