"""Fraud signals of a participatory budget's vote, the quarantine of suspicious votes, and
"someone voted as me" reports (point 7 of issue #13). Every write keyword-only, atomic,
audited.

Secrecy (see ``services/voting.py``): a voter's record and its ballot cannot be joined here.
So a quarantine is decided per voter record (:func:`votes_quarantine`); the electoral
commission opens the sealed links of the quarantined records offline with its private key
(:func:`quarantine_sealed_links` lists them) and its officer names the ballots found
(:func:`quarantine_resolve`). The results leave out :func:`excluded_ballot_ids` and say why
with :func:`excluded_summary`.

Personal data kept for the review: the voter's address and device as the voting service
stores them, a keyed hash of a project author's address (never the address), the declared
year of birth beside the voter's record, a keyed hash of a consenting parent. The dashboard
shows counts and reasons, never a ballot, an address of an author or a statement's author.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.budgets.actions import FraudAction
from participa.components.budgets.models import (
    Ballot,
    Edition,
    Project,
    Voter,
    VoterChannelLock,
)
from participa.components.budgets.models_fraud import (
    AuthorAddress,
    BallotQuarantine,
    VoteAsMeReport,
    VoteAsMeState,
    VoterQuarantine,
    VoterSignal,
)
from participa.components.budgets.services.voting import voter_key_for_user
from participa.core import permissions as core_permissions
from participa.core.audit import audit_record
from participa.core.models import Organization, User
from participa.lib.ballots.fraud import Channel, Signal, VoteRecord, canonical_ip, detect
from participa.lib.ballots.sealing import sealed_to_text

# The reason a quarantine decided on a "someone voted as me" report gives.
VOTE_AS_ME = "vote_as_me"


def _ip_digest(ip: str) -> str:
    """A keyed hash of an address, one per address however it is spelled."""
    base = str(getattr(settings, "VERIFICATION_HASH_KEY", "") or settings.SECRET_KEY)
    key = hmac.new(base.encode(), b"participa.budgets.author-ip", hashlib.sha256).digest()
    return hmac.new(key, canonical_ip(ip).encode(), hashlib.sha256).hexdigest()


def _org(edition: Edition) -> Organization:
    return edition.component.space.organization


# --- what the review records ------------------------------------------------------------------


@transaction.atomic
def author_address_record(*, acting_user: User, project: Project, ip: str | None) -> None:
    """Remember (as a keyed hash) the address ``acting_user`` submitted ``project`` from."""
    if not ip:
        return
    _row, created = AuthorAddress.objects.get_or_create(project=project,
                                                        ip_digest=_ip_digest(ip))
    if created:
        audit_record(organization=project.component.space.organization, actor=acting_user,
                     action=FraudAction.AUTHOR_ADDRESS, obj=project, changes={"ip": True})


@transaction.atomic
def voter_signal_record(*, acting_user: User | None, voter: Voter,
                        birth_year: int | None = None, guardian_key: str = "") -> None:
    """Keep the declared year of birth and a consenting parent's key beside ``voter``
    (called by the voting services; the paper channel passes ``guardian_key``)."""
    if birth_year is None and not guardian_key:
        return
    VoterSignal.objects.update_or_create(
        voter=voter, defaults={"birth_year": birth_year, "guardian_key": guardian_key})
    audit_record(organization=voter.edition.component.space.organization, actor=acting_user,
                 action=FraudAction.VOTER_SIGNAL, obj=voter,
                 changes={"birth_year": birth_year is not None,
                          "guardian": bool(guardian_key)})


# --- the review ------------------------------------------------------------------------------


def _voters(edition: Edition) -> list[Voter]:
    return list(Voter.objects.filter(edition=edition, annulled_at__isnull=True)
                .select_related("signal", "quarantine").order_by("voted_at", "id"))


def vote_records(edition: Edition, voters: Sequence[Voter] | None = None) -> list[VoteRecord]:
    """One ``VoteRecord`` per live voter record of ``edition`` (never a ballot)."""
    rows = _voters(edition) if voters is None else voters
    authors = set(AuthorAddress.objects.filter(project__component=edition.component)
                  .values_list("ip_digest", flat=True))
    records = []
    for voter in rows:
        signal = getattr(voter, "signal", None)
        records.append(VoteRecord(
            vote_id=str(voter.pk), cast_at=voter.voted_at, channel=Channel(voter.channel),
            ip=voter.ip, device=voter.device_digest or None, phone=voter.phone_digest or None,
            birth_year=signal.birth_year if signal else None,
            voter_key=voter.voter_key, guardian_key=(signal.guardian_key or None)
            if signal else None,
            author_ip_match=bool(voter.ip) and _ip_digest(str(voter.ip)) in authors))
    return records


def signal_reason(signal: Signal) -> str:
    """A signal in plain words, for staff."""
    p = signal.params
    count = p["count"]
    code = signal.reason_code
    if code == "same_ip":
        return ngettext("%(count)d vote from one internet address.",
                        "%(count)d votes from one internet address.", count) % p
    if code == "same_network":
        return ngettext("%(count)d vote from one network of %(addresses)d addresses.",
                        "%(count)d votes from one network of %(addresses)d addresses.",
                        count) % p
    if code == "same_device":
        return ngettext("%(count)d vote from one device.",
                        "%(count)d votes from one device.", count) % p
    if code == "shared_phone":
        return ngettext("One phone number used by %(voters)d voter.",
                        "One phone number used by %(voters)d voters.", p["voters"]) % p
    if code == "many_phones_one_ip":
        return ngettext("%(phones)d phone number used from one internet address.",
                        "%(phones)d phone numbers used from one internet address.",
                        p["phones"]) % p
    if code == "burst":
        return ngettext("%(count)d vote from one network within a few minutes.",
                        "%(count)d votes from one network within a few minutes.", count) % p
    if code == "age_over_limit":
        return ngettext("%(count)d voter aged %(min_age)d or more.",
                        "%(count)d voters aged %(min_age)d or more.", count) % p
    if code == "age_spike":
        return ngettext("%(count)d voter aged exactly %(age)d: %(share_percent)d%% of the "
                        "voters within two years of that age.",
                        "%(count)d voters aged exactly %(age)d: %(share_percent)d%% of the "
                        "voters within two years of that age.", count) % p
    if code == "author_ip":
        return ngettext("%(count)d vote from an internet address a project author used.",
                        "%(count)d votes from an internet address a project author used.",
                        count) % p
    if code == "paper_and_online":
        return _("The same person voted on paper and online.")
    if code == "voted_twice":
        return _("The same person voted twice.")
    if code == "shared_guardian":
        return ngettext("One parent consented for %(voters)d minor.",
                        "One parent consented for %(voters)d minors.", p["voters"]) % p
    return _("Unusual votes.")


@dataclass(frozen=True)
class Cluster:
    """One signal as the dashboard shows it: counts, never an address or a ballot."""

    kind: str
    key: str
    reason_code: str
    reason: str
    count: int
    quarantined: int
    voter_ids: tuple[str, ...]

    @property
    def label(self) -> str:
        """The group's key as staff read it: an address, a network, an age; a digest
        shortened."""
        if self.kind in ("device", "phone", "voter", "guardian"):
            return self.key[:8]
        return self.key

    @property
    def token(self) -> str:
        """What the quarantine form posts back to name this cluster."""
        return f"{self.kind}|{self.reason_code}|{self.key}"


def fraud_clusters(edition: Edition) -> list[Cluster]:
    """Every fraud signal of ``edition``'s live voter records, biggest first."""
    voters = _voters(edition)
    quarantined = {str(v.pk) for v in voters if getattr(v, "quarantine", None) is not None}
    return [Cluster(kind=s.kind, key=s.key, reason_code=s.reason_code, reason=signal_reason(s),
                    count=s.size, quarantined=sum(1 for i in s.vote_ids if i in quarantined),
                    voter_ids=tuple(str(i) for i in s.vote_ids))
            for s in detect(vote_records(edition, voters))]


