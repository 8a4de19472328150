"""Voting online in a participatory budget: eligibility, casting, receipts, changing a ballot,
and the commission's annulment of one disputed ballot. Every write keyword-only and atomic.

Secrecy of the vote — why the tables look the way they do:

* ``Voter`` (who voted in which pool) and ``Ballot`` (what was voted) are two tables with no
  foreign key and no column in common but the edition and the pool. The one link between a
  voter and their ballot is ``Voter.sealed_link``: the pair (voter id, ballot id) sealed with
  the edition's PUBLIC election key (``participa.lib.ballots.sealing``). Only the electoral
  commission, holding the private key offline, can open it: administrators, exports and
  database readers cannot.
* The receipt code is shown to the voter once and stored only as HMACs under two different
  key purposes: ``voter-receipt`` on ``Voter`` and ``ballot-receipt`` on ``Ballot``. The same
  receipt gives two unrelated digests, so the two columns cannot be joined; only someone who
  holds the code (the voter) can find their ballot.
* Ballot rows do not follow voter rows: both have random UUID primary keys (no autoincrement
  that would align), and a ballot keeps the day it was cast (``cast_on``), never the time, so
  ``Voter.voted_at`` cannot be matched to it either.
* The audit log names the voter's record (the person voted in this pool), never the ballot or
  its choices; a change of ballot is recorded without any actor (the receipt is anonymous);
  an annulment names the voter's record and erases the annulled ballot's choices, so that
  the commission's act does not reveal a vote either.

Known limit (documented for operations): PostgreSQL stamps every row with the id of the
transaction that wrote it (the ``xmin`` system column), and a voter record and its ballot are
written in one transaction so that a vote is never half-recorded. A database superuser reading
system columns could pair them until the ballot row is rewritten; production should keep
superuser access to the commission's procedure (or move ballots to a separate database).

Voter identity: ``voter_key`` is an HMAC (purpose ``voter``) of the person's verified
register identifier hash when they hold one (the same value the paper channel computes from
the register identifier with :func:`voter_key_for_identifier`, so a person votes on one channel
only), otherwise of their account id. A PESEL/CNP is never an input here.

The paper channel (another engineer) inserts ``Voter`` rows with ``channel=paper`` through
:func:`voter_record_create` so that the same constraints hold: one vote per person and pool
(``budget_voter_once_per_pool``) and one channel per person and edition
(``budget_voter_one_channel``).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.budgets.actions import BudgetAction
from participa.components.budgets.models import (
    Ballot,
    Edition,
    ElectionKey,
    Pool,
    Project,
    ProjectState,
    Residence,
    VoteChannel,
    Voter,
    VoterChannelLock,
    VotingMethod,
)
from participa.components.budgets.phases import EditionPhase, edition_phase
from participa.core import permissions as core_permissions
from participa.core.audit import audit_record
from participa.core.models import User
from participa.lib.ballots import (
    BallotError,
    PoolRules,
    SealingError,
    new_link,
    new_receipt,
    normalise,
    seal_link,
    validate,
)
from participa.lib.ballots import receipts as receipt_codes
from participa.lib.ballots.methods import Normalised
from participa.lib.ballots.sealing import key_fingerprint, public_key_of
from participa.spaces import permissions as space_permissions
from participa.spaces.models import Component
from participa.verifications.hashing import identifier_hash
from participa.verifications.models import Authorization, Method, Status
from participa.verifications.permissions import is_verified

# The verification methods whose granted identifier identifies a person on both channels.
IDENTITY_METHODS = (Method.REGISTER,)


# --- keys ------------------------------------------------------------------------------------


def _purpose_key(purpose: str) -> bytes:
    """A secret per purpose, derived from ``VERIFICATION_HASH_KEY`` (or ``SECRET_KEY``)."""
    base = str(getattr(settings, "VERIFICATION_HASH_KEY", "") or settings.SECRET_KEY)
    return hmac.new(base.encode(), f"participa.budgets.{purpose}".encode(),
                    hashlib.sha256).digest()


def voter_receipt_digest(receipt: str) -> str:
    return receipt_codes.receipt_digest(_purpose_key("voter-receipt"), receipt)


def ballot_receipt_digest(receipt: str) -> str:
    return receipt_codes.receipt_digest(_purpose_key("ballot-receipt"), receipt)


def _voter_key(edition: Edition, identity: str) -> str:
    message = f"{edition.component.space.organization_id}:{identity}".encode()
    return hmac.new(_purpose_key("voter"), message, hashlib.sha256).hexdigest()


def voter_key_for_identifier(edition: Edition, kind: str, value: str) -> str:
    """The voter key of a person of the register (the paper channel): ``kind`` and ``value``
    as ``participa.verifications.services.register_key`` gives them."""
    organization_id = edition.component.space.organization_id
    return _voter_key(edition, "id:" + identifier_hash(organization_id, kind, value))


def voter_key_for_user(edition: Edition, user: User) -> str:
    """The voter key of a signed-in person: their register identity when verified by it (the
    paper channel finds the same key), otherwise their account."""
    digest = (Authorization.objects
              .filter(user=user, organization=edition.component.space.organization,
                      method__in=IDENTITY_METHODS, status=Status.GRANTED)
              .exclude(identifier_hash="").values_list("identifier_hash", flat=True).first())
    if digest:
        return _voter_key(edition, "id:" + digest)
    return _voter_key(edition, f"user:{user.pk}")


def voter_keys_for_user(editions: Iterable[Edition], user: User) -> dict[int, str]:
    """``voter_key_for_user`` for several editions of the person's organization (one query):
    edition id → key."""
    editions = list(editions)
    if not editions:
        return {}
    digest = (Authorization.objects
              .filter(user=user, organization_id=editions[0].component.space.organization_id,
                      method__in=IDENTITY_METHODS, status=Status.GRANTED)
              .exclude(identifier_hash="").values_list("identifier_hash", flat=True).first())
    identity = "id:" + digest if digest else f"user:{user.pk}"
    return {edition.pk: _voter_key(edition, identity) for edition in editions}


def device_digest(user_agent: str, accept_language: str) -> str:
    """A keyed hash of the browser's User-Agent and Accept-Language (a fraud signal)."""
    message = f"{user_agent}\n{accept_language}".encode()
    return hmac.new(_purpose_key("device"), message, hashlib.sha256).hexdigest()


