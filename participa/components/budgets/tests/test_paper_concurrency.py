"""The races of paper keying on PostgreSQL: the same person's ballot keyed on paper and cast
online at the same moment leaves one vote per person; two officials entering the second
keying of the same ballots at once accept each ballot once."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from participa.components.budgets.models import (
    Ballot,
    Edition,
    PollingPoint,
    Pool,
    Voter,
)
from participa.components.budgets.services import paper
from participa.components.budgets.services.voting import ballot_cast
from participa.components.budgets.tests.conftest import make_component, make_space
from participa.components.budgets.tests.paper_support import (
    approval_pool,
    clerks,
    polling_point,
)
from participa.components.budgets.tests.voting_support import voting_edition
from participa.conftest import make_user
from participa.core.models import Organization
from participa.testing import failures, refusals, run_together
from participa.verifications.hashing import identifier_hash
from participa.verifications.models import Authorization, Method, Status

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 4


def test_paper_and_online_at_once_leave_one_vote_per_person(org: Organization) -> None:
    component = make_component(make_space(org))
    edition, _private = voting_edition(component)
    pool, projects = approval_pool(component, edition)
    first, second, _third = clerks(org)
    point = polling_point(edition, [first, second])
    people = []
    for index in range(PEOPLE):
        person = make_user(org, f"person{index}")
        Authorization.objects.create(organization=org, user=person, method=Method.REGISTER,
                                     status=Status.GRANTED, granted_at=timezone.now(),
                                     identifier_hash=identifier_hash(org.pk, "register_id",
                                                                     f"ID{index}"))
        people.append(person)
        paper.paper_ballot_key(acting_user=first, polling_point=point, serial=f"S{index}",
                               pool=pool, identifier=f"ID{index}",
                               choices={projects[0].pk: 1})

    def on_paper(index: int) -> Any:
        return paper.paper_ballot_key(
            acting_user=second, polling_point=PollingPoint.objects.get(pk=point.pk),
            serial=f"S{index}", pool=Pool.objects.get(pk=pool.pk), identifier=f"ID{index}",
            choices={projects[0].pk: 1})

    def online(index: int) -> Any:
        return ballot_cast(acting_user=people[index],
                           edition=Edition.objects.get(pk=edition.pk),
                           pool=Pool.objects.get(pk=pool.pk), choices={projects[1].pk: 1})

    outcomes = run_together(*[job for index in range(PEOPLE)
                              for job in ((lambda i=index: on_paper(i)),
                                          (lambda i=index: online(i)))])

    assert failures(outcomes) == []
    assert len(refusals(outcomes)) == PEOPLE
    assert Voter.objects.filter(pool=pool).count() == PEOPLE
    assert Ballot.objects.filter(pool=pool).count() == PEOPLE
    assert Voter.objects.values("voter_key").distinct().count() == PEOPLE


def test_two_officials_finishing_the_same_ballots_at_once_accept_each_once(
        org: Organization) -> None:
    component = make_component(make_space(org))
    edition, _private = voting_edition(component)
    pool, projects = approval_pool(component, edition)
    first, second, third = clerks(org)
    point = polling_point(edition, [first, second, third])
    for index in range(PEOPLE):
        paper.paper_ballot_key(acting_user=first, polling_point=point, serial=f"S{index}",
                               pool=pool, identifier=f"ID{index}",
                               choices={projects[0].pk: 1})

    def finish(official: Any, index: int) -> Any:
        return paper.paper_ballot_key(
            acting_user=official, polling_point=PollingPoint.objects.get(pk=point.pk),
            serial=f"S{index}", pool=Pool.objects.get(pk=pool.pk), identifier=f"ID{index}",
            choices={projects[0].pk: 1})

    outcomes = run_together(*[(lambda o=official, i=index: finish(o, i))
                              for index in range(PEOPLE) for official in (second, third)])

    assert failures(outcomes) == []
    assert {" ".join(error.messages) for error in refusals(outcomes)} == {
        "This ballot has already been entered twice and accepted."}
    assert len(refusals(outcomes)) == PEOPLE
    assert Ballot.objects.filter(pool=pool).count() == PEOPLE
    assert Voter.objects.filter(pool=pool).count() == PEOPLE
