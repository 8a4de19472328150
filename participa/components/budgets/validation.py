"""``edition_validate``: what is missing or wrong in an edition's set-up before voting can
open. The staff page lists the problems; the service that opens voting (later) refuses while
there is one.

The database already refuses most single-row mistakes (a pool without money, cost limits out of
order, a voting method without its limits, an unknown rule); the checks are repeated here on
the rows given, so that the list is complete whatever wrote them, and the cross-row rules
(at least one pool, category quotas, tie-break order, dates with the appeal periods, the
checklist) are checked only here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.budgets.models import (
    BudgetCategory,
    ChecklistItem,
    Edition,
    Pool,
    VotingMethod,
)
from participa.lib.pb.rules import RULE_NAMES, RuleError, TieBreaking
from participa.verifications.models import Method


@dataclass(frozen=True)
class Problem:
    """One problem of the set-up: a stable ``code`` (tests, the opening service) and the
    sentence staff read."""

    code: str
    message: str


def tie_breaking_problem(parts: Sequence[Any]) -> str | None:
    """Why the tie-break order ``parts`` is not one the counting engine takes (None: valid).
    The order is checked by the engine's own ``TieBreaking`` on a one-project election."""
    if not isinstance(parts, list | tuple) or not all(isinstance(part, str) for part in parts):
        return _("The tie-break order is a list of words such as votes, cost, seed:2026.")
    if any("," in part or not part.strip() for part in parts):
        return _("Each step of the tie-break order is one word: votes, cost, -cost, id or "
                 "seed: followed by a number.")
    if any(part.startswith("seed:") and not part[5:].strip() for part in parts):
        return _("A random tie-break step needs its published seed, e.g. seed:2026.")
    probe = SimpleNamespace(ids=["1"], costs=[1], votes=[1])
    try:
        TieBreaking(",".join(parts)).keys(cast(Any, probe))
    except RuleError:
        return _("The tie-break order has an unknown step: use votes, cost, -cost, id or "
                 "seed: followed by a number.")
    return None


def _pool_problems(pool: Pool) -> list[Problem]:
    name = str(pool) or _("(no name)")
    problems: list[Problem] = []

    def add(code: str, message: str) -> None:
        problems.append(Problem(code, message % {"pool": name}))

    if pool.amount is None or pool.amount <= 0:
        add("pool_amount", _("The pool “%(pool)s” has no money: give it an amount above "
                             "zero."))
    elif pool.max_project_cost is None or pool.max_project_cost > pool.amount:
        add("pool_max_cost", _("The maximum cost of a project in the pool “%(pool)s” is above "
                               "the pool's amount."))
    if (pool.min_project_cost is not None and pool.max_project_cost is not None
            and pool.min_project_cost > pool.max_project_cost):
        add("pool_min_cost", _("The minimum cost of a project in the pool “%(pool)s” is above "
                               "its maximum cost."))
    if pool.method in (VotingMethod.APPROVAL, VotingMethod.RANKED) and not pool.max_projects:
        add("pool_max_projects", _("Say how many projects a voter may choose in the pool "
                                   "“%(pool)s”."))
    if pool.method == VotingMethod.CUMULATIVE and not pool.points_total:
        add("pool_points", _("Say how many points a voter distributes in the pool "
                             "“%(pool)s”."))
    if (pool.max_points_per_project is not None and pool.points_total is not None
            and pool.max_points_per_project > pool.points_total):
        add("pool_points_per_project", _("In the pool “%(pool)s” a voter may give one project "
                                         "more points than they have."))
    if pool.method not in VotingMethod.values:
        add("pool_method", _("The voting method of the pool “%(pool)s” is not known."))
    if pool.rule not in RULE_NAMES:
        add("pool_rule", _("The counting rule of the pool “%(pool)s” is not one the counting "
                           "engine knows."))
    elif pool.rule == "greedy-threshold" and pool.threshold is None:
        add("pool_threshold", _("The counting rule of the pool “%(pool)s” needs the minimum "
                                "number of votes a project must get."))
    return problems


def _date_problems(edition: Edition) -> list[Problem]:
    problems: list[Problem] = []
    closes_on = timezone.localdate(edition.submission_closes_at)
    opens_on = timezone.localdate(edition.voting_opens_at)
    if edition.submission_opens_at >= edition.submission_closes_at:
        problems.append(Problem("dates_submission", _(
            "Submission must close after it opens.")))
    if edition.review_ends_on < closes_on:
        problems.append(Problem("dates_review", _(
            "The formal review must end after submission closes.")))
    if edition.review_ends_on >= opens_on:
        problems.append(Problem("dates_voting", _(
            "Voting must open after the formal review ends.")))
    elif edition.review_ends_on + datetime.timedelta(
            days=edition.appeal_days + edition.appeal_decision_days) >= opens_on:
        problems.append(Problem("dates_appeals", _(
            "Voting opens before the appeals can be made and decided: leave the days to "
            "appeal and to decide between the end of the review and the opening of voting.")))
    if edition.voting_opens_at >= edition.voting_closes_at:
        problems.append(Problem("dates_voting_order", _(
            "Voting must close after it opens.")))
    if edition.results_on < timezone.localdate(edition.voting_closes_at):
        problems.append(Problem("dates_results", _(
            "The results must be published after voting closes.")))
    return problems


def edition_validate(edition: Edition, *, pools: Sequence[Pool] | None = None,
                     categories: Sequence[BudgetCategory] | None = None,
                     checklist: Sequence[ChecklistItem] | None = None) -> list[Problem]:
    """Every problem of ``edition``'s set-up (empty: ready for voting). The pools, categories
    and checklist are read from the database unless given."""
    if pools is None:
        pools = list(Pool.objects.filter(edition=edition))
    if categories is None:
        categories = list(BudgetCategory.objects.filter(edition=edition))
    if checklist is None:
        checklist = list(ChecklistItem.objects.filter(edition=edition))
    problems = _date_problems(edition)
    if not pools:
        problems.append(Problem("no_pools", _("Add at least one pool with its amount.")))
    for pool in pools:
        problems += _pool_problems(pool)
    quotas = sum(category.quota_percent or 0 for category in categories)
    if quotas > 100:
        problems.append(Problem("quotas", _(
            "The categories' shares of the money add up to %(total)d%%: at most 100%% in "
            "all.") % {"total": quotas}))
    tie_problem = tie_breaking_problem(edition.tie_breaking or [])
    if tie_problem:
        problems.append(Problem("tie_breaking", tie_problem))
    unknown = [m for m in edition.verification_methods or [] if m not in Method.values]
    if unknown:
        problems.append(Problem("verification", _(
            "A verification method of this edition is not one the site offers.")))
    if not checklist:
        problems.append(Problem("no_checklist", _(
            "Write the checklist of the formal review.")))
    return problems
