"""Fixtures of the spaces tests: processes with dated phases and assemblies with members."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from participa.core.models import Area, Organization, Scope
from participa.spaces.models import Phase, Space, SpaceKind, Visibility


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


# Phases relative to today for each state of a process: (start, end) offsets in days.
PHASE_PLANS: dict[str, list[tuple[int, int]]] = {
    "upcoming": [(10, 30), (31, 60)],
    "active": [(-30, -1), (0, 20), (21, 40)],
    "past": [(-90, -61), (-60, -30)],
    "set_by_hand": [(-90, -61), (-60, -30)],  # past dates, but an administrator chose a phase
}


def make_space(org: Organization, slug: str, *, kind: str = SpaceKind.PROCESS,
               title: str | None = None, state: str | None = "active",
               visibility: str = Visibility.PUBLIC, published: bool = True,
               area: Area | None = None, scope: Scope | None = None, **extra: Any) -> Space:
    space = Space.objects.create(
        organization=org, kind=kind, slug=slug, title={"en": title or slug.title()},
        visibility=visibility, published_at=timezone.now() if published else None,
        area=area, scope=scope, **extra,
    )
    if kind == SpaceKind.PROCESS and state is not None:
        for position, (start, end) in enumerate(PHASE_PLANS[state]):
            Phase.objects.create(space=space, title={"en": f"Phase {position + 1}"},
                                 start_date=days(start), end_date=days(end), position=position)
        if state == "set_by_hand":
            space.active_phase_manual = space.phases.order_by("position").last()
            space.save()
    return space

