"""The race on PostgreSQL: 2 x N voters each casting twice at the same moment (two browser
tabs) leave exactly N ballots, one per voter; the second of each pair is told they already
voted and nothing of it is written."""

from __future__ import annotations

from typing import Any

import pytest

from participa.components.budgets.models import Ballot, Edition, Pool, Voter, VoterChannelLock
from participa.components.budgets.services.voting import ballot_cast
from participa.components.budgets.tests.conftest import make_component, make_space
from participa.components.budgets.tests.voting_support import (
    admitted,
    pool_for,
    resident_of,
    voting_edition,
)
from participa.core.models import Organization
from participa.testing import failures, refusals, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VOTERS = 5


def test_voters_casting_twice_at_once_leave_one_ballot_each(org: Organization) -> None:
    component = make_component(make_space(org))
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "approval")
    project = admitted(component, pool, ["1000"])[0]
    people = [resident_of(org, f"person{index}") for index in range(VOTERS)]

    def cast(person: Any) -> str:
        return ballot_cast(acting_user=person, edition=Edition.objects.get(pk=edition.pk),
                           pool=Pool.objects.get(pk=pool.pk), choices={project.pk: 1})

    outcomes = run_together(*[(lambda person=person: cast(person))
                              for person in people for _ in range(2)])

    assert failures(outcomes) == []
    assert len(refusals(outcomes)) == VOTERS
    assert {" ".join(error.messages) for error in refusals(outcomes)} == {
        "You have already voted in this pool."}
    assert len({outcome for outcome in outcomes if isinstance(outcome, str)}) == VOTERS
    assert Voter.objects.filter(pool=pool).count() == VOTERS
    assert Ballot.objects.filter(pool=pool).count() == VOTERS
    assert VoterChannelLock.objects.filter(edition=edition).count() == VOTERS
