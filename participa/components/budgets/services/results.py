"""Opening and closing the vote, counting it and publishing the results (issue #13, points 8
and 9). Every write keyword-only and atomic, with its audit entry.

* ``voting_open`` refuses while ``validation.edition_validate`` or ``appeals.voting_may_open``
  report a problem or the electoral commission's key is missing; it sets ``frozen_at``.
* ``voting_close`` ends the vote (now, when it is still scheduled to run).
* ``results_compute`` queues the count in the background (``tasks.count_edition_results``):
  ``results_count_build`` counts each pool in turn (progress: pools done) from its counted
  ballots — not replaced, not annulled, not quarantined — through the anonymised Pabulib
  file of ``participa.lib.ballots.pabulib_export`` and ``participa.lib.pb.count`` with the
  pool's rule and the edition's tie-break order. The file is what is counted: anyone
  recounts the published file with ``python -m participa.lib.pb verify`` and gets the same
  winners. Results are HELD (``PoolResult.published_at`` empty) for staff review;
* ``results_publish`` publishes them: projects become selected or not selected, the journal
  says it and their followers are notified.

No voter is read here: the count uses ``Ballot`` rows only (never ``Voter``). Where the edition
publishes age bands (``Edition.publish_age_band``), the band is the one recorded on the ballot
itself when it was cast (``voting.ballot_age_band``); a band of fewer than 10 voters in a pool
is left blank in the file (``pabulib_export.build_election``'s ``min_band_size``).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.budgets.actions import BudgetAction, BudgetJournalAction
from participa.components.budgets.models import (
    Ballot,
    Edition,
    ElectionKey,
    Pool,
    Project,
    ProjectState,
)
from participa.components.budgets.models_results import PoolResult, ResultsBuild
from participa.components.budgets.permissions import can_manage_budget
from participa.components.budgets.services import projects as project_services
from participa.components.budgets.services.appeals import voting_may_open
from participa.components.budgets.services.report import report_storage
from participa.components.budgets.services.voting import pool_rules
from participa.components.budgets.tasks import count_edition_results
from participa.components.budgets.validation import edition_validate
from participa.core.audit import Notice, audit_record, audited_update
from participa.core.i18n import translated
from participa.core.models import User
from participa.lib.ballots.pabulib_export import (
    ExportBallot,
    PabulibExport,
    build_election,
    export,
    with_selected,
)
from participa.lib.pb import Election, Result, count
from participa.reports.builds import (
    BuildAlreadyRunning,
    build_active,
    build_claim,
    build_done,
    build_fail,
    build_progress,
    build_queue,
)
from participa.reports.models import BuildState

logger = logging.getLogger(__name__)

STALE_AFTER = datetime.timedelta(hours=1)
# The projects of a pool's ballot, before and after the results are published.
ON_BALLOT = (ProjectState.ADMITTED, ProjectState.SELECTED, ProjectState.NOT_SELECTED)


def _check_manager(acting_user: User, edition: Edition) -> None:
    if not can_manage_budget(acting_user, edition.component):
        raise PermissionDenied


def _lock(edition: Edition) -> Edition:
    locked = Edition.objects.select_for_update().select_related(
        "component__space__organization").get(pk=edition.pk)
    return locked


def tie_breaking_of(edition: Edition) -> str:
    """The edition's tie-break order as ``participa.lib.pb`` and its command line take it."""
    return ",".join(str(part) for part in edition.tie_breaking or []) or "id"


# --- opening and closing the vote ------------------------------------------------------------


def voting_open_problems(edition: Edition) -> list[str]:
    """Everything that stops voting from opening, in plain words (empty: it may open)."""
    problems = [problem.message for problem in edition_validate(edition)]
    problems += voting_may_open(edition)
    if not ElectionKey.objects.filter(edition=edition).exists():
        problems.append(_("The electoral commission's key has not been published."))
    return problems


