"""Ballot validation for the voting method of one pool, server-side (no Django imports).

A pool votes with one method:

============= ====================== ============================================================
method        value per project      limits (:class:`PoolRules`)
============= ====================== ============================================================
``approval``  1                      ``max_projects``, ``min_projects``
``cumulative`` points, integer >= 0  ``points_total``, ``max_points_per_project``,
                                     ``max_projects``, ``min_projects``
``ranked``    rank 1, 2, ..., k      ``max_ranks``, ``max_projects``, ``min_projects``; no rank
                                     twice, no gap
``knapsack``  1                      the chosen projects cost at most the pool ``amount``;
                                     ``max_projects``, ``min_projects``
============= ====================== ============================================================

A ballot is a mapping ``project id -> value``, or the pairs of a form as they came (so that a
project sent twice is seen). :func:`validate` returns every problem as a :class:`BallotError`
with a stable ``code`` and ``params``, for the component to turn into a translated message;
an empty list means the ballot is valid. :func:`normalise` returns the canonical tuple stored
for a valid ballot: approval and knapsack ``((id, 1), ...)`` by id, cumulative
``((id, points), ...)`` by id without zero entries, ranked ``((id, rank), ...)`` by rank.

Error codes (``params`` in brackets):

* ``empty_ballot`` (): nothing chosen (no entry, or only zero points).
* ``unknown_project`` (project): a project that is not on this pool's ballot.
* ``duplicate_project`` (project): the same project sent twice.
* ``invalid_value`` (project, value): approval/knapsack value other than 1.
* ``invalid_points`` (project, value): cumulative points not an integer >= 0.
* ``invalid_rank`` (project, value, max): rank not an integer in 1..max_ranks.
* ``too_many_projects`` (count, max) and ``too_few_projects`` (count, min).
* ``points_over_total`` (total, max) and ``points_over_per_project`` (project, points, max).
* ``duplicate_rank`` (rank, projects): one rank given to several projects (ids joined by ", ").
* ``ranks_not_contiguous`` (missing): ranks must be 1..k; ``missing`` is the first gap.
* ``over_budget`` (total, amount): knapsack ballot costing more than the pool (``Decimal``).

Ids are ``int`` or ``str`` (one kind per pool); params hold ints, ``Decimal`` amounts and the
ids as given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

ProjectId = int | str
# Inputs take ids of either kind (``Any``: a ``dict[int, ...]`` is not a
# ``Mapping[int | str, ...]`` to a type checker).
BallotInput = Mapping[Any, Any] | Iterable[tuple[Any, Any]]
Normalised = tuple[tuple[ProjectId, int], ...]


class Method(StrEnum):
    APPROVAL = "approval"
    CUMULATIVE = "cumulative"
    RANKED = "ranked"
    KNAPSACK = "knapsack"


@dataclass(frozen=True)
class BallotError:
    """One problem of a ballot: a stable ``code`` and the values its message needs."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


class InvalidBallot(ValueError):
    """Raised by :func:`normalise` for a ballot :func:`validate` refuses."""

    def __init__(self, errors: list[BallotError]):
        self.errors = errors
        super().__init__(", ".join(error.code for error in errors))


def to_fraction(amount: Decimal | Fraction | int | str) -> Fraction:
    """An exact amount (``Decimal``, ``Fraction``, ``int`` or its decimal text)."""
    if isinstance(amount, float):
        raise TypeError("money must not be a float")
    return Fraction(amount)


