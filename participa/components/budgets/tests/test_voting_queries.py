"""Casting a ballot costs the same fixed number of queries however many people already voted
(issue #13: "casting a ballot stays under a fixed number of queries"; bench/budgets.py
measures it at 10,000 and 100,000 voters)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participa.components.budgets.models import (
    Ballot,
    Edition,
    ElectionKey,
    Pool,
    Project,
    VoteChannel,
    Voter,
    VoterChannelLock,
)
from participa.components.budgets.services.voting import (
    ballot_cast,
    ballot_row,
    pool_rules,
    voter_key_for_identifier,
    voter_row,
)
from participa.components.budgets.tests.voting_support import (
    admitted,
    pool_for,
    resident_of,
    voting_edition,
)
from participa.core.models import Organization
from participa.lib.ballots import new_receipt, normalise
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db

# The edition's component, space and organization (3); eligibility: the election key and the
# residence (2); the ballot's projects; the voter key; the one-vote check; the election key;
# the channel lock (2); the voter, audit and ballot rows (3); 3 savepoints and releases (6).
CAST_QUERIES = 20
# The same through the voting page, plus the person, the component and its phases, the
# edition, the pool, and the page's own eligibility check and ballot's projects (3); the
# organization and the session come from caches.
PAGE_QUERIES = 25
# The ballot page: the person, the component and its phases, the edition, the pool, the
# eligibility (election key, residence) and the projects (linked through the page's component).
BALLOT_PAGE_QUERIES = 8


def existing_votes(edition: Edition, pool: Pool, projects: list[Project], count: int, *,
                   start: int = 0) -> None:
    """``count`` people of the register who already voted online in ``pool``, as the voting
    service writes them (sealed links, receipt digests, channel locks), inserted in bulk."""
    public_key = ElectionKey.objects.get(edition=edition).public_key
    rules = pool_rules(pool, projects)
    voters, ballots, locks = [], [], []
    for n in range(start, start + count):
        voter_key = voter_key_for_identifier(edition, "register", f"person-{n}")
        receipt = new_receipt()
        ballot_id = uuid.uuid4()
        choices = {projects[n % len(projects)].pk: 1}
        voters.append(voter_row(edition=edition, pool=pool, voter_key=voter_key,
                                channel=VoteChannel.ONLINE, ballot_id=ballot_id,
                                public_key=public_key, receipt=receipt))
        ballots.append(ballot_row(edition=edition, pool=pool, ballot_id=ballot_id,
                                  normalised=normalise(rules, choices), receipt=receipt))
        locks.append(VoterChannelLock(edition=edition, voter_key=voter_key,
                                      channel=VoteChannel.ONLINE))
    Voter.objects.bulk_create(voters)
    Ballot.objects.bulk_create(ballots)
    VoterChannelLock.objects.bulk_create(locks)


def fresh(row: Any) -> Any:
    """``row`` read again, as a request reads it (no relation cached from earlier calls)."""
    return type(row).objects.get(pk=row.pk)


@pytest.fixture
def ballot(component: Component) -> tuple[Edition, Pool, list[Project]]:
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "approval", max_projects=3)
    return edition, pool, admitted(component, pool, ["10000", "20000", "30000", "40000"])


def test_it_casts_a_ballot_in_the_same_queries_with_few_or_many_votes_cast(
        org: Organization, ballot: tuple[Edition, Pool, list[Project]],
        django_assert_num_queries: Any):
    edition, pool, projects = ballot
    first, second = resident_of(org, "first"), resident_of(org, "second")
    existing_votes(edition, pool, projects, 2)

    as_read, pool_read = fresh(edition), fresh(pool)
    with django_assert_num_queries(CAST_QUERIES):
        ballot_cast(acting_user=first, edition=as_read, pool=pool_read,
                    choices={projects[0].pk: 1, projects[1].pk: 1})
    existing_votes(edition, pool, projects, 400, start=2)
    as_read, pool_read = fresh(edition), fresh(pool)
    with django_assert_num_queries(CAST_QUERIES):
        ballot_cast(acting_user=second, edition=as_read, pool=pool_read,
                    choices={projects[2].pk: 1, projects[3].pk: 1})

    assert Voter.objects.filter(pool=pool).count() == 404
    assert Ballot.objects.filter(pool=pool).count() == 404


def test_the_voting_page_casts_a_ballot_in_the_same_queries_with_few_or_many_votes_cast(
        org: Organization, component: Component,
        ballot: tuple[Edition, Pool, list[Project]], client_for: Any):
    edition, pool, projects = ballot
    address = reverse("spaces:budgets:vote", args=[component.space.slug, component.pk, pool.pk])
    first, second = resident_of(org, "first"), resident_of(org, "second")
    first_client, second_client = client_for(first), client_for(second)
    existing_votes(edition, pool, projects, 2)
    assert first_client.get(address).status_code == 200  # the organization is cached by host

    with CaptureQueriesContext(connection) as few:
        response = first_client.post(address, {"project": [projects[0].pk]})
    assert response.status_code == 200
    assert 'id="receipt-code"' in response.content.decode()
    existing_votes(edition, pool, projects, 400, start=2)
    with CaptureQueriesContext(connection) as many:
        response = second_client.post(address, {"project": [projects[1].pk]})
    assert response.status_code == 200
    assert 'id="receipt-code"' in response.content.decode()

    assert (len(few), len(many)) == (PAGE_QUERIES, PAGE_QUERIES)
    assert Ballot.objects.filter(pool=pool).count() == 404


def test_the_ballot_page_lists_many_projects_in_the_same_queries_as_few(
        org: Organization, component: Component,
        ballot: tuple[Edition, Pool, list[Project]], client_for: Any):
    _edition, pool, _projects = ballot
    address = reverse("spaces:budgets:vote", args=[component.space.slug, component.pk, pool.pk])
    client = client_for(resident_of(org, "voter"))
    assert client.get(address).status_code == 200  # the organization is cached by host

    with CaptureQueriesContext(connection) as few:
        client.get(address)
    admitted(component, pool, ["5000"] * 30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(address)

    assert response.content.decode().count('type="checkbox" name="project"') == 34
    assert (len(few), len(many)) == (BALLOT_PAGE_QUERIES, BALLOT_PAGE_QUERIES)
