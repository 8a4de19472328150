"""Two officials changing the deadline at once: the second one's change is checked against the
first one's, so a deadline never moves back and the recorded changes form one chain
(PostgreSQL)."""

from __future__ import annotations

import itertools

import pytest

from participa.components.consultations.models import Consultation, DateChange
from participa.components.consultations.services.consultations import consultation_update
from participa.components.consultations.tests.conftest import days
from participa.testing import failures, refusals, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_officials_extending_at_once_never_shorten_the_deadline(consultation, manager,
                                                                    second_official):
    # Each official opened the edit page before the other one saved.
    stale = [Consultation.objects.get(pk=consultation.pk) for _ in range(2)]
    outcomes = run_together(*[
        (lambda user=user, day=day, page=page: consultation_update(
            acting_user=user, consultation=page, closes_on=days(day),
            date_change_reason=f"Extended to day {day}."))
        for (user, day), page in zip(((manager, 20), (second_official, 15)), stale, strict=True)
    ])

    assert failures(outcomes) == []
    consultation.refresh_from_db()
    assert consultation.closes_on == days(20)
    changes = list(DateChange.objects.order_by("id"))
    assert changes[0].old_value == days(10)
    for previous, change in itertools.pairwise(changes):
        assert change.old_value == previous.new_value
        assert change.new_value is not None and change.old_value is not None
        assert change.new_value > change.old_value
    assert changes[-1].new_value == days(20)
    assert len(changes) + len(refusals(outcomes)) == 2
