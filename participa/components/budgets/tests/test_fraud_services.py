"""Fraud signals over an edition's voter records (the Wrocław, Puławy and Elbląg cases),
the quarantine of votes and the commission's resolution of ballots, and "someone voted as
me" reports that annul a vote and let the resident vote again."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.components.budgets.actions import FraudAction
from participa.components.budgets.models import Ballot, Edition, Pool, Voter
from participa.components.budgets.models_fraud import (
    AuthorAddress,
    BallotQuarantine,
    VoteAsMeReport,
    VoteAsMeState,
    VoterQuarantine,
    VoterSignal,
)
from participa.components.budgets.services import fraud
from participa.components.budgets.services.voting import ballot_cast, ballot_change
from participa.components.budgets.tests.fraud_support import add_voters
from participa.components.budgets.tests.voting_support import (
    admitted,
    pool_for,
    resident_of,
    voting_edition,
)
from participa.core.models import AuditEntry, Organization, User
from participa.lib.ballots import unseal_link
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(component: Component) -> tuple[Edition, str]:
    return voting_edition(component)


@pytest.fixture
def city(voting: tuple[Edition, str]) -> Pool:
    pool = pool_for(voting[0], "approval")
    admitted(voting[0].component, pool, ["20000", "30000", "40000"])
    return pool


def reasons(edition: Edition) -> dict[str, int]:
    return {c.reason: c.count for c in fraud.fraud_clusters(edition)}


def test_it_shows_the_wroclaw_pattern(voting: tuple[Edition, str], city: Pool):
    edition = voting[0]
    add_voters(edition, city, 320, prefix="wro", ip="83.24.17.5", phones=65)
    year = timezone.now().year
    add_voters(edition, city, 97, prefix="old", birth_year=year - 97, minutes_apart=3)
    add_voters(edition, city, 10, prefix="young", birth_year=year - 40)
    found = reasons(edition)
    assert found["320 votes from one internet address."] == 320
    assert found["65 phone numbers used from one internet address."] == 320
    assert found["One phone number used by 5 voters."] == 5
    assert found["97 voters aged exactly 97: 100% of the voters within two years of that "
                 "age."] == 97
    assert not any("aged exactly 40" in reason for reason in found)


def test_it_shows_the_pulawy_pattern(voting: tuple[Edition, str], city: Pool):
    edition = voting[0]
    # Two hospital computers, each voter a different person verified by their PESEL.
    add_voters(edition, city, 260, prefix="ward-a", ip="193.0.96.10", device="pc-a",
               minutes_apart=0.5)
    add_voters(edition, city, 240, prefix="ward-b", ip="193.0.96.11", device="pc-b",
               minutes_apart=0.5)
    add_voters(edition, city, 30, prefix="home", minutes_apart=60)
    clusters = fraud.fraud_clusters(edition)
    devices = sorted(c.count for c in clusters if c.reason_code == "same_device")
    assert devices == [240, 260]
    found = {c.reason: c.count for c in clusters}
    assert found["500 votes from one network of 2 addresses."] == 500
    assert found["260 votes from one internet address."] == 260
    assert found["240 votes from one internet address."] == 240
    assert "260 votes from one device." in found
    assert any(c.reason_code == "burst" for c in clusters)
    # Voters at home are in no group.
    home = {str(v.pk) for v in Voter.objects.filter(ip__isnull=True)}
    assert not any(home & set(c.voter_ids) for c in clusters)


def test_it_shows_the_elblag_pattern(voting: tuple[Edition, str], city: Pool):
    edition = voting[0]
    district = pool_for(edition, "approval", name="District")
    keys = [f"person-{k}" for k in range(12)]
    add_voters(edition, city, 12, prefix="paper", channel="paper", voter_keys=keys,
               ip="10.0.0.1", device="polling-point")
    add_voters(edition, district, 12, prefix="online", voter_keys=keys)
    add_voters(edition, city, 6, prefix="minor", guardian="forged-parent")
    clusters = fraud.fraud_clusters(edition)
    both = [c for c in clusters if c.reason == "The same person voted on paper and online."]
    assert len(both) == 12 and {c.count for c in both} == {2}
    found = {c.reason: c.count for c in clusters}
    assert found["One parent consented for 6 minors."] == 6
    # A paper ballot's address is the polling point's: no address signal.
    assert not any(c.reason_code in ("same_ip", "same_device") for c in clusters)


def test_it_flags_votes_from_an_authors_address(voting: tuple[Edition, str], city: Pool,
                                                resident: User):
    edition = voting[0]
    project = city.projects.first()
    assert project is not None
    fraud.author_address_record(acting_user=resident, project=project, ip="::ffff:91.5.5.5")
    stored = AuthorAddress.objects.get()
    assert "91.5.5.5" not in stored.ip_digest and len(stored.ip_digest) == 64
    add_voters(edition, city, 4, prefix="friends", ip="91.5.5.5", minutes_apart=90)
    add_voters(edition, city, 4, prefix="others", ip="91.5.5.6", minutes_apart=90)
    found = reasons(edition)
    assert found["4 votes from an internet address a project author used."] == 4
    assert AuditEntry.objects.filter(action=FraudAction.AUTHOR_ADDRESS).count() == 1


def test_it_ignores_annulled_voter_records(voting: tuple[Edition, str], city: Pool):
    edition = voting[0]
    add_voters(edition, city, 30, prefix="x", ip="83.24.17.5", minutes_apart=30)
    assert reasons(edition)["30 votes from one internet address."] == 30
    Voter.objects.filter(edition=edition).update(annulled_at=timezone.now(), annul_reason="x")
    assert fraud.fraud_clusters(edition) == []


def test_it_quarantines_a_cluster(voting: tuple[Edition, str], city: Pool, admin: User):
    edition = voting[0]
    add_voters(edition, city, 30, prefix="x", ip="83.24.17.5", minutes_apart=30)
    cluster = fraud.fraud_clusters(edition)[0]
    ids = fraud.cluster_voter_ids(edition, cluster.token)
    assert len(ids) == 30
    assert fraud.votes_quarantine(acting_user=admin, edition=edition, voter_ids=ids,
                                  reason="  One address  ") == 30
    assert set(VoterQuarantine.objects.values_list("reason", flat=True)) == {"One address"}
    assert fraud.fraud_clusters(edition)[0].quarantined == 30
    # Again: nothing new, the first reason stays.
    assert fraud.votes_quarantine(acting_user=admin, edition=edition, voter_ids=ids[:3],
                                  reason="Other") == 0
    assert AuditEntry.objects.filter(action=FraudAction.VOTE_QUARANTINE).count() == 30
    assert len(fraud.quarantine_sealed_links(edition)) == 30
    # Nothing is excluded from the results before the commission names the ballots.
    assert fraud.excluded_ballot_ids(edition) == set()


def test_only_administrators_quarantine(voting: tuple[Edition, str], city: Pool,
                                        manager: User):
    edition = voting[0]
    [voter] = add_voters(edition, city, 1, prefix="x")
    with pytest.raises(ValidationError) as error:
        fraud.votes_quarantine(acting_user=manager, edition=edition, voter_ids=[voter.pk],
                               reason="Suspicious")
    assert error.value.code == "forbidden"
    assert not VoterQuarantine.objects.exists()


def test_it_refuses_a_quarantine_without_reason_or_of_another_edition(
        voting: tuple[Edition, str], city: Pool, admin: User, org: Organization):
    edition = voting[0]
    [voter] = add_voters(edition, city, 1, prefix="x")
    with pytest.raises(ValidationError) as error:
        fraud.votes_quarantine(acting_user=admin, edition=edition, voter_ids=[voter.pk],
                               reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError, match="No such vote"):
        fraud.votes_quarantine(acting_user=admin, edition=edition,
                               voter_ids=["00000000-0000-0000-0000-000000000000"],
                               reason="Suspicious")
    with transaction.atomic(), pytest.raises(IntegrityError):
        VoterQuarantine.objects.create(voter=voter, edition=edition, reason="")


def test_the_commission_resolves_ballots_and_the_results_exclude_them(
        voting: tuple[Edition, str], city: Pool, org: Organization, admin: User):
    edition, private = voting
    projects = list(city.projects.order_by("number"))
    receipts = [ballot_cast(acting_user=resident_of(org, f"v{k}"), edition=edition, pool=city,
                            choices={projects[0].pk: 1}) for k in range(3)]
    voters = list(Voter.objects.filter(edition=edition).order_by("voted_at"))
    fraud.votes_quarantine(acting_user=admin, edition=edition,
                           voter_ids=[v.pk for v in voters[:2]], reason="One computer")
    # The commission opens the two sealed links offline and reads the ballot ids.
    ballot_ids = [unseal_link(private, bytes(v.sealed_link)).ballot_id for v in voters[:2]]
    assert fraud.quarantine_resolve(acting_user=admin, edition=edition,
                                    ballot_ids=ballot_ids, reason="One computer") == 2
    assert {str(i) for i in fraud.excluded_ballot_ids(edition)} == set(ballot_ids)
    assert fraud.excluded_summary(edition) == [("One computer", 2)]
    assert Ballot.objects.filter(quarantined_at__isnull=False).count() == 2
    audit = AuditEntry.objects.filter(action=FraudAction.BALLOT_QUARANTINE)
    assert sorted(audit.values_list("object_id", flat=True)) == sorted(ballot_ids)
    with pytest.raises(ValidationError) as error:
        fraud.quarantine_resolve(acting_user=admin, edition=edition,
                                 ballot_ids=["not-an-id"], reason="x")
    assert "ballot_ids" in error.value.message_dict
    with transaction.atomic(), pytest.raises(IntegrityError):
        BallotQuarantine.objects.filter(ballot_id=ballot_ids[0]).update(reason="")
    # A set-aside ballot can no longer be changed with its receipt.
    edition.allow_ballot_change = True
    edition.save(update_fields=["allow_ballot_change"])
    opened = Ballot.objects.get(pk=ballot_ids[0])
    mine = [r for r in receipts
            if fraud_receipt_matches(edition, r, opened)]
    assert len(mine) == 1
    with pytest.raises(ValidationError, match="under review"):
        ballot_change(receipt=mine[0], edition=edition, pool=city,
                      choices={projects[1].pk: 1})


def fraud_receipt_matches(edition: Edition, receipt: str, ballot: Ballot) -> bool:
    from participa.components.budgets.services.voting import ballot_receipt_digest
    return ballot_receipt_digest(receipt) == ballot.receipt_digest


def test_only_administrators_resolve(voting: tuple[Edition, str], city: Pool,
                                     manager: User):
    with pytest.raises(ValidationError) as error:
        fraud.quarantine_resolve(acting_user=manager, edition=voting[0],
                                 ballot_ids=[], reason="x")
    assert error.value.code == "forbidden"


def test_a_vote_as_me_report_lets_the_resident_vote_again(
        voting: tuple[Edition, str], city: Pool, org: Organization, admin: User):
    edition, private = voting
    projects = list(city.projects.order_by("number"))
    victim = resident_of(org, "victim")
    # Someone else got into the victim's account and voted.
    ballot_cast(acting_user=victim, edition=edition, pool=city, choices={projects[0].pk: 1})
    with pytest.raises(ValidationError, match="already voted"):
        ballot_cast(acting_user=victim, edition=edition, pool=city,
                    choices={projects[1].pk: 1})
    report = fraud.vote_as_me_report(acting_user=victim, edition=edition,
                                     statement="I never voted; my account was used.")
    entry = AuditEntry.objects.get(action=FraudAction.VOTE_AS_ME_REPORT)
    assert "never voted" not in str(entry.changes)
    with pytest.raises(ValidationError, match="already reported"):
        fraud.vote_as_me_report(acting_user=victim, edition=edition, statement="Again")

    fraud.vote_as_me_uphold(acting_user=admin, report=report)
    report.refresh_from_db()
    assert report.state == VoteAsMeState.UPHELD and report.annulled_votes == 1
    disputed = Voter.objects.get(edition=edition)
    assert disputed.annulled_at is not None
    assert disputed.annul_reason == "Someone voted in another person's name."
    assert VoterQuarantine.objects.filter(voter=disputed).exists()
    # The resident votes again; the commission then names the disputed ballot.
    receipt = ballot_cast(acting_user=victim, edition=edition, pool=city,
                          choices={projects[1].pk: 1})
    assert receipt
    assert Voter.objects.filter(edition=edition, annulled_at__isnull=True).count() == 1
    [(voter_id, _link)] = fraud.quarantine_sealed_links(edition)
    assert voter_id == str(disputed.pk)
    ballot_id = unseal_link(private, bytes(disputed.sealed_link)).ballot_id
    fraud.quarantine_resolve(acting_user=admin, edition=edition, ballot_ids=[ballot_id],
                             reason="Someone voted in another person's name.")
    assert fraud.excluded_summary(edition) == [("Someone voted in another person's name.", 1)]
    with pytest.raises(ValidationError, match="already been decided"):
        fraud.vote_as_me_uphold(acting_user=admin, report=report)


def test_a_dismissed_report_changes_no_vote(voting: tuple[Edition, str], city: Pool,
                                            org: Organization, admin: User, manager: User):
    edition = voting[0]
    projects = list(city.projects.order_by("number"))
    person = resident_of(org, "person")
    ballot_cast(acting_user=person, edition=edition, pool=city, choices={projects[0].pk: 1})
    report = fraud.vote_as_me_report(acting_user=person, edition=edition, statement="Hm")
    with pytest.raises(ValidationError) as error:
        fraud.vote_as_me_uphold(acting_user=manager, report=report)
    assert error.value.code == "forbidden"
    fraud.vote_as_me_dismiss(acting_user=admin, report=report)
    assert VoteAsMeReport.objects.get().state == VoteAsMeState.DISMISSED
    assert Voter.objects.get().annulled_at is None
    # A new report may follow a decided one.
    fraud.vote_as_me_report(acting_user=person, edition=edition, statement="Again")


def test_the_database_keeps_one_pending_report_per_person(voting: tuple[Edition, str],
                                                          resident: User):
    edition = voting[0]
    VoteAsMeReport.objects.create(edition=edition, reporter=resident, voter_key="k",
                                  statement="x")
    with transaction.atomic(), pytest.raises(IntegrityError):
        VoteAsMeReport.objects.create(edition=edition, reporter=resident, voter_key="k",
                                      statement="y")
    with transaction.atomic(), pytest.raises(IntegrityError):
        VoteAsMeReport.objects.filter(edition=edition).update(state="upheld")


def test_casting_keeps_the_declared_year_of_birth(voting: tuple[Edition, str], city: Pool,
                                                  org: Organization):
    edition = voting[0]
    edition.min_age = 16
    edition.save(update_fields=["min_age"])
    projects = list(city.projects.order_by("number"))
    ballot_cast(acting_user=resident_of(org, "v"), edition=edition, pool=city,
                choices={projects[0].pk: 1}, birth_year=1929)
    assert VoterSignal.objects.get().birth_year == 1929
    # Beside the voter's record, never beside a ballot.
    assert VoterSignal.objects.get().voter == Voter.objects.get()


def test_the_edition_report_counts_excluded_votes_by_reason(voting: tuple[Edition, str],
                                                            city: Pool, org: Organization,
                                                            admin: User):
    from participa.components.budgets.report import report_sections

    edition, private = voting
    assert "excluded" not in [s.key for s in report_sections(edition)]
    project = city.projects.first()
    assert project is not None
    for k in range(3):
        ballot_cast(acting_user=resident_of(org, f"v{k}"), edition=edition, pool=city,
                    choices={project.pk: 1})
    voters = list(Voter.objects.all())
    ids = [unseal_link(private, bytes(v.sealed_link)).ballot_id for v in voters]
    fraud.quarantine_resolve(acting_user=admin, edition=edition, ballot_ids=ids[:2],
                             reason="One computer")
    fraud.quarantine_resolve(acting_user=admin, edition=edition, ballot_ids=ids[2:],
                             reason="Reported")
    [section] = [s for s in report_sections(edition) if s.key == "excluded"]
    assert section.paragraphs == [
        "3 votes were excluded from the results by the electoral commission."]
    assert section.tables[0].rows == [["One computer", 2], ["Reported", 1]]
