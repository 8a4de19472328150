"""Voting on paper: polling points, double keying of paper ballots and their acceptance.

Each paper ballot is keyed twice, by two different officials (the service refuses the same
official; the database constraint ``budget_paper_entry_distinct_officials`` is the last
word). When both keyings agree, the ballot is accepted: the voter's record is written by
``voting.voter_record_create(..., channel="paper")`` with the key of the voter's register
identifier (``voting.voter_key_for_identifier``), so the constraints of online voting refuse
a person who votes both on paper and online, in either order; the anonymous ``Ballot`` gets a
random receipt digest (paper voters get no receipt). When the keyings differ, the ballot waits
for a third official, who reads the scanned ballot and keys it once more: that keying decides.

On acceptance the choices of the keyings are erased (see ``models_paper``): the database never
keeps a vote beside a voter's key.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.budgets.actions import PaperAction
from participa.components.budgets.models import (
    Ballot,
    Edition,
    Pool,
    VoteChannel,
    VoterChannelLock,
)
from participa.components.budgets.models_paper import (
    PaperBallot,
    PaperBallotEntry,
    PaperBallotState,
    PollingPoint,
)
from participa.components.budgets.permissions import can_manage_budget
from participa.components.budgets.permissions_paper import can_key_at
from participa.components.budgets.services import voting
from participa.core.audit import audit_record
from participa.core.models import User
from participa.lib.ballots import new_receipt, normalise, validate
from participa.verifications.services import register_key

ADULT_AGE = 18
SCAN_EXTENSIONS = (".jpg", ".jpeg", ".png", ".pdf")
SCAN_MAX_BYTES = 10 * 1024 * 1024


def _forbidden() -> ValidationError:
    return ValidationError(_("Only the officials of this polling point and the budget's "
                             "administrators enter its ballots."), code="forbidden")


# --- polling points --------------------------------------------------------------------------


@transaction.atomic
def polling_point_create(*, acting_user: User, edition: Edition, name: str, address: str,
                         officials: list[User]) -> PollingPoint:
    """A polling point of ``edition`` with the officials who key its ballots."""
    if not can_manage_budget(acting_user, edition.component):
        raise ValidationError(_("Only the budget's administrators set up polling points."),
                              code="forbidden")
    name, address = name.strip(), address.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Enter the polling point's name.")
    elif PollingPoint.objects.filter(edition=edition, name=name).exists():
        errors["name"] = _("This edition already has a polling point with this name.")
    if not address:
        errors["address"] = _("Enter the polling point's address.")
    if errors:
        raise ValidationError(errors)
    organization = edition.component.space.organization
    if any(official.organization_id != organization.pk for official in officials):
        raise ValidationError({"officials": _("Officials must have an account of this "
                                              "organization.")})
    point = PollingPoint.objects.create(edition=edition, name=name, address=address)
    point.officials.set(officials)
    audit_record(organization=organization, actor=acting_user,
                 action=PaperAction.POLLING_POINT_CREATE, obj=point,
                 changes={"name": name, "officials": sorted(o.pk for o in officials)})
    return point


# --- keying ----------------------------------------------------------------------------------


def _official_reason(error: ValidationError, edition: Edition, voter_key: str) -> str:
    """The voting services' refusal of a second vote, said to the official."""
    if getattr(error, "code", "") == "channel":
        fixed = VoterChannelLock.objects.filter(edition=edition, voter_key=voter_key).first()
        if fixed is not None and fixed.channel == VoteChannel.ONLINE:
            return _("This person has already voted online in this participatory budget: "
                     "their paper ballot cannot be accepted. Set it aside for the electoral "
                     "commission.")
    return _("This person has already voted in this pool: the paper ballot cannot be "
             "accepted. Set it aside for the electoral commission.")


def _check_age(edition: Edition, birth_year: int | None, parent_name: str) -> None:
    asks_age = edition.min_age is not None or edition.minors_with_consent
    if not asks_age:
        return
    if birth_year is None:
        raise ValidationError({"birth_year": _("Enter the year of birth written on the "
                                               "ballot.")})
    age = timezone.localdate().year - birth_year
    if edition.min_age is not None and age < edition.min_age:
        raise ValidationError({"birth_year": _(
            "The voter is younger than this participatory budget's minimum age: the ballot "
            "cannot be accepted.")}, code="too_young")
    if age < ADULT_AGE:
        if not edition.minors_with_consent:
            raise ValidationError({"birth_year": _(
                "This participatory budget does not accept ballots of minors: the ballot "
                "cannot be accepted.")}, code="minor")
        if not parent_name:
            raise ValidationError({"parent_name": _(
                "The voter is a minor: check the parent's consent on the ballot and type the "
                "parent's name as written there.")}, code="consent")


