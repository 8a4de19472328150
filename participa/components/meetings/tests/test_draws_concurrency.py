"""Two "run the draw" at once: the seats are drawn once (PostgreSQL)."""

from __future__ import annotations

import pytest

from participa.components.meetings.models import SeatApplication, SeatDraw, SeatDrawState
from participa.components.meetings.services.draws import seat_draw_run
from participa.components.meetings.tests.test_draws import apply_many, closed_with_value, open_draw
from participa.core.models import JournalEntry
from participa.spaces.models import SpaceMembership
from participa.testing import failures, refusals, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_runs_at_once_draw_once(component, manager, org):
    draw = open_draw(component, manager, seats=2)
    apply_many(draw, org, 6)
    closed_with_value(draw, manager)

    outcomes = run_together(
        lambda: seat_draw_run(acting_user=manager, draw=SeatDraw.objects.get(pk=draw.pk)),
        lambda: seat_draw_run(acting_user=manager, draw=SeatDraw.objects.get(pk=draw.pk)),
    )

    assert failures(outcomes) == []
    assert [error.messages for error in refusals(outcomes)] == [
        ["The seats of this draw are already drawn."]]
    draw.refresh_from_db()
    assert draw.state == SeatDrawState.DRAWN
    assert SeatApplication.objects.filter(selected=True).count() == 2
    assert SpaceMembership.objects.filter(position="citizen observer").count() == 2
    assert JournalEntry.objects.filter(action="seats_drawn").count() == 1
