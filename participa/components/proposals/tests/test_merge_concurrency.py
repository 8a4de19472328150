"""Merging while residents support (PostgreSQL): a support arriving on the duplicate while
it is merged is counted once, and both counts match the rows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from participa.components.proposals.models import Proposal, ProposalState, Support
from participa.components.proposals.services.merge import proposal_merge
from participa.components.proposals.services.supports import support_create
from participa.components.proposals.tests.conftest import make_proposal
from participa.conftest import make_user
from participa.core.models import Organization, User
from participa.spaces.models import Component
from participa.testing import failures, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _support_now(proposal_pk: int, user: User) -> str:
    """The supports service itself, on a fresh copy of the proposal (as a request has)."""
    support_create(acting_user=user, proposal=Proposal.objects.get(pk=proposal_pk))
    return "supported"


def test_a_support_arriving_while_merging_is_counted_once(component: Component,
                                                          org: Organization,
                                                          admin: User) -> None:
    manager = admin
    residents = [make_user(org, f"r{i}") for i in range(6)]
    for round_number, person in enumerate(residents):
        a = make_proposal(component, author=None, title=f"A{round_number}")
        b = make_proposal(component, author=None, title=f"B{round_number}")
        # Already supports A: the support arriving on B must not count twice.
        Support.objects.create(proposal=a, user=person)
        Proposal.objects.filter(pk=a.pk).update(supports_count=1)
        def support(b: Proposal = b, person: User = person) -> str:
            return _support_now(b.pk, person)

        def merge(a: Proposal = a, b: Proposal = b) -> Proposal:
            return proposal_merge(acting_user=manager, source=b, target=a)

        outcomes = run_together(support, merge)
        assert failures(outcomes) == []
        a.refresh_from_db()
        b.refresh_from_db()
        assert a.supports_count == Support.objects.filter(proposal=a).count() == 1
        assert b.supports_count == Support.objects.filter(proposal=b).count()
        assert b.state == ProposalState.MERGED


def test_new_supporters_racing_a_merge_end_up_counted_once_on_the_target(
        component: Component, org: Organization, admin: User) -> None:
    """People who support only the duplicate, while it is being merged: each is counted
    once on the target (moved by the merge, or refused once the duplicate is merged)."""
    a = make_proposal(component, author=None, title="A")
    b = make_proposal(component, author=None, title="B")
    people = [make_user(org, f"late{i}") for i in range(4)]

    def supporter(person: User) -> Callable[[], object]:
        return lambda: _support_now(b.pk, person)

    def merge() -> object:
        return proposal_merge(acting_user=admin, source=b, target=a)

    calls = [supporter(person) for person in people]
    calls.insert(2, merge)
    outcomes = run_together(*calls)
    assert failures(outcomes) == []
    refused = sum(isinstance(outcome, ValidationError) for outcome in outcomes)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.supports_count == Support.objects.filter(proposal=a).count() == 4 - refused
    assert b.supports_count == Support.objects.filter(proposal=b).count() == 0