def _check_scan(scan: UploadedFile | None) -> None:
    if scan is None:
        return
    extension = os.path.splitext(scan.name or "")[1].lower()
    if extension not in SCAN_EXTENSIONS or (scan.size or 0) > SCAN_MAX_BYTES:
        raise ValidationError({"scan": _("Upload the scanned ballot as JPEG, PNG or PDF, "
                                         "at most 10 MB.")})


def _same(first: PaperBallotEntry, second: PaperBallotEntry) -> bool:
    return (first.pool_id == second.pool_id and first.voter_key == second.voter_key
            and first.birth_year == second.birth_year and first.choices == second.choices
            and " ".join(first.parent_name.split()).casefold()
            == " ".join(second.parent_name.split()).casefold())


def _accept(*, acting_user: User, paper: PaperBallot, entry: PaperBallotEntry) -> None:
    edition = paper.edition
    ballot_id = uuid.uuid4()
    try:
        voting.voter_record_create(acting_user=acting_user, edition=edition, pool=entry.pool,
                                   voter_key=entry.voter_key, channel=VoteChannel.PAPER,
                                   ballot_id=ballot_id, birth_year=entry.birth_year)
    except ValidationError as error:
        if getattr(error, "code", "") in ("channel", "already"):
            raise ValidationError(_official_reason(error, edition, entry.voter_key),
                                  code="double_vote") from error
        raise
    Ballot.objects.create(id=ballot_id, edition=edition, pool=entry.pool,
                          cast_on=timezone.localdate(), choices=entry.choices,
                          age_band=voting.ballot_age_band(edition, entry.birth_year),
                          receipt_digest=voting.ballot_receipt_digest(new_receipt()))
    paper.state = PaperBallotState.ACCEPTED
    paper.accepted_at = timezone.now()
    paper.pool = entry.pool
    if entry.parent_name:
        paper.consent_parent_name = entry.parent_name
        paper.consent_checked_by = acting_user
    paper.save(update_fields=["state", "accepted_at", "pool", "consent_parent_name",
                              "consent_checked_by"])
    PaperBallotEntry.objects.filter(ballot=paper).update(choices=[])
    audit_record(organization=edition.component.space.organization, actor=acting_user,
                 action=PaperAction.PAPER_BALLOT_ACCEPT, obj=paper,
                 changes={"state": PaperBallotState.ACCEPTED, "keying": entry.keying})


def keying_refusal(edition: Edition) -> str | None:
    """Why paper ballots cannot be keyed now (``None``: they can). As online ballots, they
    are accepted only once the organizers opened the vote (``results.voting_open`` sets
    ``frozen_at`` after checking reviews and appeals), not merely from the date on."""
    if timezone.now() < edition.voting_opens_at:
        return _("Paper ballots are entered once voting has opened.")
    if edition.frozen_at is None:
        return _("Paper ballots are entered once the organizers have opened the vote: "
                 "every project must be reviewed and every appeal decided first.")
    return None