def to_decimal(amount: Fraction) -> Decimal:
    """The exact ``Decimal`` of an amount, with at least two decimals (``370000.50``); an amount
    without a terminating decimal expansion is rounded to the cent (money read from the
    database always terminates)."""
    den, digits = amount.denominator, 2
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    if den == 1:
        while (amount * 10**digits).denominator != 1:
            digits += 1
        return Decimal(int(amount * 10**digits)).scaleb(-digits)
    return (Decimal(amount.numerator) / Decimal(amount.denominator)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class PoolRules:
    """How one pool votes. ``project_costs`` lists every project on the pool's ballot with its
    cost; ``allowed`` (default: all of them) narrows which ones may be chosen."""

    method: Method | str
    project_costs: Mapping[Any, Decimal | Fraction | int]
    amount: Decimal | Fraction | int
    allowed: frozenset[Any] | None = None
    max_projects: int | None = None
    min_projects: int = 1
    points_total: int | None = None
    max_points_per_project: int | None = None
    max_ranks: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", Method(self.method))
        costs = {pid: to_fraction(cost) for pid, cost in self.project_costs.items()}
        if any(cost < 0 for cost in costs.values()):
            raise ValueError("a project cost is negative")
        object.__setattr__(self, "project_costs", costs)
        amount = to_fraction(self.amount)
        if amount < 0:
            raise ValueError("the pool amount is negative")
        object.__setattr__(self, "amount", amount)
        allowed = frozenset(costs) if self.allowed is None else frozenset(self.allowed)
        if not allowed <= set(costs):
            raise ValueError("allowed projects must have a cost")
        object.__setattr__(self, "allowed", allowed)
        for name in ("max_projects", "points_total", "max_points_per_project", "max_ranks"):
            value = getattr(self, name)
            if value is not None and (not _is_int(value) or value < 1):
                raise ValueError(f"{name} must be a positive integer")
        if not _is_int(self.min_projects) or self.min_projects < 1:
            raise ValueError("min_projects must be a positive integer")
        if self.method is Method.CUMULATIVE and self.points_total is None:
            raise ValueError("cumulative voting needs points_total")
        if self.method is Method.RANKED and self.max_ranks is None:
            raise ValueError("ranked voting needs max_ranks")
        if self.min_projects > self.max_length:
            raise ValueError("min_projects is above the most projects a ballot may hold")

    @property
    def costs(self) -> dict[ProjectId, Fraction]:
        return self.project_costs  # type: ignore[return-value]  # made exact in __post_init__

    @property
    def exact_amount(self) -> Fraction:
        return self.amount  # type: ignore[return-value]  # made exact in __post_init__

    @property
    def allowed_ids(self) -> frozenset[ProjectId]:
        assert self.allowed is not None  # set in __post_init__
        return self.allowed

    @property
    def max_length(self) -> int:
        """The most projects one valid ballot may hold."""
        limits = [len(self.allowed_ids)]
        if self.max_projects is not None:
            limits.append(self.max_projects)
        if self.method is Method.RANKED and self.max_ranks is not None:
            limits.append(self.max_ranks)
        if self.method is Method.CUMULATIVE and self.points_total is not None:
            limits.append(self.points_total)
        return min(limits)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _id_key(pid: ProjectId) -> tuple[int, int, str]:
    return (0, pid, "") if isinstance(pid, int) else (1, 0, str(pid))


def _pairs(ballot: BallotInput) -> list[tuple[ProjectId, Any]]:
    if isinstance(ballot, Mapping):
        return list(ballot.items())
    return [(pid, value) for pid, value in ballot]


def validate(rules: PoolRules, ballot: BallotInput) -> list[BallotError]:
    """Every problem of ``ballot`` under ``rules``; an empty list if it is valid."""
    pairs = _pairs(ballot)
    errors: list[BallotError] = []
    seen: dict[ProjectId, Any] = {}
    repeated: set[ProjectId] = set()
    for pid, value in pairs:
        if pid not in seen:
            seen[pid] = value
        elif pid not in repeated:
            repeated.add(pid)
            errors.append(BallotError("duplicate_project", {"project": pid}))
    unknown = sorted((pid for pid in seen if pid not in rules.allowed_ids), key=_id_key)
    errors.extend(BallotError("unknown_project", {"project": pid}) for pid in unknown)
    method = rules.method
    if method is Method.CUMULATIVE:
        errors.extend(_cumulative(rules, seen))
    elif method is Method.RANKED:
        errors.extend(_ranked(rules, seen))
    else:
        errors.extend(_approval(rules, seen))
    return errors


def _count_limits(rules: PoolRules, count: int, maximum: int | None) -> list[BallotError]:
    if count == 0:
        return [BallotError("empty_ballot")]
    if maximum is not None and count > maximum:
        return [BallotError("too_many_projects", {"count": count, "max": maximum})]
    if count < rules.min_projects:
        return [BallotError("too_few_projects", {"count": count, "min": rules.min_projects})]
    return []


def _approval(rules: PoolRules, ballot: dict[ProjectId, Any]) -> list[BallotError]:
    errors = [BallotError("invalid_value", {"project": pid, "value": value})
              for pid, value in sorted(ballot.items(), key=lambda item: _id_key(item[0]))
              if not (_is_int(value) and value == 1)]
    errors.extend(_count_limits(rules, len(ballot), rules.max_projects))
    if rules.method is Method.KNAPSACK:
        total = sum((rules.costs[pid] for pid in ballot if pid in rules.allowed_ids),
                    Fraction(0))
        if total > rules.exact_amount:
            errors.append(BallotError("over_budget", {
                "total": to_decimal(total), "amount": to_decimal(rules.exact_amount)}))
    return errors


def _cumulative(rules: PoolRules, ballot: dict[ProjectId, Any]) -> list[BallotError]:
    errors: list[BallotError] = []
    given: dict[ProjectId, int] = {}
    for pid, value in sorted(ballot.items(), key=lambda item: _id_key(item[0])):
        if not _is_int(value) or value < 0:
            errors.append(BallotError("invalid_points", {"project": pid, "value": value}))
        elif value > 0:
            given[pid] = value
    cap = rules.max_points_per_project
    if cap is not None:
        errors.extend(BallotError("points_over_per_project",
                                  {"project": pid, "points": points, "max": cap})
                      for pid, points in given.items() if points > cap)
    total = sum(given.values())
    assert rules.points_total is not None  # checked in PoolRules
    if total > rules.points_total:
        errors.append(BallotError("points_over_total", {"total": total,
                                                        "max": rules.points_total}))
    if not errors or given:
        errors.extend(_count_limits(rules, len(given), rules.max_projects))
    return errors


def _ranked(rules: PoolRules, ballot: dict[ProjectId, Any]) -> list[BallotError]:
    assert rules.max_ranks is not None  # checked in PoolRules
    errors: list[BallotError] = []
    by_rank: dict[int, list[ProjectId]] = {}
    for pid, value in sorted(ballot.items(), key=lambda item: _id_key(item[0])):
        if not _is_int(value) or not 1 <= value <= rules.max_ranks:
            errors.append(BallotError("invalid_rank",
                                      {"project": pid, "value": value, "max": rules.max_ranks}))
        else:
            by_rank.setdefault(value, []).append(pid)
    for rank in sorted(by_rank):
        if len(by_rank[rank]) > 1:
            errors.append(BallotError("duplicate_rank", {
                "rank": rank, "projects": ", ".join(str(pid) for pid in by_rank[rank])}))
    if by_rank:
        missing = next((rank for rank in range(1, max(by_rank) + 1) if rank not in by_rank),
                       None)
        if missing is not None:
            errors.append(BallotError("ranks_not_contiguous", {"missing": missing}))
    errors.extend(_count_limits(rules, len(ballot), rules.max_length))
    return errors


def normalise(rules: PoolRules, ballot: BallotInput) -> Normalised:
    """The canonical tuple of a valid ballot (see the module docstring); raises
    :class:`InvalidBallot` with every error otherwise."""
    errors = validate(rules, ballot)
    if errors:
        raise InvalidBallot(errors)
    items = dict(_pairs(ballot))
    if rules.method is Method.RANKED:
        return tuple(sorted(((pid, int(rank)) for pid, rank in items.items()),
                            key=lambda item: item[1]))
    return tuple(sorted(((pid, int(value)) for pid, value in items.items() if value > 0),
                        key=lambda item: _id_key(item[0])))


def projects_in_order(rules: PoolRules, normalised: Normalised) -> list[ProjectId]:
    """The projects of a normalised ballot in the order a Pabulib ``vote`` cell lists them:
    ranked by rank, cumulative by points (most first, then by id), otherwise by id."""
    if rules.method is Method.CUMULATIVE:
        return [pid for pid, _ in sorted(normalised, key=lambda item: (-item[1],
                                                                       _id_key(item[0])))]
    return [pid for pid, _ in normalised]


def ballot_cost(rules: PoolRules, normalised: Normalised) -> Fraction:
    """The total cost of the projects of a normalised ballot."""
    return sum((rules.costs[pid] for pid, _ in normalised), Fraction(0))


def tally(rules: PoolRules, ballots: Iterable[Normalised]) -> Counter[ProjectId]:
    """Votes (approval, knapsack), points (cumulative) or positional points
    ``max_length + 1 - rank`` (ranked: 3, 2, 1 for three ranks, as Kraków; Pabulib's ordinal
    score) per project."""
    totals: Counter[ProjectId] = Counter()
    top = rules.max_length + 1
    for ballot in ballots:
        for pid, value in ballot:
            if rules.method is Method.RANKED:
                totals[pid] += top - value
            else:
                totals[pid] += value
    return totals
