"""Supports racing on PostgreSQL: N residents each sending two supports at the same moment
leave exactly N rows and a count of N; the threshold is reached once, by the N-th; a
double click on the button supports once and never errs."""

from __future__ import annotations

import pytest

from participa.components.proposals.models import Proposal, Support
from participa.components.proposals.services.supports import support_create
from participa.components.proposals.tests.conftest import make_component, make_proposal
from participa.conftest import login, make_user
from participa.core.models import JournalEntry, Organization, User
from participa.spaces.models import Space
from participa.testing import failures, refusals, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
RESIDENTS = 6


def test_two_supports_each_at_once_count_one_per_resident(space: Space, resident: User,
                                                          org: Organization) -> None:
    component = make_component(space, settings={"threshold_supports": RESIDENTS})
    proposal = make_proposal(component, author=resident)
    people = [make_user(org, f"person{index}") for index in range(RESIDENTS)]

    outcomes = run_together(*[
        (lambda person=person: support_create(
            acting_user=person, proposal=Proposal.objects.get(pk=proposal.pk)).pk)
        for person in people for _ in range(2)])

    assert failures(outcomes) == []
    assert sorted({" ".join(error.messages) for error in refusals(outcomes)}) == [
        "You already support it."]
    assert len(refusals(outcomes)) == RESIDENTS
    proposal.refresh_from_db()
    assert Support.objects.filter(proposal=proposal).count() == RESIDENTS
    assert proposal.supports_count == RESIDENTS
    assert proposal.threshold_reached_at is not None
    assert JournalEntry.objects.filter(action="proposal_threshold").count() == 1


def test_a_double_click_supports_once_and_never_errs(space: Space, resident: User,
                                                     org: Organization) -> None:
    component = make_component(space)
    proposal = make_proposal(component, author=resident)
    person = make_user(org, "clicker")
    clients = [login(person) for _ in range(6)]
    url = proposal.get_absolute_url() + "support/"

    outcomes = run_together(*[(lambda client=client: client.post(url, {}))
                              for client in clients])

    assert failures(outcomes) == []
    assert sorted(response.status_code for response in outcomes) == [302] * 6
    assert Support.objects.filter(proposal=proposal, user=person).count() == 1
    proposal.refresh_from_db()
    assert proposal.supports_count == 1