# --- the election key ------------------------------------------------------------------------


def election_key_refusal(edition: Edition) -> ValidationError | None:
    if timezone.now() >= edition.voting_opens_at or Ballot.objects.filter(
            edition=edition).exists():
        return ValidationError(_("The election key can no longer change: voting has opened."),
                               code="frozen")
    return None


@transaction.atomic
def election_key_set(*, acting_user: User, edition: Edition, public_key: str,
                     fingerprint: str) -> ElectionKey:
    """Store the commission's PUBLIC key of ``edition`` (before voting opens). ``fingerprint``
    is the one the commission's tool printed; a private key is recognised and refused."""
    refusal = election_key_refusal(edition)
    if refusal is not None:
        raise refusal
    text = public_key.strip()
    typed = fingerprint.strip().lower()
    try:
        own = key_fingerprint(text)
    except SealingError:
        raise ValidationError({"public_key": _(
            "This is not an election key: paste the 44 characters of the file "
            "election-public.key.")}) from None
    if own != typed:
        if key_fingerprint(public_key_of(text)) == typed:
            raise ValidationError({"public_key": _(
                "This is the PRIVATE key: it must never be uploaded. Paste the public key "
                "(election-public.key) and keep the private key offline.")})
        raise ValidationError({"fingerprint": _(
            "This fingerprint does not match the key: check that both come from the same "
            "key pair.")})
    before = ElectionKey.objects.filter(edition=edition).first()
    key, _created = ElectionKey.objects.update_or_create(
        edition=edition, defaults={"public_key": text, "fingerprint": own,
                                   "uploaded_at": timezone.now(), "uploaded_by": acting_user})
    audit_record(organization=edition.component.space.organization, actor=acting_user,
                 action=BudgetAction.ELECTION_KEY_SET, obj=key,
                 changes={"fingerprint": [before.fingerprint if before else None, own]})
    return key