def cluster_voter_ids(edition: Edition, token: str) -> list[str]:
    """The voter records of the cluster ``token`` names now (empty if it no longer exists)."""
    for cluster in fraud_clusters(edition):
        if cluster.token == token:
            return list(cluster.voter_ids)
    return []


# --- quarantine ------------------------------------------------------------------------------


def _refuse_unless_admin(acting_user: User, edition: Edition) -> None:
    if not core_permissions.can_manage_organization(acting_user,
                                                    edition.component.space.organization):
        raise ValidationError(_("Only the organization's administrators may set votes "
                                "aside."), code="forbidden")


def _clean_reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise ValidationError({"reason": _("Give the reason, as the results page will show "
                                           "it.")})
    return text


@transaction.atomic
def votes_quarantine(*, acting_user: User, edition: Edition,
                     voter_ids: Iterable[str | uuid.UUID], reason: str) -> int:
    """Set aside the voter records ``voter_ids`` of ``edition`` with ``reason``; returns how
    many were newly set aside (one already quarantined keeps its first reason)."""
    _refuse_unless_admin(acting_user, edition)
    text = _clean_reason(reason)
    try:
        ids = sorted({uuid.UUID(str(i)) for i in voter_ids})
    except ValueError:
        raise ValidationError(_("No such vote in this participatory budget."),
                              code="unknown") from None
    voters = list(Voter.objects.select_for_update().filter(edition=edition, pk__in=ids)
                  .order_by("pk"))
    if not ids or len(voters) != len(ids):
        raise ValidationError(_("No such vote in this participatory budget."), code="unknown")
    taken = set(VoterQuarantine.objects.filter(voter__in=voters)
                .values_list("voter_id", flat=True))
    fresh = [v for v in voters if v.pk not in taken]
    VoterQuarantine.objects.bulk_create([
        VoterQuarantine(voter=v, edition=edition, reason=text, quarantined_by=acting_user)
        for v in fresh])
    for voter in fresh:
        audit_record(organization=_org(edition), actor=acting_user,
                     action=FraudAction.VOTE_QUARANTINE, obj=voter,
                     changes={"quarantined": True})
    return len(fresh)