@transaction.atomic
def voting_open(*, acting_user: User, edition: Edition) -> Edition:
    """Open the vote: the set-up is frozen (``frozen_at``) from now on."""
    _check_manager(acting_user, edition)
    locked = _lock(edition)
    if locked.frozen_at is not None:
        raise ValidationError(_("Voting is already open."), code="open")
    problems = voting_open_problems(locked)
    if problems:
        raise ValidationError(problems, code="not_ready")
    audited_update(locked, organization=locked.component.space.organization,
                   actor=acting_user, action=BudgetAction.VOTING_OPEN,
                   values={"frozen_at": timezone.now()})
    edition.frozen_at = locked.frozen_at
    return locked


@transaction.atomic
def voting_close(*, acting_user: User, edition: Edition) -> Edition:
    """Close the vote now when it is still scheduled to run (no ballot is accepted after)."""
    _check_manager(acting_user, edition)
    locked = _lock(edition)
    now = timezone.now()
    if locked.frozen_at is None or now < locked.voting_opens_at:
        raise ValidationError(_("Voting has not opened: it cannot be closed."),
                              code="not_open")
    if now >= locked.voting_closes_at:
        raise ValidationError(_("Voting is already closed."), code="closed")
    audited_update(locked, organization=locked.component.space.organization,
                   actor=acting_user, action=BudgetAction.VOTING_CLOSE,
                   values={"voting_closes_at": now})
    edition.voting_closes_at = locked.voting_closes_at
    return locked


# --- counting --------------------------------------------------------------------------------


def counted_ballots(pool: Pool) -> Any:
    """The ballots that count: not replaced, not annulled, not quarantined."""
    return Ballot.objects.filter(pool=pool, replaced_at__isnull=True, annulled_at__isnull=True,
                                 quarantined_at__isnull=True)


def excluded_counts(pool: Pool) -> dict[str, int]:
    """The live ballots left out of the count, by reason (counts only)."""
    live = Ballot.objects.filter(pool=pool, replaced_at__isnull=True)
    return {"quarantined": live.filter(annulled_at__isnull=True,
                                       quarantined_at__isnull=False).count(),
            "annulled": live.filter(annulled_at__isnull=False).count()}


def results_refusal(edition: Edition) -> ValidationError | None:
    if timezone.now() < edition.voting_closes_at:
        return ValidationError(_("The votes are counted once voting has closed."),
                               code="voting")
    if PoolResult.objects.filter(edition=edition, published_at__isnull=False).exists():
        return ValidationError(_("The results are published: they can no longer be counted "
                                 "again."), code="published")
    return None


def active_results_build(edition: Edition) -> ResultsBuild | None:
    return build_active(ResultsBuild, scope={"edition": edition}, stale_after=STALE_AFTER)


@transaction.atomic
def results_compute(*, acting_user: User, edition: Edition) -> ResultsBuild:
    """Queue the count of every pool; it runs in the background once the transaction
    commits (progress: pools counted). The results are held until ``results_publish``."""
    _check_manager(acting_user, edition)
    locked = _lock(edition)
    refusal = results_refusal(locked)
    if refusal is not None:
        raise refusal
    try:
        built = build_queue(
            ResultsBuild, scope={"edition": locked}, stale_after=STALE_AFTER,
            stale_error=_("The count stopped without finishing; count the votes again."),
            requested_by=acting_user)
    except BuildAlreadyRunning:
        raise ValidationError(_("The votes are already being counted. Wait until the count "
                                "is done (this page shows its progress)."),
                              code="counting") from None
    audit_record(organization=locked.component.space.organization, actor=acting_user,
                 action=BudgetAction.RESULTS_REQUEST, obj=built, changes={"edition": locked.pk})
    build_id = built.pk
    transaction.on_commit(lambda: count_edition_results.enqueue(build_id))
    return built