# --- eligibility -----------------------------------------------------------------------------


def ballot_projects(pool: Pool, component: Component | None = None) -> list[Project]:
    """The projects on the pool's ballot (admitted to the vote), by number. Pages pass the
    pool's ``component`` (its space read): each project then links to its page without a
    query of its own."""
    projects = list(Project.objects.filter(pool=pool, state=ProjectState.ADMITTED)
                    .order_by("number"))
    if component is not None:
        for project in projects:
            project.component = component
    return projects


def project_cost(project: Project) -> Decimal:
    return project.corrected_cost if project.corrected_cost is not None else project.cost


def pool_rules(pool: Pool, projects: Iterable[Project] | None = None) -> PoolRules:
    """The pool's limits for ``participa.lib.ballots`` (ranked: ``max_projects`` ranks)."""
    listed = ballot_projects(pool) if projects is None else list(projects)
    ranked = pool.method == VotingMethod.RANKED
    return PoolRules(
        method=pool.method, project_costs={p.pk: project_cost(p) for p in listed},
        amount=pool.amount, max_projects=pool.max_projects, points_total=pool.points_total,
        max_points_per_project=pool.max_points_per_project,
        max_ranks=pool.max_projects if ranked else None)


def _resident_scopes(user: User, edition: Edition) -> list[Any]:
    return list(Authorization.objects.filter(
        user=user, organization=edition.component.space.organization, status=Status.GRANTED,
        method__in=(Method.ADDRESS, Method.REGISTER)).select_related("scope"))


def _age_on(birth_year: int, when: datetime.date) -> int:
    """The age a person born in ``birth_year`` reaches in the year of ``when``."""
    return when.year - birth_year


def age_band(birth_year: int, when: datetime.date, *, youngest: int = 0) -> str:
    """A coarse band: minors in one (from ``youngest``, e.g. 16-17), then 18-24, 25-34,
    35-44, 45-54, 55-64 and 65+."""
    age = _age_on(birth_year, when)
    if age < 18:
        return f"{youngest}-17"
    for top in (24, 34, 44, 54, 64):
        if age <= top:
            return f"{top - 9 if top > 24 else 18}-{top}"
    return "65+"


def ballot_age_band(edition: Edition, birth_year: int | None) -> str:
    """The band kept on the anonymous ballot (the ``age`` column of the published file):
    empty unless the edition publishes age bands and the voter gave their year of birth.
    Only the ballot keeps it, never the voter's record: a band on both would help pair them.
    Coarse on purpose, so that it identifies nobody."""
    if not edition.publish_age_band or birth_year is None:
        return ""
    youngest = edition.min_age if edition.min_age is not None and edition.min_age < 18 else 0
    return age_band(birth_year, timezone.localdate(), youngest=youngest)


