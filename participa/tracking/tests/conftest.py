"""Fixtures of tracked items: an item of the "urbanism" department (the ``official``
persona's) in the "north" district, not published yet, and a published one."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest
from django.utils import timezone

from participa.core.models import Area, Organization, Scope
from participa.tracking.models import TrackedItem, TrackedStatus


def make_item(org: Organization, *, title: str = "Benches along the main alley",
              published: bool = False, **values: Any) -> TrackedItem:
    """A tracked item straight in the database (the services' tests build theirs)."""
    defaults: dict[str, Any] = {
        "status": TrackedStatus.PLANNED, "progress": 0,
        "published_at": timezone.now() if published else None,
    }
    defaults.update(values)
    return TrackedItem.objects.create(organization=org, title=title, **defaults)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def item(org: Organization, area: Area, scope: Scope) -> TrackedItem:
    return make_item(org, department=area, scope=scope,
                     planned_cost=decimal.Decimal("1234567.00"))


@pytest.fixture
def published_item(org: Organization, area: Area, scope: Scope) -> TrackedItem:
    return make_item(org, title="A playground in Parcul Rozelor", department=area,
                     scope=scope, planned_cost=decimal.Decimal("250000.00"), published=True,
                     status=TrackedStatus.IN_PROGRESS, progress=40)
