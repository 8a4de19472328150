"""A space's state is computed once, in the database (``SpaceQuerySet.with_status()``): the
state filter of the list of processes returns exactly the rows that show that state, at the
boundary instants of the organization's day (not the server's)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from participa.spaces.models import Phase, Space, SpaceKind
from participa.spaces.tests.conftest import make_space

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")  # the server's default is Europe/Bucharest
# The last instant of 11 March in Warsaw (already 12 March in Bucharest), and the instant the
# day ends there (still 11 March in UTC).
LAST_MOMENT = datetime.datetime(2026, 3, 11, 23, 59, 59, 999999, tzinfo=WARSAW)
DAY_OVER = datetime.datetime(2026, 3, 12, 0, 0, tzinfo=WARSAW)


def on(day: int) -> datetime.date:
    return datetime.date(2026, 3, day)


# slug: phases as (start, end); "by-hand" also has its phase set by hand.
PLANS: dict[str, list[tuple[int, int]]] = {
    "no-phases": [],
    "starts-tomorrow": [(12, 20)],
    "later": [(15, 20)],
    "ends-today": [(1, 11)],
    "between-phases": [(1, 5), (20, 25)],
    "running": [(1, 20)],
    "over": [(1, 5)],
    "by-hand": [(1, 5)],
}
EXPECTED = {
    LAST_MOMENT: {
        "upcoming": {"no-phases", "starts-tomorrow", "later"},
        "active": {"ends-today", "between-phases", "running", "by-hand"},
        "past": {"over"},
    },
    DAY_OVER: {
        "upcoming": {"no-phases", "later"},
        "active": {"starts-tomorrow", "between-phases", "running", "by-hand"},
        "past": {"ends-today", "over"},
    },
}


@pytest.fixture
def frozen(monkeypatch, org):
    org.time_zone = "Europe/Warsaw"
    org.save()

    def freeze(instant: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: instant)

    return freeze


def make_fixture(org) -> None:
    for slug, plan in PLANS.items():
        space = make_space(org, slug, state=None)
        for position, (start, end) in enumerate(plan):
            Phase.objects.create(space=space, title={"en": f"Phase {position}"},
                                 start_date=on(start), end_date=on(end), position=position)
        if slug == "by-hand":
            space.active_phase_manual = space.phases.get()
            space.save()
    make_space(org, "council", kind=SpaceKind.ASSEMBLY)


BADGES = {"active": "Open now", "upcoming": "Upcoming", "past": "Finished"}


@pytest.mark.parametrize("instant", [LAST_MOMENT, DAY_OVER], ids=["last-moment", "day-over"])
def test_it_filters_each_state_to_exactly_the_processes_showing_it(client_for, org, frozen,
                                                                   instant):
    frozen(instant)
    make_fixture(org)
    client = client_for(None)
    everything = {space.slug: space.state() for space in
                  client.get("/processes/").context["spaces"]}
    expected = EXPECTED[instant]
    assert everything == {slug: state for state, slugs in expected.items() for slug in slugs}
    for state, slugs in expected.items():
        response = client.get("/processes/", {"state": state})
        assert {space.slug: space.state() for space in response.context["spaces"]} == \
            dict.fromkeys(slugs, state)
        html = response.content.decode()
        for other, label in BADGES.items():
            expected_count = len(slugs) if other == state else 0
            assert html.count(f">{label}</span>") == expected_count, (state, other)


@pytest.mark.parametrize("instant", [LAST_MOMENT, DAY_OVER], ids=["last-moment", "day-over"])
def test_the_model_reads_the_same_rule_with_or_without_the_annotation(org, frozen, instant):
    frozen(instant)
    make_fixture(org)
    today = instant.astimezone(WARSAW).date()
    expected = {slug: state for state, slugs in EXPECTED[instant].items() for slug in slugs}
    expected["council"] = "active"  # an assembly is always active
    annotated = {space.slug: space.state() for space in Space.objects.with_status(today)}
    plain = {space.slug: space.state(today) for space in Space.objects.all()}
    assert annotated == plain == expected


def test_an_unsaved_space_has_no_state(org):
    with pytest.raises(ValueError, match="unsaved space"):
        Space(organization=org, kind=SpaceKind.PROCESS).state()