def _day(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y")


def file_ids(projects: Sequence[Project]) -> dict[int, str]:
    """The ``project_id`` of each project in the published file: its public number, padded
    with zeros to the pool's widest number (``09``, ``10``). The counting engine and pabutools
    break ties by this id compared as TEXT; padded, text order is the numbers' order, so "the
    lower project number first" (the edition page) holds for both."""
    width = len(str(max((p.number for p in projects), default=1)))
    return {p.pk: str(p.number).zfill(width) for p in projects}


def pool_election(edition: Edition, pool: Pool, *,
                  selected: Sequence[str] | None = None) -> Election:
    """The anonymised Pabulib election of ``pool``'s counted ballots (``selected``: the
    winners as ids of the file, written to its ``selected`` column), its ballots read in one
    query."""
    projects = list(Project.objects.filter(pool=pool, state__in=ON_BALLOT).order_by("number"))
    rules = pool_rules(pool, projects)
    org = edition.component.space.organization
    language = org.default_language or "en"
    ballots = [ExportBallot(choices=tuple((pid, int(value)) for pid, value in ballot),
                            band=band)
               for ballot, band in counted_ballots(pool).values_list("choices", "age_band")]
    space_title = translated(edition.component.space.title, language)
    return build_election(
        rules=rules, projects={p.pk: p.title_public or p.title for p in projects},
        ballots=ballots, description=f"{space_title}: {translated(pool.name, language)}",
        country=getattr(org, "country", "") or "-", unit=org.name,
        subunit=str(pool.scope) if pool.scope_id else None,
        instance=str(timezone.localtime(edition.voting_opens_at).year), rule=pool.rule,
        seed=f"participa-budget-{edition.pk}-{pool.pk}",
        date_begin=_day(edition.voting_opens_at), date_end=_day(edition.voting_closes_at),
        language=language, min_project_score_threshold=pool.threshold,
        comment=f"tie-breaking: {tie_breaking_of(edition)}",
        selected=list(selected) if selected is not None else None,
        labels=file_ids(projects), with_age_band=edition.publish_age_band)


def pool_election_file(edition: Edition, pool: Pool, *,
                       selected: Sequence[str] | None = None) -> PabulibExport:
    """The anonymised Pabulib export of ``pool``'s counted ballots (``selected``: the winners,
    written to the file's ``selected`` column)."""
    return export(pool_election(edition, pool, selected=selected))


def count_pool(edition: Edition, pool: Pool) -> tuple[PabulibExport, Result]:
    """Count ``pool``: the published file (with its ``selected`` column) and the engine's
    result of counting exactly that file. The ballots are read and built once: the file
    is the counted election with its winners marked."""
    counted = pool_election(edition, pool)
    result = count(counted, pool.rule, tie_breaking=tie_breaking_of(edition))
    return export(with_selected(counted, result.selected)), result


def _number(value: Fraction | int | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Fraction) and value.denominator != 1:
        return float(value)
    return int(value)


def _store_pool(edition: Edition, pool: Pool, storage: Any) -> PoolResult:
    published, result = count_pool(edition, pool)
    excluded = excluded_counts(pool)
    path = storage.save(f"budget-results/{edition.pk}/pool-{pool.pk}-{published.sha256[:12]}.pb",
                        ContentFile(published.data))
    # The file names projects by their padded numbers; the stored result by their keys.
    key = {label: str(pk) for pk, label in file_ids(
        list(Project.objects.filter(pool=pool, state__in=ON_BALLOT))).items()}
    chosen = set(result.selected)
    costs = {pid: Decimal(cost.numerator) / Decimal(cost.denominator)
             for pid, cost in result.costs.items()}
    rows = [{"id": key[pid], "votes": result.votes.get(pid, 0),
             "score": _number(result.scores.get(pid)), "cost": str(costs[pid]),
             "selected": pid in chosen} for pid in result.costs]
    used = sum((costs[pid] for pid in chosen), Decimal(0))
    ties = [{**tie.to_dict(), "projects": [key[pid] for pid in tie.projects],
             "chosen": key[tie.chosen] if tie.chosen is not None else None}
            for tie in result.ties]
    old = PoolResult.objects.filter(pool=pool).values_list("file_path", flat=True).first()
    with transaction.atomic():
        stored, _created = PoolResult.objects.update_or_create(pool=pool, defaults={
            "edition": edition, "rule": pool.rule, "tie_breaking": tie_breaking_of(edition),
            "budget": pool.amount, "money_used": used,
            "selected": [key[pid] for pid in result.selected], "projects": rows, "ties": ties,
            "ballots_counted": published.election.num_voters,
            "excluded_quarantined": excluded["quarantined"],
            "excluded_annulled": excluded["annulled"], "file_path": path,
            "sha256": published.sha256, "computed_at": timezone.now(), "published_at": None})
    if old and old != path:
        storage.delete(old)
    return stored


def results_count_build(*, build_id: int) -> ResultsBuild:
    """Count every pool of a queued build (called by the background task). Not atomic on
    purpose: the progress is written after each pool so that the staff page shows it."""
    built = ResultsBuild.objects.select_related(
        "edition__component__space__organization").get(pk=build_id)
    if built.state != BuildState.QUEUED:
        return built
    edition = built.edition
    pools = list(edition.pools.select_related("scope").order_by("position", "pk"))
    if not build_claim(built, total=len(pools), built_at=timezone.now()):
        return built
    storage = report_storage()
    try:
        for done, pool in enumerate(pools, start=1):
            _store_pool(edition, pool, storage)
            build_progress(built, done)
    except Exception as error:  # the build records why it failed
        logger.exception("Budget results %s failed", built.pk)
        build_fail(built, error)
        return built
    build_done(built)
    audit_record(organization=edition.component.space.organization, actor=None,
                 action=BudgetAction.RESULTS_COUNT, obj=built,
                 changes={"pools": len(pools)})
    return built


# --- publication -----------------------------------------------------------------------------


@transaction.atomic
def results_publish(*, acting_user: User, edition: Edition) -> list[PoolResult]:
    """Publish the held results: every pool's result becomes public, its projects selected
    or not selected (journal entry, followers notified)."""
    _check_manager(acting_user, edition)
    locked = _lock(edition)
    results = list(PoolResult.objects.select_for_update().filter(edition=locked))
    if not results or len(results) != locked.pools.count():
        raise ValidationError(_("Count the votes of every pool before publishing the "
                                "results."), code="not_counted")
    if any(result.published_at is not None for result in results):
        raise ValidationError(_("The results are already published."), code="published")
    if active_results_build(locked) is not None:
        raise ValidationError(_("The votes are being counted: publish once the count is "
                                "done."), code="counting")
    org = locked.component.space.organization
    now = timezone.now()
    for result in results:
        audited_update(result, organization=org, actor=acting_user,
                       action=BudgetAction.RESULTS_PUBLISH, values={"published_at": now})
        chosen = set(result.selected)
        projects = Project.objects.select_for_update().select_related("component").filter(
            pool_id=result.pool_id, state__in=ON_BALLOT).order_by("number")
        for project in projects:
            selected = str(project.pk) in chosen
            state = ProjectState.SELECTED if selected else ProjectState.NOT_SELECTED
            action = (BudgetJournalAction.PROJECT_SELECTED if selected
                      else BudgetJournalAction.PROJECT_NOT_SELECTED)
            audited_update(project, organization=org, actor=acting_user,
                           action=BudgetAction.RESULTS_PUBLISH,
                           values={"state": state, "updated_at": now},
                           public=[project_services.project_line(project, action)],
                           notice=Notice("budget_project.result", project))
    return results


# --- reading ---------------------------------------------------------------------------------


def published_results(edition: Edition) -> list[PoolResult]:
    return list(PoolResult.objects.filter(edition=edition, published_at__isnull=False)
                .select_related("pool__scope").order_by("pool__position", "pool_id"))


def result_file(result: PoolResult) -> IO[bytes] | None:
    try:
        return report_storage().open(result.file_path, "rb")
    except FileNotFoundError:
        return None


def file_sha256(result: PoolResult) -> str | None:
    handle = result_file(result)
    if handle is None:
        return None
    with handle:
        return hashlib.sha256(handle.read()).hexdigest()
