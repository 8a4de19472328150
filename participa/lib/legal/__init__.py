"""Legal timelines of public consultations (no Django imports).

API (stable; other code depends on it) — see the module's owner for the full implementation:

    PROFILES: dict[str, dict[str, Any]]       # profile code -> default parameters
    parameters(profile, overrides=None) -> dict[str, Any]
    check(profile, timeline, *, overrides=None) -> list[Violation]
    debate_request_deadline(profile, received_on, *, overrides=None) -> date
    report_due(profile, closes_on, *, overrides=None) -> date | None
    add_working_days(day, n, country="RO") -> date
    working_days_between(start, end, country="RO") -> int

A violation names its rule with a stable code (e.g. "ro.min_comment_days") that the web layer
turns into a translated sentence, and the earliest date that would satisfy it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

PROFILES: dict[str, dict[str, Any]] = {
    "ro-law-52-2003": {},
    "pl-art-5a": {},
    "eu-better-regulation": {},
}


@dataclass(frozen=True)
class Timeline:
    announced_on: datetime.date | None
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    endorsement_on: datetime.date | None = None
    adoption_on: datetime.date | None = None
    urgency: bool = False
    channels: tuple[str, ...] = ()   # channels besides online: "email", "post", "in_person"


@dataclass(frozen=True)
class Violation:
    rule: str
    earliest: datetime.date | None = None
    params: dict[str, Any] = field(default_factory=dict)


def parameters(profile: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    return {**PROFILES.get(profile, {}), **(overrides or {})}


def check(profile: str, timeline: Timeline, *,
          overrides: dict[str, Any] | None = None) -> list[Violation]:
    return []


def debate_request_deadline(profile: str, received_on: datetime.date, *,
                            overrides: dict[str, Any] | None = None) -> datetime.date:
    return received_on + datetime.timedelta(days=10)


def report_due(profile: str, closes_on: datetime.date, *,
               overrides: dict[str, Any] | None = None) -> datetime.date | None:
    return None