def voter_eligibility(user: Any, edition: Edition, pool: Pool, *,
                      birth_year: int | None = None) -> list[str]:
    """Every reason why ``user`` may not vote in ``pool`` now, in plain words (empty: they
    may). The year of birth is the one the person declares on the ballot (when the edition
    has a minimum age); it is checked when given."""
    problems: list[str] = []
    component = edition.component
    if not (core_permissions.belongs_to(user, component.space.organization)
            and space_permissions.can_view_component(user, component)):
        return [_("Sign in with an account of this organization to vote.")]
    now = timezone.now()
    if not edition.voting_opens_at <= now < edition.voting_closes_at:
        problems.append(_("Voting is not open: it runs from %(opens)s to %(closes)s.") % {
            "opens": date_format(timezone.localtime(edition.voting_opens_at),
                                 "DATETIME_FORMAT"),
            "closes": date_format(timezone.localtime(edition.voting_closes_at),
                                  "DATETIME_FORMAT")})
    elif edition.frozen_at is None:  # voting_open() checks reviews and appeals first
        problems.append(_("Voting has not been opened yet: the organizers open it once every "
                          "project has been reviewed and every appeal decided."))
    if not ElectionKey.objects.filter(edition=edition).exists():
        problems.append(_("Voting cannot start yet: the electoral commission's key has not "
                          "been published."))
    methods = [str(method) for method in edition.verification_methods or []]
    if methods and not any(is_verified(user, method) for method in methods):
        problems.append(_("Only verified residents may vote: verify your account first."))
    if edition.residence != Residence.ANYONE:
        authorizations = _resident_scopes(user, edition)
        if not authorizations:
            problems.append(_("Only residents of the city may vote: declare your address "
                              "or find yourself in the register of residents."))
        elif (edition.residence == Residence.DISTRICT and pool.scope_id is not None
              and not any(auth.scope_id is not None
                          and (auth.scope_id == pool.scope_id
                               or pool.scope_id in {s.pk for s in auth.scope.ancestors()})
                          for auth in authorizations)):
            problems.append(_("Only residents of %(district)s may vote in this pool.")
                            % {"district": pool.scope})
    if (edition.min_age is not None and birth_year is not None
            and _age_on(birth_year, timezone.localdate()) < edition.min_age):
        problems.append(ngettext(
            "You must be at least %(count)d year old to vote.",
            "You must be at least %(count)d years old to vote.",
            edition.min_age) % {"count": edition.min_age})
    return problems


def can_vote(user: Any, edition: Edition, pool: Pool) -> bool:
    return not voter_eligibility(user, edition, pool)


# --- messages of the ballots library's error codes --------------------------------------------


def _money(value: Any) -> str:
    return f"{Decimal(value):,.2f}".replace(",", "\u00a0")


def ballot_error_message(error: BallotError, titles: Mapping[Any, str]) -> str:
    """One error of ``participa.lib.ballots.validate`` in the user's language, naming the
    limit (``titles``: project id → its public title)."""
    params = dict(error.params)
    project = titles.get(params.get("project"), str(params.get("project", "")))
    code = error.code
    if code == "empty_ballot":
        return _("Choose at least one project.")
    if code in ("unknown_project", "duplicate_project"):
        return _("Your choices include a project that is not on this ballot, or one twice: "
                 "choose again from the list.")
    if code == "invalid_value":
        return _("“%(project)s”: tick the box to choose it.") % {"project": project}
    if code == "invalid_points":
        return _("“%(project)s”: points must be a whole number, 0 or more.") % {
            "project": project}
    if code == "invalid_rank":
        return _("“%(project)s”: choose a rank from 1 to %(max)d.") % {
            "project": project, "max": params["max"]}
    if code == "too_many_projects":
        return ngettext("You chose %(count)d projects: choose at most %(max)d project.",
                        "You chose %(count)d projects: choose at most %(max)d projects.",
                        params["max"]) % params
    if code == "too_few_projects":
        return ngettext("Choose at least %(min)d project.", "Choose at least %(min)d projects.",
                        params["min"]) % params
    if code == "points_over_total":
        return ngettext("You gave %(total)d points: you have %(max)d point to distribute.",
                        "You gave %(total)d points: you have %(max)d points to distribute.",
                        params["max"]) % params
    if code == "points_over_per_project":
        return ngettext("“%(project)s”: at most %(max)d point to one project.",
                        "“%(project)s”: at most %(max)d points to one project.",
                        params["max"]) % {"project": project, "max": params["max"]}
    if code == "duplicate_rank":
        return _("Rank %(rank)s is given to more than one project: give each rank once.") % {
            "rank": params["rank"]}
    if code == "ranks_not_contiguous":
        return _("Rank %(missing)s is missing: give ranks in order from 1.") % params
    if code == "over_budget":
        return _("Together your projects cost %(cost)s, more than the pool's %(amount)s: "
                 "remove some.") % {"cost": _money(params["total"]),
                                    "amount": _money(params["amount"])}
    return _("This ballot is not valid.")


def _ballot_problems(rules: PoolRules, choices: Any, projects: list[Project]) -> list[str]:
    titles = {p.pk: str(p) for p in projects}
    return [ballot_error_message(error, titles) for error in validate(rules, choices)]


