"""Voting on paper: double keying (agree, mismatch, resolution by a third official), the same
official refused (service and database), one channel per person whatever the order, minors
with a parent's consent, the ballot's limits, and the tallies per polling point."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.components.budgets.models import Ballot, Edition, VoteChannel, Voter
from participa.components.budgets.models_paper import (
    PaperBallot,
    PaperBallotEntry,
    PaperBallotState,
    PollingPoint,
)
from participa.components.budgets.services import paper
from participa.components.budgets.services.voting import ballot_cast
from participa.components.budgets.tests.paper_support import (
    approval_pool,
    clerks,
    keying,
    polling_point,
)
from participa.components.budgets.tests.voting_support import (
    admitted,
    pool_for,
    voting_edition,
)
from participa.conftest import make_user
from participa.core.models import AuditEntry, Organization, User
from participa.spaces.models import Component
from participa.verifications.hashing import identifier_hash
from participa.verifications.models import Authorization, Method, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(component: Component) -> Edition:
    return voting_edition(component)[0]


@pytest.fixture
def staff(org: Organization) -> tuple[User, User, User]:
    return clerks(org)


@pytest.fixture
def point(edition: Edition, staff: tuple[User, User, User]) -> PollingPoint:
    return polling_point(edition, list(staff))


def test_it_accepts_a_ballot_when_both_keyings_agree(component: Component, edition: Edition,
                                                     point: PollingPoint, staff: Any):
    pool, projects = approval_pool(component, edition)
    first = paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                                   **keying(point, pool))
    assert first.state == PaperBallotState.KEYED_ONCE
    assert Ballot.objects.count() == 0
    second = paper.paper_ballot_key(acting_user=staff[1], choices={projects[0].pk: 1},
                                    **keying(point, pool, serial=" a-0001 "))
    assert second.pk == first.pk
    second.refresh_from_db()
    assert second.state == PaperBallotState.ACCEPTED and second.pool == pool
    ballot = Ballot.objects.get()
    assert (ballot.pool, ballot.choices) == (pool, [[projects[0].pk, 1]])
    voter = Voter.objects.get()
    assert (voter.channel, voter.pool) == (VoteChannel.PAPER, pool)
    # Once accepted, no keying keeps the vote beside the voter's key.
    assert list(PaperBallotEntry.objects.values_list("choices", flat=True)) == [[], []]
    assert list(AuditEntry.objects.filter(object_type="budgets.paperballot")
                .values_list("action", flat=True).order_by("pk")) == [
        "budget_paper_ballot.key", "budget_paper_ballot.key", "budget_paper_ballot.accept"]


def test_it_lists_a_mismatch_and_the_third_official_resolves_it(
        component: Component, edition: Edition, point: PollingPoint, staff: Any):
    pool, projects = approval_pool(component, edition)
    paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                           **keying(point, pool))
    ballot = paper.paper_ballot_key(acting_user=staff[1], choices={projects[1].pk: 1},
                                    **keying(point, pool))
    ballot.refresh_from_db()
    assert ballot.state == PaperBallotState.MISMATCH
    assert paper.mismatches(point) == [ballot]
    assert Ballot.objects.count() == 0 and Voter.objects.count() == 0
    # Neither of the two may decide it.
    with pytest.raises(ValidationError) as refused:
        paper.paper_ballot_key(acting_user=staff[0], choices={projects[1].pk: 1},
                               **keying(point, pool))
    assert refused.value.messages == [
        "You have already keyed this ballot: another official must enter it."]
    paper.paper_ballot_key(acting_user=staff[2], choices={projects[1].pk: 1},
                           **keying(point, pool))
    ballot.refresh_from_db()
    assert ballot.state == PaperBallotState.ACCEPTED
    assert Ballot.objects.get().choices == [[projects[1].pk, 1]]
    assert paper.mismatches(point) == []


def test_it_refuses_the_same_official_twice(component: Component, edition: Edition,
                                           point: PollingPoint, staff: Any):
    pool, projects = approval_pool(component, edition)
    paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                           **keying(point, pool))
    with pytest.raises(ValidationError) as refused:
        paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                               **keying(point, pool))
    assert refused.value.messages == [
        "You have already keyed this ballot: another official must enter it."]
    assert PaperBallotEntry.objects.count() == 1
    assert PaperBallot.objects.get().state == PaperBallotState.KEYED_ONCE


def test_the_database_refuses_two_entries_of_one_official_or_one_keying(
        component: Component, edition: Edition, point: PollingPoint, staff: Any):
    pool, _projects = approval_pool(component, edition)
    ballot = PaperBallot.objects.create(edition=edition, polling_point=point, serial="B-1")
    values = {"ballot": ballot, "pool": pool, "voter_key": "k"}
    PaperBallotEntry.objects.create(keying=1, official=staff[0], **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperBallotEntry.objects.create(keying=2, official=staff[0], **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperBallotEntry.objects.create(keying=1, official=staff[1], **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperBallotEntry.objects.create(keying=4, official=staff[1], **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperBallot.objects.create(edition=edition, polling_point=point, serial="B-1")


def _register_voter(org: Organization, identifier: str) -> User:
    person = make_user(org, "registered")
    Authorization.objects.create(organization=org, user=person, method=Method.REGISTER,
                                 status=Status.GRANTED, granted_at=timezone.now(),
                                 identifier_hash=identifier_hash(org.pk, "register_id",
                                                                 identifier))
    return person


def test_a_paper_voter_is_refused_online(org: Organization, component: Component,
                                         edition: Edition, point: PollingPoint, staff: Any):
    pool, projects = approval_pool(component, edition)
    for clerk in staff[:2]:
        paper.paper_ballot_key(acting_user=clerk, choices={projects[0].pk: 1},
                               **keying(point, pool, identifier="1850101123456"))
    person = _register_voter(org, "1850101123456")
    with pytest.raises(ValidationError) as same_pool:
        ballot_cast(acting_user=person, edition=edition, pool=pool,
                    choices={projects[1].pk: 1})
    assert same_pool.value.messages == ["You have already voted in this pool."]
    other = pool_for(edition, "knapsack")
    other_project = admitted(component, other, ["10000"])[0]
    with pytest.raises(ValidationError) as other_pool:
        ballot_cast(acting_user=person, edition=edition, pool=other,
                    choices={other_project.pk: 1})
    assert other_pool.value.messages == [
        "You have already voted on paper in this participatory budget."]
    assert Ballot.objects.count() == 1
    assert Voter.objects.filter(channel=VoteChannel.ONLINE).count() == 0


def test_an_online_voter_is_refused_on_paper(org: Organization, component: Component,
                                             edition: Edition, point: PollingPoint,
                                             staff: Any):
    pool, projects = approval_pool(component, edition)
    person = _register_voter(org, "1850101123456")
    ballot_cast(acting_user=person, edition=edition, pool=pool, choices={projects[1].pk: 1})
    paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                           **keying(point, pool, identifier="1850101123456"))
    with pytest.raises(ValidationError) as refused:
        paper.paper_ballot_key(acting_user=staff[1], choices={projects[0].pk: 1},
                               **keying(point, pool, identifier="1850101123456"))
    assert refused.value.messages == [
        "This person has already voted online in this participatory budget: their paper "
        "ballot cannot be accepted. Set it aside for the electoral commission."]
    assert Ballot.objects.count() == 1
    assert Voter.objects.filter(channel=VoteChannel.PAPER).count() == 0
    assert PaperBallot.objects.get().state == PaperBallotState.KEYED_ONCE


def test_a_second_paper_ballot_of_one_person_in_a_pool_is_refused(
        component: Component, edition: Edition, point: PollingPoint, staff: Any):
    pool, projects = approval_pool(component, edition)
    for serial in ("A-1", "A-2"):
        paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                               **keying(point, pool, serial=serial))
    paper.paper_ballot_key(acting_user=staff[1], choices={projects[0].pk: 1},
                           **keying(point, pool, serial="A-1"))
    with pytest.raises(ValidationError) as refused:
        paper.paper_ballot_key(acting_user=staff[1], choices={projects[0].pk: 1},
                               **keying(point, pool, serial="A-2"))
    assert refused.value.messages == [
        "This person has already voted in this pool: the paper ballot cannot be accepted. "
        "Set it aside for the electoral commission."]
    assert Ballot.objects.count() == 1


def test_it_enforces_the_pools_limits_with_a_message_to_the_official(
        component: Component, edition: Edition, point: PollingPoint, staff: Any):
    pool, projects = approval_pool(component, edition)
    with pytest.raises(ValidationError) as refused:
        paper.paper_ballot_key(acting_user=staff[0],
                               choices={project.pk: 1 for project in projects},
                               **keying(point, pool))
    assert refused.value.messages == [
        "This ballot breaks the pool's rules. Check what you typed against the paper; if the "
        "paper itself breaks them, set it aside for the electoral commission.",
        "You chose 3 projects: choose at most 2 projects."]
    assert PaperBallot.objects.count() == 0


def test_a_minors_ballot_needs_the_parents_consent(component: Component, edition: Edition,
                                                   point: PollingPoint, staff: Any):
    Edition.objects.filter(pk=edition.pk).update(min_age=14, minors_with_consent=True)
    edition.refresh_from_db()
    pool, projects = approval_pool(component, edition)
    minor = timezone.localdate().year - 15
    with pytest.raises(ValidationError) as refused:
        paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                               birth_year=minor, **keying(point, pool))
    assert refused.value.message_dict == {"parent_name": [
        "The voter is a minor: check the parent's consent on the ballot and type the "
        "parent's name as written there."]}
    with pytest.raises(ValidationError) as too_young:
        paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                               birth_year=minor + 3, parent_name="Ana Pop",
                               **keying(point, pool))
    assert too_young.value.message_dict == {"birth_year": [
        "The voter is younger than this participatory budget's minimum age: the ballot "
        "cannot be accepted."]}
    paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                           birth_year=minor, parent_name="Ana  Pop", **keying(point, pool))
    paper.paper_ballot_key(acting_user=staff[1], choices={projects[0].pk: 1},
                           birth_year=minor, parent_name="ana pop", **keying(point, pool))
    ballot = PaperBallot.objects.get()
    assert ballot.state == PaperBallotState.ACCEPTED
    assert (ballot.consent_parent_name, ballot.consent_checked_by) == ("ana pop", staff[1])
    assert Ballot.objects.get().age_band == ""  # the edition does not publish age bands


def test_a_minors_ballot_is_refused_when_the_edition_does_not_allow_minors(
        component: Component, edition: Edition, point: PollingPoint, staff: Any):
    Edition.objects.filter(pk=edition.pk).update(min_age=14, minors_with_consent=False)
    edition.refresh_from_db()
    pool, projects = approval_pool(component, edition)
    with pytest.raises(ValidationError) as refused:
        paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                               birth_year=timezone.localdate().year - 16,
                               parent_name="Ana Pop", **keying(point, pool))
    assert refused.value.message_dict == {"birth_year": [
        "This participatory budget does not accept ballots of minors: the ballot cannot be "
        "accepted."]}
    assert PaperBallot.objects.count() == 0


def test_the_database_requires_the_official_who_checked_a_consent(
        edition: Edition, point: PollingPoint):
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperBallot.objects.create(edition=edition, polling_point=point, serial="C-1",
                                   consent_parent_name="Ana Pop")


def test_only_the_points_officials_and_administrators_key(
        org: Organization, component: Component, edition: Edition, point: PollingPoint,
        admin: User, official: User, resident: User, outsider: User):
    pool, projects = approval_pool(component, edition)
    other_point = polling_point(edition, [official], name="Library")
    for person in (official, resident, outsider):
        with pytest.raises(ValidationError) as refused:
            paper.paper_ballot_key(acting_user=person, choices={projects[0].pk: 1},
                                   **keying(point, pool))
        assert refused.value.messages == [
            "Only the officials of this polling point and the budget's administrators "
            "enter its ballots."]
    paper.paper_ballot_key(acting_user=admin, choices={projects[0].pk: 1},
                           **keying(point, pool))
    with pytest.raises(ValidationError) as elsewhere:
        paper.paper_ballot_key(acting_user=official, choices={projects[0].pk: 1},
                               **keying(other_point, pool))
    assert elsewhere.value.message_dict == {"serial": [
        "This serial number belongs to a ballot of another polling point."]}


def test_it_refuses_paper_ballots_before_voting_opens(component: Component, edition: Edition,
                                                      point: PollingPoint, staff: Any):
    pool, projects = approval_pool(component, edition)
    Edition.objects.filter(pk=edition.pk).update(
        voting_opens_at=timezone.now() + datetime.timedelta(days=1))
    point.edition.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                               **keying(point, pool))
    assert refused.value.messages == ["Paper ballots are entered once voting has opened."]


def test_tallies_count_per_polling_point(component: Component, edition: Edition,
                                        point: PollingPoint, staff: Any,
                                        django_assert_num_queries: Any):
    pool, projects = approval_pool(component, edition)
    library = polling_point(edition, list(staff), name="Library")
    for serial, identifier in (("A-1", "1"), ("A-2", "2")):
        for clerk in staff[:2]:
            paper.paper_ballot_key(acting_user=clerk, choices={projects[0].pk: 1},
                                   **keying(point, pool, serial=serial, identifier=identifier))
    paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                           **keying(point, pool, serial="A-3", identifier="3"))
    paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                           **keying(library, pool, serial="L-1", identifier="4"))
    paper.paper_ballot_key(acting_user=staff[1], choices={projects[1].pk: 1},
                           **keying(library, pool, serial="L-1", identifier="4"))
    with django_assert_num_queries(2):
        rows = paper.tallies(edition)
    assert [(row["point"].name, row["keyed_once"], row["mismatch"], row["accepted"],
             row["minors"]) for row in rows] == [("Library", 0, 1, 0, 0),
                                                 ("School No. 5", 1, 0, 2, 0)]


def test_administrators_create_polling_points(edition: Edition, admin: User,
                                              official: User, staff: Any):
    point = paper.polling_point_create(acting_user=admin, edition=edition, name=" Town hall ",
                                       address="Square 1", officials=list(staff[:2]))
    assert (point.name, set(point.officials.all())) == ("Town hall", set(staff[:2]))
    with pytest.raises(ValidationError) as refused:
        paper.polling_point_create(acting_user=official, edition=edition, name="Other",
                                   address="Square 2", officials=[])
    assert refused.value.messages == ["Only the budget's administrators set up polling points."]
    with pytest.raises(ValidationError) as duplicate:
        paper.polling_point_create(acting_user=admin, edition=edition, name="Town hall",
                                   address="", officials=[])
    assert duplicate.value.message_dict == {
        "name": ["This edition already has a polling point with this name."],
        "address": ["Enter the polling point's address."]}


def test_it_refuses_paper_ballots_until_the_vote_is_opened(component: Component,
                                                           edition: Edition,
                                                           point: PollingPoint, staff: Any):
    # The voting dates have come, but the organizers have not run voting_open() yet.
    pool, projects = approval_pool(component, edition)
    Edition.objects.filter(pk=edition.pk).update(frozen_at=None)
    point.edition.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        paper.paper_ballot_key(acting_user=staff[0], choices={projects[0].pk: 1},
                               **keying(point, pool))
    assert refused.value.messages == [
        "Paper ballots are entered once the organizers have opened the vote: every project "
        "must be reviewed and every appeal decided first."]
    assert not PaperBallot.objects.exists()


def test_an_accepted_paper_ballot_keeps_the_age_band_where_the_edition_publishes_it(
        component: Component, edition: Edition, point: PollingPoint, staff: Any):
    Edition.objects.filter(pk=edition.pk).update(min_age=16, minors_with_consent=True,
                                                 publish_age_band=True)
    point.edition.refresh_from_db()
    pool, projects = approval_pool(component, edition)
    minor = timezone.localdate().year - 17
    for clerk in staff[:2]:
        paper.paper_ballot_key(acting_user=clerk, choices={projects[0].pk: 1},
                               birth_year=minor, parent_name="Ana Pop", **keying(point, pool))
    assert Ballot.objects.get().age_band == "16-17"
