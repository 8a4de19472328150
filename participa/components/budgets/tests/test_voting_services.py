"""Voting online: eligibility, casting with the database's one-vote-per-pool constraint,
receipts (check, change), the commission's annulment with its offline key, the election key's
upload, and the secrecy of the schema (no join between voters and ballots)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format

from participa.components.budgets.models import (
    Ballot,
    Edition,
    ElectionKey,
    Residence,
    VoteChannel,
    Voter,
    VoterChannelLock,
)
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services import voting as services
from participa.components.budgets.services.voting import (
    RequestMeta,
    ballot_annul_by_commission,
    ballot_cast,
    ballot_change,
    ballot_check,
    election_key_set,
    voter_eligibility,
)
from participa.components.budgets.tests.conftest import move_to
from participa.components.budgets.tests.voting_support import (
    admitted,
    pool_for,
    resident_of,
    voting_edition,
)
from participa.conftest import make_user
from participa.core.models import AuditEntry, Organization, Scope, User
from participa.lib.ballots import generate_keypair, unseal_link
from participa.lib.ballots.sealing import key_fingerprint
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(component: Component) -> tuple[Edition, str]:
    return voting_edition(component)


@pytest.fixture
def voter(org: Organization) -> User:
    return resident_of(org, "voter")


# --- casting ---------------------------------------------------------------------------------


def test_it_casts_a_ballot_without_the_voter_and_returns_the_receipt_once(
        component: Component, voting: tuple[Edition, str], voter: User):
    edition, _private = voting
    pool = pool_for(edition, "approval")
    first, second, _third = admitted(component, pool, ["10000", "20000", "30000"])

    receipt = ballot_cast(acting_user=voter, edition=edition, pool=pool,
                          choices={second.pk: 1, first.pk: 1},
                          request_meta=RequestMeta(ip="10.0.0.7", user_agent="Firefox",
                                                   accept_language="pl"))

    record = Voter.objects.get()
    ballot = Ballot.objects.get()
    assert ballot.choices == [[first.pk, 1], [second.pk, 1]]
    assert ballot.cast_on == timezone.localdate()
    assert record.channel == VoteChannel.ONLINE and record.ip == "10.0.0.7"
    assert record.device_digest == services.device_digest("Firefox", "pl")
    # The receipt is stored nowhere in clear, and under two unrelated digests.
    assert receipt not in str(list(Voter.objects.values()))
    assert receipt not in str(list(Ballot.objects.values()))
    assert record.voter_receipt_digest == services.voter_receipt_digest(receipt)
    assert ballot.receipt_digest == services.ballot_receipt_digest(receipt)
    assert record.voter_receipt_digest != ballot.receipt_digest
    assert record.voter_key == services.voter_key_for_user(edition, voter)


def test_it_refuses_a_second_vote_in_the_same_pool_and_writes_nothing(
        component: Component, voting: tuple[Edition, str], voter: User):
    edition, _private = voting
    pool = pool_for(edition, "approval")
    project = admitted(component, pool, ["10000"])[0]
    ballot_cast(acting_user=voter, edition=edition, pool=pool, choices={project.pk: 1})

    with pytest.raises(ValidationError) as refused:
        ballot_cast(acting_user=voter, edition=edition, pool=pool, choices={project.pk: 1})

    assert refused.value.messages == ["You have already voted in this pool."]
    assert Voter.objects.count() == 1 and Ballot.objects.count() == 1


def test_the_database_keeps_one_live_vote_per_person_and_pool(
        component: Component, voting: tuple[Edition, str]):
    edition, _private = voting
    pool = pool_for(edition, "approval")
    values = {"edition": edition, "pool": pool, "voter_key": "k" * 64,
              "channel": VoteChannel.ONLINE, "sealed_link": b"x"}
    Voter.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Voter.objects.create(**{**values, "channel": VoteChannel.PAPER})
    Voter.objects.update(annulled_at=timezone.now(), annul_reason="Voted as someone else")
    Voter.objects.create(**values)  # an annulled vote frees the person
    assert Voter.objects.filter(annulled_at__isnull=True).count() == 1


def test_the_database_keeps_one_channel_per_person_and_edition(
        component: Component, voting: tuple[Edition, str]):
    edition, _private = voting
    VoterChannelLock.objects.create(edition=edition, voter_key="k", channel="online")
    with pytest.raises(IntegrityError), transaction.atomic():
        VoterChannelLock.objects.create(edition=edition, voter_key="k", channel="paper")


def test_a_paper_voter_cannot_also_vote_online(component: Component,
                                               voting: tuple[Edition, str], voter: User):
    edition, _private = voting
    city, other = pool_for(edition, "approval"), pool_for(edition, "knapsack")
    project = admitted(component, city, ["10000"])[0]
    # The paper channel records the person in another pool (same voter key).
    services.voter_record_create(acting_user=None, edition=edition, pool=other,
                               voter_key=services.voter_key_for_user(edition, voter),
                               channel=VoteChannel.PAPER, ballot_id=uuid.uuid4())
    with pytest.raises(ValidationError) as refused:
        ballot_cast(acting_user=voter, edition=edition, pool=city, choices={project.pk: 1})
    assert refused.value.messages == [
        "You have already voted on paper in this participatory budget."]
    assert Ballot.objects.count() == 0
    assert Voter.objects.filter(channel=VoteChannel.ONLINE).count() == 0


def test_a_register_verified_voter_gets_the_key_the_paper_channel_computes(
        org: Organization, component: Component, voting: tuple[Edition, str]):
    from participa.verifications.hashing import identifier_hash
    from participa.verifications.models import Authorization, Method, Status

    edition, _private = voting
    person = make_user(org, "registered")
    Authorization.objects.create(organization=org, user=person, method=Method.REGISTER,
                                 status=Status.GRANTED, granted_at=timezone.now(),
                                 identifier_hash=identifier_hash(org.pk, "register_id",
                                                                 "AB-123"))
    assert services.voter_key_for_user(edition, person) == services.voter_key_for_identifier(
        edition, "register_id", "ab 123")
    assert services.voter_key_for_user(edition, make_user(org, "other")) != \
        services.voter_key_for_identifier(edition, "register_id", "AB-123")


@pytest.mark.parametrize(("method", "choices", "message"), [
    ("approval", "three", "You chose 3 projects: choose at most 2 projects."),
    ("cumulative", {0: 3, 1: 3}, "You gave 6 points: you have 5 points to distribute."),
    ("cumulative", {0: 4}, "“Project {pool}-0”: at most 3 points to one project."),
    ("ranked", {0: 1, 1: 1}, "Rank 1 is given to more than one project: give each rank once."),
    ("ranked", {0: 3}, "“Project {pool}-0”: choose a rank from 1 to 2."),
    ("knapsack", "three",
     "Together your projects cost 90\u00a0000.00, more than the pool's 100\u00a0000.00: "
     "remove some."),
])
def test_it_refuses_an_over_limit_ballot_naming_the_limit(
        component: Component, voting: tuple[Edition, str], voter: User, method: str,
        choices: object, message: str):
    edition, _private = voting
    pool = pool_for(edition, method, amount="80000") if method == "knapsack" else \
        pool_for(edition, method)
    projects = admitted(component, pool, ["20000", "30000", "40000"])
    if choices == "three":
        ballot = {p.pk: 1 for p in projects}
    else:
        assert isinstance(choices, dict)
        ballot = {projects[index].pk: value for index, value in choices.items()}
    expected = message.format(pool=pool.pk)
    if method == "knapsack":
        expected = expected.replace("100\u00a0000.00", "80\u00a0000.00")

    with pytest.raises(ValidationError) as refused:
        ballot_cast(acting_user=voter, edition=edition, pool=pool, choices=ballot)

    assert refused.value.messages == [expected]
    assert not Voter.objects.exists() and not Ballot.objects.exists()
    assert not VoterChannelLock.objects.exists()


# --- eligibility -----------------------------------------------------------------------------


def test_eligibility_names_each_problem(org: Organization, component: Component,
                                        voting: tuple[Edition, str], scope: Scope,
                                        outsider: User):
    edition, _private = voting
    pool = pool_for(edition, "approval", scope=scope)
    unverified = make_user(org, "unverified")
    elsewhere = resident_of(org, "elsewhere", scope=None)

    assert voter_eligibility(outsider, edition, pool) == [
        "Sign in with an account of this organization to vote."]
    assert voter_eligibility(unverified, edition, pool) == [
        "Only residents of the city may vote: declare your address or find yourself in the "
        "register of residents."]
    Edition.objects.filter(pk=edition.pk).update(residence=Residence.DISTRICT,
                                                 verification_methods=["register"], min_age=16)
    edition.refresh_from_db()
    assert voter_eligibility(elsewhere, edition, pool, birth_year=timezone.localdate().year
                             - 10) == [
        "Only verified residents may vote: verify your account first.",
        f"Only residents of {scope} may vote in this pool.",
        "You must be at least 16 years old to vote."]
    assert voter_eligibility(resident_of(org, "north", scope=scope), edition, pool) == [
        "Only verified residents may vote: verify your account first."]


def test_nobody_votes_before_the_organizers_open_the_vote(org: Organization,
                                                         voting: tuple[Edition, str]):
    # Its dates have come, but voting_open() (which waits for reviews and appeals) was not
    # called: "Voting cannot open while an appeal is pending."
    edition, _private = voting
    pool = pool_for(edition, "approval")
    Edition.objects.filter(pk=edition.pk).update(frozen_at=None)
    edition.refresh_from_db()
    assert voter_eligibility(resident_of(org, "early"), edition, pool) == [
        "Voting has not been opened yet: the organizers open it once every project has been "
        "reviewed and every appeal decided."]


def test_eligibility_needs_the_voting_phase_and_the_key(component: Component,
                                                        voting: tuple[Edition, str],
                                                        voter: User):
    edition, _private = voting
    pool = pool_for(edition, "approval")
    assert voter_eligibility(voter, edition, pool) == []
    ElectionKey.objects.all().delete()
    move_to(edition, EditionPhase.RESULTS)
    problems = voter_eligibility(voter, edition, pool)
    assert problems[0].startswith("Voting is not open: it runs from ")
    assert problems[1:] == ["Voting cannot start yet: the electoral commission's key has not "
                            "been published."]


def test_a_minimum_age_asks_for_the_year_of_birth(component: Component, voter: User):
    edition, _private = voting_edition(component, min_age=16)
    pool = pool_for(edition, "approval")
    project = admitted(component, pool, ["1000"])[0]
    with pytest.raises(ValidationError) as refused:
        ballot_cast(acting_user=voter, edition=edition, pool=pool, choices={project.pk: 1})
    assert refused.value.messages == ["Enter your year of birth."]
    ballot_cast(acting_user=voter, edition=edition, pool=pool, choices={project.pk: 1},
                birth_year=timezone.localdate().year - 40)
    assert Ballot.objects.get().age_band == ""  # the edition does not publish age bands


# --- receipts --------------------------------------------------------------------------------


def test_a_receipt_is_checked_then_changes_the_ballot(component: Component, voter: User):
    edition, _private = voting_edition(component, allow_ballot_change=True)
    pool = pool_for(edition, "approval")
    first, second = admitted(component, pool, ["1000", "2000"])
    receipt = ballot_cast(acting_user=voter, edition=edition, pool=pool,
                          choices={first.pk: 1})
    day = date_format(timezone.localdate(), "DATE_FORMAT")
    assert ballot_check(edition=edition, receipt=receipt.lower()) == (
        f"Your ballot in “Approval” was recorded on {day}.")

    new = ballot_change(receipt=receipt, edition=edition, pool=pool, choices={second.pk: 1})

    old = Ballot.objects.get(replaced_at__isnull=False)
    assert old.choices == [[first.pk, 1]]
    assert new.choices == [[second.pk, 1]] and new.replaced_at is None
    assert Ballot.objects.filter(replaced_at__isnull=True).count() == 1
    assert Voter.objects.count() == 1
    assert ballot_check(edition=edition, receipt=receipt).startswith("Your ballot in")
    entry = AuditEntry.objects.get(action="budget_ballot.change")
    assert entry.actor is None and entry.object_id == str(old.pk)


def test_a_change_is_refused_when_the_edition_does_not_allow_it(
        component: Component, voting: tuple[Edition, str], voter: User):
    edition, _private = voting
    pool = pool_for(edition, "approval")
    first, second = admitted(component, pool, ["1000", "2000"])
    receipt = ballot_cast(acting_user=voter, edition=edition, pool=pool,
                          choices={first.pk: 1})
    with pytest.raises(ValidationError) as refused:
        ballot_change(receipt=receipt, edition=edition, pool=pool, choices={second.pk: 1})
    assert refused.value.messages == [
        "This participatory budget does not allow changing a ballot once it is cast."]
    assert Ballot.objects.get().choices == [[first.pk, 1]]


def test_a_change_is_refused_once_voting_closed(component: Component, voter: User):
    edition, _private = voting_edition(component, allow_ballot_change=True)
    pool = pool_for(edition, "approval")
    first, second = admitted(component, pool, ["1000", "2000"])
    receipt = ballot_cast(acting_user=voter, edition=edition, pool=pool,
                          choices={first.pk: 1})
    move_to(edition, EditionPhase.RESULTS)
    with pytest.raises(ValidationError) as refused:
        ballot_change(receipt=receipt, edition=edition, pool=pool, choices={second.pk: 1})
    assert refused.value.messages == ["Voting is closed: a ballot can no longer be changed."]


def test_an_unknown_receipt_is_refused(component: Component, voting: tuple[Edition, str]):
    from participa.lib.ballots import new_receipt

    edition, _private = voting
    with pytest.raises(ValidationError) as refused:
        ballot_check(edition=edition, receipt=new_receipt())
    assert refused.value.message_dict == {"receipt": [
        "No ballot has this receipt code. Check that you typed it as printed on your "
        "receipt."]}


# --- the commission's annulment ---------------------------------------------------------------


def test_the_commission_opens_one_link_and_annuls_that_ballot(
        component: Component, voting: tuple[Edition, str], voter: User, admin: User,
        org: Organization):
    edition, private = voting
    pool = pool_for(edition, "approval")
    project = admitted(component, pool, ["1000"])[0]
    other = resident_of(org, "other")
    ballot_cast(acting_user=voter, edition=edition, pool=pool, choices={project.pk: 1})
    ballot_cast(acting_user=other, edition=edition, pool=pool, choices={project.pk: 1})
    disputed = Voter.objects.get(voter_key=services.voter_key_for_user(edition, voter))

    # Offline, with the private key the application never holds:
    link = unseal_link(private, bytes(disputed.sealed_link))
    assert link.eligibility_id == str(disputed.pk)
    assert Ballot.objects.filter(pk=link.ballot_id).exists()

    ballot_annul_by_commission(acting_user=admin, edition=edition,
                               sealed_link_opened_ballot_id=link.ballot_id,
                               voter_id=link.eligibility_id,
                               reason="Reported as voted by someone else")

    annulled = Ballot.objects.get(pk=link.ballot_id)
    assert annulled.annulled_at is not None and annulled.choices == []
    assert Ballot.objects.filter(annulled_at__isnull=True).count() == 1
    disputed.refresh_from_db()
    assert disputed.annulled_at is not None
    entry = AuditEntry.objects.get(action="budget_voter.annul")
    assert entry.object_id == str(disputed.pk) and link.ballot_id not in str(entry.changes)
    # The voter may vote again.
    ballot_cast(acting_user=voter, edition=edition, pool=pool, choices={project.pk: 1})
    assert Ballot.objects.filter(annulled_at__isnull=True).count() == 2


def test_a_wrong_key_cannot_open_a_link(component: Component, voting: tuple[Edition, str],
                                        voter: User):
    from participa.lib.ballots import SealingError

    edition, _private = voting
    pool = pool_for(edition, "approval")
    project = admitted(component, pool, ["1000"])[0]
    ballot_cast(acting_user=voter, edition=edition, pool=pool, choices={project.pk: 1})
    _public, stranger = generate_keypair()
    with pytest.raises(SealingError):
        unseal_link(stranger, bytes(Voter.objects.get().sealed_link))


def test_only_administrators_annul(component: Component, voting: tuple[Edition, str],
                                   voter: User):
    edition, _private = voting
    with pytest.raises(ValidationError) as refused:
        ballot_annul_by_commission(acting_user=voter, edition=edition,
                                   sealed_link_opened_ballot_id=uuid.uuid4(),
                                   voter_id=uuid.uuid4(), reason="x")
    assert refused.value.messages == ["Only the organization's administrators record the "
                                      "electoral commission's decisions."]


# --- the election key ------------------------------------------------------------------------


def test_the_key_upload_refuses_a_private_key(component: Component, admin: User):
    from participa.components.budgets.tests.conftest import make_edition

    edition = make_edition(component, phase=EditionPhase.APPEALS)
    public, private = generate_keypair()
    with pytest.raises(ValidationError) as refused:
        election_key_set(acting_user=admin, edition=edition, public_key=private,
                         fingerprint=key_fingerprint(public))
    assert refused.value.message_dict == {"public_key": [
        "This is the PRIVATE key: it must never be uploaded. Paste the public key "
        "(election-public.key) and keep the private key offline."]}
    assert not ElectionKey.objects.exists()

    key = election_key_set(acting_user=admin, edition=edition, public_key=public,
                           fingerprint=key_fingerprint(public).upper())
    assert key.fingerprint == key_fingerprint(public)
    assert AuditEntry.objects.filter(action="budget_election_key.set").count() == 1


def test_the_key_no_longer_changes_once_voting_opened(component: Component,
                                                      voting: tuple[Edition, str],
                                                      admin: User):
    edition, _private = voting
    public, _ = generate_keypair()
    with pytest.raises(ValidationError) as refused:
        election_key_set(acting_user=admin, edition=edition, public_key=public,
                         fingerprint=key_fingerprint(public))
    assert refused.value.messages == ["The election key can no longer change: voting has "
                                      "opened."]


# --- secrecy of the schema -------------------------------------------------------------------


def test_no_foreign_key_or_shared_column_joins_voters_and_ballots():
    def columns(model: type[models.Model]) -> dict[str, Any]:
        return {str(field.column): field for field in model._meta.concrete_fields}

    voter, ballot = columns(Voter), columns(Ballot)
    # The only columns both hold are the edition and pool (what everyone may know) and the
    # dates of an annulment; the receipt digests have different names and key purposes.
    assert set(voter) & set(ballot) == {"id", "edition_id", "pool_id", "annulled_at"}
    for field in [*voter.values(), *ballot.values()]:
        if field.is_relation:
            assert field.related_model not in (Voter, Ballot), field
    assert [f.name for f in Voter._meta.concrete_fields
            if isinstance(f, models.BinaryField)] == ["sealed_link"]
    assert not any(f.is_relation and f.related_model is not None
                   and f.related_model._meta.label == "core.User"
                   for f in Ballot._meta.concrete_fields)
    # Random primary keys: ballots cannot be lined up with voter records by id.
    assert isinstance(Voter._meta.pk, models.UUIDField)
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    # A ballot keeps the day, never the time.
    assert isinstance(Ballot._meta.get_field("cast_on"), models.DateField)
    assert not isinstance(Ballot._meta.get_field("cast_on"), models.DateTimeField)


def test_the_audit_log_never_holds_choices_nor_a_ballot_of_a_voter(
        component: Component, voting: tuple[Edition, str], voter: User):
    edition, _private = voting
    pool = pool_for(edition, "approval")
    project = admitted(component, pool, ["1000"])[0]
    ballot_cast(acting_user=voter, edition=edition, pool=pool, choices={project.pk: 1})
    ballot = Ballot.objects.get()
    entries = list(AuditEntry.objects.values("action", "object_type", "object_id", "changes"))
    assert entries == [{"action": "budget_voter.cast", "object_type": "budgets.voter",
                        "object_id": str(Voter.objects.get().pk),
                        "changes": {"pool": pool.pk, "channel": "online"}}]
    assert str(ballot.pk) not in str(entries)


def test_the_sealed_link_differs_for_the_same_ids(component: Component):
    from participa.lib.ballots import new_link, seal_link

    public, _private = generate_keypair()
    link = new_link("a", "b")
    assert seal_link(public, link) != seal_link(public, link)


def test_a_day_old_ballot_check_names_its_day(component: Component,
                                              voting: tuple[Edition, str], voter: User):
    edition, _private = voting
    pool = pool_for(edition, "approval")
    project = admitted(component, pool, ["1000"])[0]
    receipt = ballot_cast(acting_user=voter, edition=edition, pool=pool,
                          choices={project.pk: 1})
    Ballot.objects.update(cast_on=datetime.date(2027, 5, 3))
    assert ballot_check(edition=edition, receipt=receipt) == (
        "Your ballot in “Approval” was recorded on 3 May 2027.")


def test_no_export_nor_admin_page_holds_voters_or_ballots(component: Component,
                                                         voting: tuple[Edition, str],
                                                         voter: User):
    from django.contrib import admin

    from participa.components.budgets.component import SPEC

    edition, _private = voting
    pool = pool_for(edition, "approval")
    project = admitted(component, pool, ["1000"])[0]
    receipt = ballot_cast(acting_user=voter, edition=edition, pool=pool,
                          choices={project.pk: 1})
    record, ballot = Voter.objects.get(), Ballot.objects.get()
    secrets = [str(record.pk), record.voter_key, str(ballot.pk), ballot.receipt_digest,
               record.voter_receipt_digest, receipt]

    for export in SPEC.exports:
        dumped = str(list(export.rows(component)))
        assert not [secret for secret in secrets if secret in dumped], export.name
    assert not {Voter, Ballot, VoterChannelLock, ElectionKey} & set(admin.site._registry)


def test_the_ballot_keeps_the_age_band_only_where_the_edition_publishes_it(
        component: Component, org: Organization):
    edition, _private = voting_edition(component, publish_age_band=True)
    pool = pool_for(edition, "approval")
    project = admitted(component, pool, ["1000"])[0]
    year = timezone.localdate().year
    for name, birth_year in (("young", year - 20), ("old", year - 70), ("silent", None)):
        ballot_cast(acting_user=resident_of(org, name), edition=edition, pool=pool,
                    choices={project.pk: 1}, birth_year=birth_year)
    assert sorted(Ballot.objects.values_list("age_band", flat=True)) == ["", "18-24", "65+"]
    Edition.objects.filter(pk=edition.pk).update(publish_age_band=False)
    edition.refresh_from_db()
    ballot_cast(acting_user=resident_of(org, "unpublished"), edition=edition, pool=pool,
                choices={project.pk: 1}, birth_year=year - 20)
    assert Ballot.objects.filter(age_band="18-24").count() == 1


def test_a_changed_ballot_keeps_its_age_band(component: Component, voter: User):
    edition, _private = voting_edition(component, publish_age_band=True,
                                       allow_ballot_change=True)
    pool = pool_for(edition, "approval")
    first, second = admitted(component, pool, ["1000", "2000"])
    receipt = ballot_cast(acting_user=voter, edition=edition, pool=pool,
                          choices={first.pk: 1}, birth_year=timezone.localdate().year - 30)
    ballot_change(receipt=receipt, edition=edition, pool=pool, choices={second.pk: 1})
    live = Ballot.objects.get(replaced_at__isnull=True)
    assert (live.choices, live.age_band) == ([[second.pk, 1]], "25-34")
