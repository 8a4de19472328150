"""The active phase and the state of a process: from the dates, or set by hand."""

from __future__ import annotations

import pytest

from participa.spaces.models import Phase, Space, SpaceKind
from participa.spaces.tests.conftest import days, make_space


def active_title(space, today=None):
    phase = space.active_phase(today=today)
    return phase.title["en"] if phase is not None else None


def test_it_follows_the_dates(org):
    space = make_space(org, "plan", state="active")
    assert active_title(space) == "Phase 2"
    assert space.state() == "active"


def test_it_includes_the_first_and_last_day(org):
    space = make_space(org, "plan", state=None)
    Phase.objects.create(space=space, title={"en": "Only today"}, start_date=days(0),
                         end_date=days(0))
    assert active_title(space) == "Only today"
    assert space.active_phase(today=days(1)) is None
    assert space.active_phase(today=days(-1)) is None


def test_the_phase_set_by_hand_wins_over_the_dates(org):
    space = make_space(org, "plan", state="active")
    first = space.phases.get(title={"en": "Phase 1"})
    space.active_phase_manual = first
    space.save()
    space = Space.objects.get(pk=space.pk)
    assert space.active_phase() == first
    assert space.state() == "active"


def test_a_phase_set_by_hand_keeps_a_finished_process_open(org):
    space = make_space(org, "plan", state="set_by_hand")
    assert active_title(space) == "Phase 2"
    assert space.state() == "active"


def test_between_two_phases_there_is_no_active_phase_but_the_process_is_open(org):
    space = make_space(org, "plan", state=None)
    Phase.objects.create(space=space, title={"en": "Before"}, start_date=days(-20),
                         end_date=days(-5), position=0)
    Phase.objects.create(space=space, title={"en": "After"}, start_date=days(5),
                         end_date=days(20), position=1)
    assert space.active_phase() is None
    assert space.state() == "active"


def test_a_process_without_phases_is_upcoming(org):
    space = make_space(org, "plan", state=None)
    assert space.active_phase() is None
    assert space.state() == "upcoming"


def test_assemblies_are_always_active(org):
    space = make_space(org, "council", kind=SpaceKind.ASSEMBLY, state=None)
    assert space.state() == "active"


def test_when_the_phase_set_by_hand_is_deleted_the_dates_rule_again(org):
    space = make_space(org, "plan", state="active")
    first = space.phases.get(title={"en": "Phase 1"})
    space.active_phase_manual = first
    space.save()
    first.delete()
    space = Space.objects.get(pk=space.pk)
    assert space.active_phase_manual is None
    assert active_title(space) == "Phase 2"


@pytest.mark.parametrize("state", ["upcoming", "active", "past", "set_by_hand", "gap", "none"])
def test_the_database_filter_agrees_with_the_model(org, state):
    if state in ("gap", "none"):
        space = make_space(org, "plan", state=None)
        if state == "gap":
            Phase.objects.create(space=space, title={"en": "Before"}, start_date=days(-20),
                                 end_date=days(-5))
            Phase.objects.create(space=space, title={"en": "After"}, start_date=days(5),
                                 end_date=days(20))
    else:
        space = make_space(org, "plan", state=state)
    expected = {"set_by_hand": "active", "gap": "active", "none": "upcoming"}.get(state, state)
    assert space.state() == expected
    assert Space.objects.with_status().get(pk=space.pk).state() == expected
    for candidate in ("active", "upcoming", "past"):
        found = Space.objects.filter(pk=space.pk).filter_status(candidate).exists()
        assert found is (candidate == expected), candidate