def quarantine_sealed_links(edition: Edition) -> list[tuple[str, str]]:
    """For the commission's offline tool: (voter id, sealed link as text) of every
    quarantined voter record of ``edition``."""
    return [(str(pk), sealed_to_text(bytes(link)))
            for pk, link in Voter.objects.filter(edition=edition, quarantine__isnull=False)
            .order_by("pk").values_list("pk", "sealed_link")]


@transaction.atomic
def quarantine_resolve(*, acting_user: User, edition: Edition,
                       ballot_ids: Iterable[str | uuid.UUID], reason: str) -> int:
    """The commission's officer sets aside the ballots ``ballot_ids`` (read offline from the
    sealed links of quarantined records) with ``reason``: they are left out of the results.
    Returns how many were newly set aside."""
    _refuse_unless_admin(acting_user, edition)
    text = _clean_reason(reason)
    try:
        ids = sorted({uuid.UUID(str(i).strip()) for i in ballot_ids if str(i).strip()})
    except ValueError:
        raise ValidationError({"ballot_ids": _("A ballot id is not valid: paste the ids the "
                                               "commission's tool printed, one a line.")}
                              ) from None
    ballots = list(Ballot.objects.select_for_update().filter(edition=edition, pk__in=ids)
                   .order_by("pk"))
    if not ids or len(ballots) != len(ids):
        raise ValidationError({"ballot_ids": _("A ballot id is not one of this participatory "
                                               "budget.")})
    taken = set(BallotQuarantine.objects.filter(ballot__in=ballots)
                .values_list("ballot_id", flat=True))
    fresh = [b for b in ballots if b.pk not in taken]
    now = timezone.now()
    BallotQuarantine.objects.bulk_create([
        BallotQuarantine(ballot=b, edition=edition, reason=text, resolved_at=now,
                         resolved_by=acting_user) for b in fresh])
    Ballot.objects.filter(pk__in=[b.pk for b in fresh]).update(quarantined_at=now)
    for ballot in fresh:
        # Names the ballot, never a voter: the pairing stays with the commission.
        audit_record(organization=_org(edition), actor=acting_user,
                     action=FraudAction.BALLOT_QUARANTINE, obj=ballot,
                     changes={"quarantined": True})
    return len(fresh)


def excluded_ballot_ids(edition: Edition) -> set[uuid.UUID]:
    """The ballots the results must leave out: set aside by the commission."""
    return set(BallotQuarantine.objects.filter(edition=edition)
               .values_list("ballot_id", flat=True))