@transaction.atomic
def paper_ballot_key(*, acting_user: User, polling_point: PollingPoint, serial: str,
                     pool: Pool, identifier: str, choices: Any, birth_year: int | None = None,
                     parent_name: str = "", scan: UploadedFile | None = None) -> PaperBallot:
    """``acting_user`` enters the paper ballot ``serial`` of ``polling_point`` once: the first
    keying, the second (accepted if it agrees with the first, otherwise listed as a mismatch)
    or, after a mismatch, the third that decides. ``identifier`` is the voter's register
    identifier as written on the ballot; it is only kept as the voter's keyed hash."""
    edition = polling_point.edition
    if not can_key_at(acting_user, polling_point):
        raise _forbidden()
    if pool.edition_id != edition.pk:
        raise ValidationError({"pool": _("This pool is not part of this participatory "
                                         "budget.")})
    refusal = keying_refusal(edition)
    if refusal is not None:
        raise ValidationError(refusal, code="not_open")
    serial = serial.strip().upper()
    identifier = identifier.strip()
    parent_name = " ".join(parent_name.split())
    errors: dict[str, str] = {}
    if not serial:
        errors["serial"] = _("Enter the serial number printed on the ballot.")
    if not identifier:
        errors["identifier"] = _("Enter the voter's identifier written on the ballot.")
    if errors:
        raise ValidationError(errors)
    _check_age(edition, birth_year, parent_name)
    _check_scan(scan)
    projects = voting.ballot_projects(pool)
    rules = voting.pool_rules(pool, projects)
    titles = {p.pk: str(p) for p in projects}
    problems = [voting.ballot_error_message(error, titles) for error in validate(rules, choices)]
    if problems:
        raise ValidationError(
            [_("This ballot breaks the pool's rules. Check what you typed against the paper; "
               "if the paper itself breaks them, set it aside for the electoral commission."),
             *problems], code="invalid_ballot")
    normalised = [list(pair) for pair in normalise(rules, choices)]
    kind, value = register_key(identifier=identifier)
    voter_key = voting.voter_key_for_identifier(edition, kind, value)

    PaperBallot.objects.get_or_create(edition=edition, serial=serial,
                                      defaults={"polling_point": polling_point})
    paper = PaperBallot.objects.select_for_update().get(edition=edition, serial=serial)
    if paper.polling_point_id != polling_point.pk:
        raise ValidationError({"serial": _("This serial number belongs to a ballot of "
                                           "another polling point.")}, code="other_point")
    if paper.state == PaperBallotState.ACCEPTED:
        raise ValidationError({"serial": _("This ballot has already been entered twice and "
                                           "accepted.")}, code="accepted")
    entries = list(paper.entries.all())
    if any(entry.official_id == acting_user.pk for entry in entries):
        raise ValidationError(_("You have already keyed this ballot: another official must "
                                "enter it."), code="same_official")
    keying = len(entries) + 1
    if scan is not None and not paper.scan:
        paper.scan.save(f"{uuid.uuid4().hex}{os.path.splitext(scan.name or '')[1].lower()}",
                        scan, save=False)
        paper.save(update_fields=["scan"])
    try:
        with transaction.atomic():
            entry = PaperBallotEntry.objects.create(
                ballot=paper, keying=keying, official=acting_user, pool=pool,
                voter_key=voter_key, birth_year=birth_year, parent_name=parent_name,
                choices=normalised)
    except IntegrityError as error:  # another official's keying won the race
        raise ValidationError(_("This ballot was just keyed by someone else: open it again."),
                              code="race") from error
    organization = edition.component.space.organization
    audit_record(organization=organization, actor=acting_user,
                 action=PaperAction.PAPER_BALLOT_KEY, obj=paper, changes={"keying": keying})
    if keying == 2 and not _same(entries[0], entry):
        paper.state = PaperBallotState.MISMATCH
        paper.save(update_fields=["state"])
        audit_record(organization=organization, actor=acting_user,
                     action=PaperAction.PAPER_BALLOT_MISMATCH, obj=paper,
                     changes={"state": PaperBallotState.MISMATCH})
    elif keying >= 2:
        _accept(acting_user=acting_user, paper=paper, entry=entry)
    return paper


# --- reads -----------------------------------------------------------------------------------


def points_for(user: Any, edition: Edition) -> list[PollingPoint]:
    """The polling points ``user`` keys at (all of them for administrators)."""
    points = PollingPoint.objects.filter(edition=edition)
    if not can_manage_budget(user, edition.component):
        points = points.filter(officials=user)
    return list(points.order_by("name", "pk"))


def mismatches(point: PollingPoint) -> list[PaperBallot]:
    return list(PaperBallot.objects.filter(polling_point=point,
                                           state=PaperBallotState.MISMATCH)
                .order_by("serial"))


def tallies(edition: Edition, user: Any = None) -> list[dict[str, Any]]:
    """Per polling point (those ``user`` keys at, when given): the ballots keyed once, with
    keyings that differ, accepted, and the minors' ballots accepted with a parent's consent —
    counts only, in two queries whatever the number of points and ballots."""
    points = PollingPoint.objects.filter(edition=edition)
    if user is not None and not can_manage_budget(user, edition.component):
        points = points.filter(officials=user)
    rows = (PaperBallot.objects
              .filter(edition=edition, polling_point__in=points).values("polling_point")
              .annotate(keyed_once=Count("pk", filter=Q(state=PaperBallotState.KEYED_ONCE)),
                        mismatch=Count("pk", filter=Q(state=PaperBallotState.MISMATCH)),
                        accepted=Count("pk", filter=Q(state=PaperBallotState.ACCEPTED)),
                        minors=Count("pk", filter=Q(state=PaperBallotState.ACCEPTED)
                                     & ~Q(consent_parent_name=""))))
    counts: dict[int, dict[str, Any]] = {row["polling_point"]: dict(row) for row in rows}
    empty: dict[str, Any] = {"keyed_once": 0, "mismatch": 0, "accepted": 0, "minors": 0}
    return [{"point": point, **{key: counts.get(point.pk, empty)[key] for key in empty}}
            for point in points.order_by("name", "pk")]