# --- casting, checking, changing -------------------------------------------------------------


@dataclass(frozen=True)
class RequestMeta:
    """What a vote keeps of the request, as fraud signals (point 7): never the vote."""

    ip: str | None = None
    user_agent: str = ""
    accept_language: str = ""
    phone_digest: str = ""


def already_voted() -> ValidationError:
    return ValidationError(_("You have already voted in this pool."), code="already")


def _channel_lock(edition: Edition, voter_key: str, channel: str) -> None:
    """Fix the person's channel in the edition on their first vote; refuse another one."""
    VoterChannelLock.objects.bulk_create(
        [VoterChannelLock(edition=edition, voter_key=voter_key, channel=channel)],
        ignore_conflicts=True)
    fixed = VoterChannelLock.objects.get(edition=edition, voter_key=voter_key).channel
    if fixed != channel:
        raise ValidationError(
            _("You have already voted on paper in this participatory budget.")
            if fixed == VoteChannel.PAPER else
            _("You have already voted online in this participatory budget."), code="channel")


def voter_row(*, edition: Edition, pool: Pool, voter_key: str, channel: str,
              ballot_id: uuid.UUID, public_key: str, receipt: str = "",
              meta: RequestMeta | None = None) -> Voter:
    """The unsaved eligibility record of one vote, its link to ``ballot_id`` sealed with the
    edition's ``public_key``: what :func:`voter_record_create` writes (and what a benchmark
    bulk-inserts)."""
    meta = meta or RequestMeta()
    voter_id = uuid.uuid4()
    return Voter(
        id=voter_id, edition=edition, pool=pool, voter_key=voter_key, channel=channel,
        voted_at=timezone.now(),
        voter_receipt_digest=voter_receipt_digest(receipt) if receipt else "",
        sealed_link=seal_link(public_key, new_link(str(voter_id), str(ballot_id))),
        ip=meta.ip or None,
        device_digest=device_digest(meta.user_agent, meta.accept_language)
        if meta.user_agent else "",
        phone_digest=meta.phone_digest)


def ballot_row(*, edition: Edition, pool: Pool, ballot_id: uuid.UUID, normalised: Normalised,
               receipt: str, birth_year: int | None = None) -> Ballot:
    """The unsaved anonymous ballot of one online vote: the day only, the normalised choices,
    the age band where the edition publishes it and the receipt's ``ballot-receipt`` digest
    (what :func:`ballot_cast` writes)."""
    return Ballot(id=ballot_id, edition=edition, pool=pool, cast_on=timezone.localdate(),
                  choices=[list(pair) for pair in normalised],
                  age_band=ballot_age_band(edition, birth_year),
                  receipt_digest=ballot_receipt_digest(receipt))


@transaction.atomic
def voter_record_create(*, acting_user: User | None, edition: Edition, pool: Pool,
                        voter_key: str, channel: str, ballot_id: uuid.UUID,
                        receipt: str = "", meta: RequestMeta | None = None,
                        birth_year: int | None = None) -> Voter:
    """The eligibility record of one vote (online and paper): the database refuses a second
    vote of the same person in the pool and a second channel in the edition."""
    key = ElectionKey.objects.filter(edition=edition).first()
    if key is None:
        raise ValidationError(_("Voting cannot start yet: the electoral commission's key has "
                                "not been published."), code="no_key")
    voter = voter_row(edition=edition, pool=pool, voter_key=voter_key, channel=channel,
                      ballot_id=ballot_id, public_key=key.public_key, receipt=receipt,
                      meta=meta)
    try:
        with transaction.atomic():
            _channel_lock(edition, voter_key, channel)
            voter.save(force_insert=True)
    except IntegrityError as error:  # the database's last word: one vote per pool
        raise already_voted() from error
    audit_record(organization=edition.component.space.organization, actor=acting_user,
                 action=BudgetAction.VOTE_CAST, obj=voter,
                 changes={"pool": pool.pk, "channel": channel})
    if birth_year:  # the fraud review's exact ages (services/fraud.py)
        # Local import: cycle: the fraud services read voter keys from this module.
        from participa.components.budgets.services.fraud import voter_signal_record
        voter_signal_record(acting_user=acting_user, voter=voter, birth_year=birth_year)
    return voter