def excluded_summary(edition: Edition) -> list[tuple[str, int]]:
    """(reason, number of ballots) of the excluded ballots, most first, for the results page
    ("N votes excluded: reason")."""
    counts = Counter(BallotQuarantine.objects.filter(edition=edition)
                     .values_list("reason", flat=True))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


# --- "someone voted as me" -------------------------------------------------------------------


@transaction.atomic
def vote_as_me_report(*, acting_user: User, edition: Edition,
                      statement: str) -> VoteAsMeReport:
    """``acting_user`` reports that a vote was cast in their name in ``edition``."""
    text = statement.strip()
    if not text:
        raise ValidationError({"statement": _("Say what happened.")})
    if not core_permissions.belongs_to(acting_user, edition.component.space.organization):
        raise ValidationError(_("Sign in with an account of this organization."),
                              code="forbidden")
    voter_key = voter_key_for_user(edition, acting_user)
    if VoteAsMeReport.objects.filter(edition=edition, reporter=acting_user,
                                     state=VoteAsMeState.PENDING).exists():
        raise ValidationError(_("You have already reported this: staff are looking into it."),
                              code="pending")
    report = VoteAsMeReport.objects.create(edition=edition, reporter=acting_user,
                                           voter_key=voter_key, statement=text)
    # The statement is personal free text: the audit entry never holds it.
    audit_record(organization=_org(edition), actor=acting_user,
                 action=FraudAction.VOTE_AS_ME_REPORT, obj=report,
                 changes={"statement": True})
    return report


def _decide(acting_user: User, report: VoteAsMeReport) -> VoteAsMeReport:
    _refuse_unless_admin(acting_user, report.edition)
    locked = VoteAsMeReport.objects.select_for_update().get(pk=report.pk)
    if locked.state != VoteAsMeState.PENDING:
        raise ValidationError(_("This report has already been decided."), code="decided")
    return locked


@transaction.atomic
def vote_as_me_uphold(*, acting_user: User, report: VoteAsMeReport) -> VoteAsMeReport:
    """Staff believe the resident: every live vote in their name in the edition is annulled
    and set aside for the commission (which names its ballot), and the resident may vote
    again."""
    locked = _decide(acting_user, report)
    edition = report.edition
    now = timezone.now()
    reason = _("Someone voted in another person's name.")
    voters = list(Voter.objects.select_for_update().filter(
        edition=edition, voter_key=locked.voter_key, annulled_at__isnull=True).order_by("pk"))
    for voter in voters:
        voter.annulled_at = now
        voter.annul_reason = reason
        voter.save(update_fields=["annulled_at", "annul_reason"])
        VoterQuarantine.objects.get_or_create(
            voter=voter, defaults={"edition": edition, "reason": reason,
                                   "quarantined_by": acting_user})
    VoterChannelLock.objects.filter(edition=edition, voter_key=locked.voter_key).delete()
    locked.state = VoteAsMeState.UPHELD
    locked.decided_at = now
    locked.decided_by = acting_user
    locked.annulled_votes = len(voters)
    locked.save(update_fields=["state", "decided_at", "decided_by", "annulled_votes"])
    audit_record(organization=_org(edition), actor=acting_user,
                 action=FraudAction.VOTE_AS_ME_UPHOLD, obj=locked,
                 changes={"state": [VoteAsMeState.PENDING, VoteAsMeState.UPHELD],
                          "annulled_votes": len(voters)})
    return locked


@transaction.atomic
def vote_as_me_dismiss(*, acting_user: User, report: VoteAsMeReport) -> VoteAsMeReport:
    """Staff found no vote cast in the resident's name: nothing changes."""
    locked = _decide(acting_user, report)
    locked.state = VoteAsMeState.DISMISSED
    locked.decided_at = timezone.now()
    locked.decided_by = acting_user
    locked.save(update_fields=["state", "decided_at", "decided_by"])
    audit_record(organization=_org(report.edition), actor=acting_user,
                 action=FraudAction.VOTE_AS_ME_DISMISS, obj=locked,
                 changes={"state": [VoteAsMeState.PENDING, VoteAsMeState.DISMISSED]})
    return locked