@transaction.atomic
def ballot_cast(*, acting_user: User, edition: Edition, pool: Pool, choices: Any,
                request_meta: RequestMeta | None = None,
                birth_year: int | None = None) -> str:
    """``acting_user`` votes ``choices`` (project id → value, or the form's pairs) in
    ``pool``: their eligibility record and the anonymous ballot in one transaction. Returns
    the receipt code — the only time it exists in clear."""
    if pool.edition_id != edition.pk:
        raise ValidationError(_("This pool is not part of this participatory budget."))
    if edition.min_age is not None and birth_year is None:
        raise ValidationError({"birth_year": _("Enter your year of birth.")})
    problems = voter_eligibility(acting_user, edition, pool, birth_year=birth_year)
    if problems:
        raise ValidationError(problems, code="not_eligible")
    projects = ballot_projects(pool)
    rules = pool_rules(pool, projects)
    problems = _ballot_problems(rules, choices, projects)
    if problems:
        raise ValidationError(problems, code="invalid_ballot")
    normalised = normalise(rules, choices)
    voter_key = voter_key_for_user(edition, acting_user)
    if Voter.objects.filter(edition=edition, pool=pool, voter_key=voter_key,
                            annulled_at__isnull=True).exists():
        raise already_voted()
    receipt = new_receipt()
    ballot_id = uuid.uuid4()
    voter_record_create(acting_user=acting_user, edition=edition, pool=pool,
                        voter_key=voter_key, channel=VoteChannel.ONLINE, ballot_id=ballot_id,
                        receipt=receipt, meta=request_meta, birth_year=birth_year)
    ballot_row(edition=edition, pool=pool, ballot_id=ballot_id, normalised=normalised,
               receipt=receipt, birth_year=birth_year).save(force_insert=True)
    return receipt


def _live_ballot(edition: Edition, receipt: str) -> Ballot | None:
    if not receipt_codes.is_well_formed(receipt):
        return None
    return (Ballot.objects.filter(edition=edition, receipt_digest=ballot_receipt_digest(receipt),
                                  replaced_at__isnull=True)
            .select_related("pool").first())


def bad_receipt() -> ValidationError:
    return ValidationError({"receipt": _(
        "No ballot has this receipt code. Check that you typed it as printed on your "
        "receipt.")}, code="unknown")


def ballot_check(*, edition: Edition, receipt: str) -> str:
    """What anyone holding ``receipt`` may learn: that the ballot was recorded, on which day
    (or that it was annulled). Raises a ``ValidationError`` for an unknown code."""
    ballot = _live_ballot(edition, receipt)
    if ballot is None:
        raise bad_receipt()
    day = date_format(ballot.cast_on, "DATE_FORMAT")
    if ballot.annulled_at is not None:
        return _("The ballot of this receipt was annulled by the electoral commission.")
    return _("Your ballot in “%(pool)s” was recorded on %(day)s.") % {
        "pool": ballot.pool, "day": day}


def ballot_change_refusal(edition: Edition) -> ValidationError | None:
    if not edition.allow_ballot_change:
        return ValidationError(_("This participatory budget does not allow changing a "
                                 "ballot once it is cast."), code="not_allowed")
    if edition_phase(edition) != EditionPhase.VOTING:
        return ValidationError(_("Voting is closed: a ballot can no longer be changed."),
                               code="closed")
    return None


@transaction.atomic
def ballot_change(*, receipt: str, edition: Edition, pool: Pool, choices: Any) -> Ballot:
    """Replace the ballot of ``receipt`` with ``choices`` (where the edition allows it,
    until voting closes). The receipt keeps working for the new ballot."""
    refusal = ballot_change_refusal(edition)
    if refusal is not None:
        raise refusal
    found = _live_ballot(edition, receipt)
    if found is None or found.pool_id != pool.pk:
        raise bad_receipt()
    old = Ballot.objects.select_for_update().get(pk=found.pk)
    if old.replaced_at is not None or old.annulled_at is not None:
        raise bad_receipt()
    if old.quarantined_at is not None:
        raise ValidationError(_("This ballot is under review by the electoral commission and "
                                "cannot be changed now."), code="quarantined")
    projects = ballot_projects(pool)
    rules = pool_rules(pool, projects)
    problems = _ballot_problems(rules, choices, projects)
    if problems:
        raise ValidationError(problems, code="invalid_ballot")
    normalised = normalise(rules, choices)
    now = timezone.now()
    Ballot.objects.filter(pk=old.pk).update(replaced_at=now)
    new = Ballot.objects.create(edition=edition, pool=pool, cast_on=timezone.localdate(),
                                choices=[list(pair) for pair in normalised],
                                age_band=old.age_band, receipt_digest=old.receipt_digest)
    # No actor: the receipt is anonymous, and the entry names the ballot, never a voter.
    audit_record(organization=edition.component.space.organization, actor=None,
                 action=BudgetAction.BALLOT_CHANGE, obj=old, changes={"replaced": True})
    return new


# --- the commission's annulment ---------------------------------------------------------------


@transaction.atomic
def ballot_annul_by_commission(*, acting_user: User, edition: Edition,
                               sealed_link_opened_ballot_id: str | uuid.UUID,
                               voter_id: str | uuid.UUID, reason: str) -> Voter:
    """The commission opened one sealed link offline (its private key never comes here) and
    annuls that ballot: the ballot (and any ballot that replaced it) is annulled and its
    choices erased, the voter's record annulled with ``reason`` — the person may vote again."""
    if not core_permissions.can_manage_organization(acting_user,
                                                    edition.component.space.organization):
        raise ValidationError(_("Only the organization's administrators record the electoral "
                                "commission's decisions."), code="forbidden")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the commission's reason.")})
    try:
        voter = Voter.objects.select_for_update().get(pk=voter_id, edition=edition,
                                                      annulled_at__isnull=True)
        ballot = Ballot.objects.select_for_update().get(pk=sealed_link_opened_ballot_id,
                                                        edition=edition)
    except (Voter.DoesNotExist, Ballot.DoesNotExist, ValueError, ValidationError):
        raise ValidationError(_("No valid vote matches these ids in this participatory "
                                "budget."), code="unknown") from None
    if ballot.pool_id != voter.pool_id:
        raise ValidationError(_("This ballot and this voter are not of the same pool."),
                              code="mismatch")
    now = timezone.now()
    Ballot.objects.filter(Q(pk=ballot.pk) | Q(receipt_digest=ballot.receipt_digest),
                          edition=edition).update(annulled_at=now, choices=[])
    voter.annulled_at = now
    voter.annul_reason = reason.strip()
    voter.save(update_fields=["annulled_at", "annul_reason"])
    if not Voter.objects.filter(edition=edition, voter_key=voter.voter_key,
                                annulled_at__isnull=True).exists():
        VoterChannelLock.objects.filter(edition=edition, voter_key=voter.voter_key).delete()
    audit_record(organization=edition.component.space.organization, actor=acting_user,
                 action=BudgetAction.VOTE_ANNUL, obj=voter,
                 changes={"annulled_at": [None, now.isoformat()], "annul_reason": None})
    return voter


# --- counts for staff ------------------------------------------------------------------------


def turnout(edition: Edition) -> list[dict[str, Any]]:
    """Per pool: the votes counted (valid, not replaced) and the annulled records, online and
    on paper — counts only."""
    rows = []
    for pool in edition.pools.all():
        voters = Voter.objects.filter(pool=pool)
        rows.append({
            "pool": pool,
            "online": voters.filter(channel=VoteChannel.ONLINE,
                                    annulled_at__isnull=True).count(),
            "paper": voters.filter(channel=VoteChannel.PAPER, annulled_at__isnull=True).count(),
            "annulled": voters.filter(annulled_at__isnull=False).count(),
            "ballots": Ballot.objects.filter(pool=pool, replaced_at__isnull=True,
                                             annulled_at__isnull=True).count(),
        })
    return rows

