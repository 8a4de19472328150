"""Counting rules: greedy variants and the Method of Equal Shares (MES) with its completions.

Rule names follow Pabulib's ``rule`` field:

=============================== ==============================================================
``greedy``                      by score (votes, or points), skip projects that do not fit
``greedy-no-skip``              the same, stop at the first project that does not fit
``greedy-threshold``            greedy over projects with score >= ``min_project_score_threshold``
``equalshares``                 MES, no completion
``equalshares/add1``            MES, per-voter budget raised by 1 currency unit per run until
                                the next outcome would exceed the budget (Wieliczka, Świecie, Assen)
``equalshares/add1u``           add1, then greedy with the money left (equalshares.net default)
``equalshares/utilitarian``     MES, then greedy with the money left
``…-comparison``                (suffix) then the comparison step: switch to ``greedy`` if strictly
                                more voters fund more of their projects with greedy
=============================== ==============================================================

Utilities: ``cost`` (default; a voter's utility for a project is its cost times the points the
voter gave it, pabutools' ``Cost_Sat``) or ``cardinality`` (the points only, ``Cardinality_Sat``
for approval). Greedy with ``cost`` ranks by score; with ``cardinality`` by score per unit cost.
Points: 1 per approved project, the points of cumulative/scoring ballots, and for ordinal ballots
``max_length - position`` (3, 2, 1 in Kraków).

Ties are broken by a documented order (:class:`TieBreaking`): by default the project id as text,
which is what pabutools does; ``cost`` (cheapest first), ``votes`` (most votes first) and
``seed:N`` (a published random order: SHA-256 of ``"N:project_id"``) can be chained, e.g.
``cost,votes,seed:2024``; the project id always settles what is left. Every tie is recorded in
the result.

Exactness. Money is exact (``Fraction``); costs and the budget are scaled to integers. Greedy is
exact integer/rational arithmetic. MES runs in float64 with NumPy and checks every decision
against an error bound: a project is affordable or not by a relative margin of ``TOL`` (1e-9;
the float error after hundreds of rounds over a million ballots is below 1e-12), and the winner
of a round must beat the runner-up by that margin. When two projects are within the margin and
every supporter of both could pay the equal share, the prices are exactly ``cost / points`` and
are compared as fractions (an exact tie is then broken by the tie-breaking order). Any other
close decision makes that MES run start again in exact rational arithmetic
(:func:`mes_exact`, a direct transcription of pabutools' algorithm); ``Result.exact_runs``
counts those. So the float path never takes a decision that exact arithmetic would take
differently.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import cast

import numpy as np
import numpy.typing as npt

from .model import Ballots, Election
from .pabulib import format_number
from .result import Result, Tie

TOL = 1e-9
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

GREEDY_RULES = ("greedy", "greedy-no-skip", "greedy-threshold")
MES_COMPLETIONS = ("", "add1", "add1u", "utilitarian")


class RuleError(ValueError):
    pass


# -- tie-breaking ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TieBreaking:
    """Order used to break exact ties; see the module docstring."""

    spec: str = "id"

    def keys(self, profile: Profile) -> list[tuple[object, ...]]:
        parts = [p.strip() for p in self.spec.split(",") if p.strip()]
        keys: list[tuple[object, ...]] = []
        for j, pid in enumerate(profile.ids):
            key: list[object] = []
            for part in parts:
                if part == "id":
                    key.append(pid)
                elif part == "cost":
                    key.append(profile.costs[j])
                elif part == "-cost":
                    key.append(-profile.costs[j])
                elif part == "votes":
                    key.append(-profile.votes[j])
                elif part.startswith("seed:"):
                    seed = part[5:]
                    key.append(hashlib.sha256(f"{seed}:{pid}".encode()).hexdigest())
                else:
                    raise RuleError(f"unknown tie-breaking order {part!r}")
            key.append(pid)
            keys.append(tuple(key))
        return keys


# -- the profile: what every rule needs, computed once per election ---------------------------


@dataclass
class Profile:
    """Per-project supporters and points, with costs scaled to integers (see module doc)."""

    ids: list[str]
    costs: list[Fraction]
    budget: Fraction
    n: int
    scale: int  # costs * scale are integers
    cost_int: list[int]
    budget_int: int
    supporters: list[IntArray]  # voter positions per project
    weights: list[IntArray]  # points per supporter (integers)
    wsum: list[int]  # total points per project
    votes: list[int]
    unit_weights: bool
    # ballots per voter (for the comparison step)
    indptr: IntArray = field(repr=False, default_factory=lambda: np.zeros(1, dtype=np.int64))
    indices: IntArray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.int64))
    entry_points: IntArray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.int64))

    cache: dict[object, object] = field(repr=False, default_factory=dict)

    @property
    def m(self) -> int:
        return len(self.ids)

    def equal_shares(self) -> list[Fraction]:
        """Exact price per point of each project when all its supporters pay equally."""
        cached = self.cache.get("equal_shares")
        if cached is None:
            cached = [
                Fraction(c, w * self.scale) if w else Fraction(0)
                for c, w in zip(self.cost_int, self.wsum, strict=True)
            ]
            self.cache["equal_shares"] = cached
        return cast(list[Fraction], cached)

    def weights_float(self) -> list[FloatArray]:
        cached = self.cache.get("wf")
        if cached is None:
            cached = [w.astype(np.float64) for w in self.weights]
            self.cache["wf"] = cached
        return cached  # type: ignore[return-value]

    def entry_weights_of(self, j: int) -> FloatArray:
        """Points given to each project on the ballots of the supporters of ``j``."""
        cached = self.cache.get(("ew", j))
        if cached is None:
            s = self.supporters[j]
            lengths = np.diff(self.indptr)[s]
            loc = np.repeat(np.arange(len(s), dtype=np.int64), lengths)
            firsts = np.cumsum(lengths) - lengths
            pos = self.indptr[s][loc] + (np.arange(len(loc), dtype=np.int64) - firsts[loc])
            cached = self.entry_points[pos].astype(np.float64)
            self.cache[("ew", j)] = cached
        return cached  # type: ignore[return-value]

    @classmethod
    def from_election(cls, election: Election, ordinal_points: str = "positional") -> Profile:
        b = election.ballots
        m = len(election.projects)
        w = election.weights(ordinal_points)
        order = np.argsort(b.indices, kind="stable")
        voters = b.voter_of_entry()[order]
        wsorted = w[order]
        counts = np.bincount(b.indices, minlength=m)
        bounds = np.zeros(m + 1, dtype=np.int64)
        np.cumsum(counts, out=bounds[1:])
        supporters = [voters[bounds[j] : bounds[j + 1]] for j in range(m)]
        weights = [wsorted[bounds[j] : bounds[j + 1]] for j in range(m)]
        keep = [wj > 0 for wj in weights]  # zero points: not a supporter (pabutools)
        supporters = [s[k] for s, k in zip(supporters, keep, strict=True)]
        weights = [x[k] for x, k in zip(weights, keep, strict=True)]
        costs = election.costs()
        budget = election.budget
        scale = 1
        for x in [*costs, budget]:
            scale = math.lcm(scale, x.denominator)
        return cls(
            ids=election.project_ids,
            costs=costs,
            budget=budget,
            n=election.num_voters,
            scale=scale,
            cost_int=[int(c * scale) for c in costs],
            budget_int=int(budget * scale),
            supporters=supporters,
            weights=weights,
            wsum=[int(x.sum()) for x in weights],
            votes=[int(c) for c in counts],
            unit_weights=bool((w == 1).all()),
            indptr=b.indptr,
            indices=b.indices,
            entry_points=w,
        )

    def score(self, j: int) -> int:
        return self.wsum[j]


# -- greedy ---------------------------------------------------------------------------------


def greedy(
    profile: Profile,
    *,
    budget: Fraction | None = None,
    no_skip: bool = False,
    threshold: Fraction | None = None,
    utility: str = "cost",
    tie_breaking: TieBreaking | None = None,
    initial: Sequence[int] = (),
    candidates: Sequence[int] | None = None,
    fund_unsupported: bool = True,
    category_caps: dict[str, Fraction] | None = None,
    categories: Sequence[Sequence[str]] | None = None,
    ties: list[Tie] | None = None,
) -> list[int]:
    """Greedy by score (``utility="cost"``) or score per cost (``"cardinality"``).

    ``initial`` projects are already funded (completion). Projects with no support are funded
    last when money is left, as pabutools does, unless ``fund_unsupported`` is False.
    ``category_caps`` limits the total cost funded per category (a project with several
    categories must fit in each).
    """
    tb = tie_breaking or TieBreaking()
    keys = tb.keys(profile)
    remaining = (profile.budget if budget is None else budget) - sum(
        (profile.costs[j] for j in initial), Fraction(0)
    )
    pool = range(profile.m) if candidates is None else candidates
    chosen = set(initial)
    eligible = [j for j in pool if j not in chosen]
    if threshold is not None:
        eligible = [j for j in eligible if profile.score(j) >= threshold]
    if not fund_unsupported:
        eligible = [j for j in eligible if profile.score(j) > 0]

    def density(j: int) -> Fraction:
        s = Fraction(profile.score(j))
        if utility == "cost":
            return s
        if utility == "cardinality":
            c = profile.costs[j]
            return s / c if c > 0 else Fraction(10**30)
        raise RuleError(f"unknown utility {utility!r}")

    dens = {j: density(j) for j in eligible}
    order = sorted(eligible, key=lambda j: (-dens[j], keys[j]))
    spent: dict[str, Fraction] = {}
    out = list(initial)
    funded: list[int] = []
    for j in order:
        cost = profile.costs[j]
        fits = cost <= remaining
        if fits and category_caps and categories is not None:
            for cat in categories[j]:
                if cat in category_caps and spent.get(cat, Fraction(0)) + cost > category_caps[cat]:
                    fits = False
        if fits:
            out.append(j)
            funded.append(j)
            remaining -= cost
            if category_caps and categories is not None:
                for cat in categories[j]:
                    spent[cat] = spent.get(cat, Fraction(0)) + cost
        elif no_skip:
            break
    if ties is not None:
        fset = set(funded)
        groups: dict[Fraction, list[int]] = {}
        for j in order:
            groups.setdefault(dens[j], []).append(j)
        for group in groups.values():
            inside = [j in fset for j in group]
            if len(group) > 1 and any(inside) and not all(inside):
                ties.append(
                    Tie(
                        "greedy",
                        [profile.ids[j] for j in group],
                        next(profile.ids[j] for j in group if j in fset),
                    )
                )
    return out


# -- MES ------------------------------------------------------------------------------------


class _NeedExact(Exception):
    pass


@dataclass
class MESRun:
    winners: list[int]
    prices: list[Fraction | float]  # price per point paid in the round of each winner
    ties: list[Tie]
    exact: bool = False
    # False when the run stopped early because its total cost was settled (see ``cap``)
    complete: bool = True


def _settled(spent: int, rest: int, cap: int | None) -> bool:
    """Whether a run's total cost is known to be above ``cap`` or known not to be.

    ``spent`` is the cost of the projects funded so far, ``rest`` the cost of the projects still
    in the running (not funded, not unaffordable). Money only goes down in a run, so a project
    that is unaffordable stays so and every later winner is among those still in the running:
    the final total lies between ``spent`` and ``spent + rest``."""
    return cap is not None and (spent > cap or spent + rest <= cap)


def _k(profile: Profile, utility: str) -> list[int]:
    """Utility per point: the cost (cost utility) or 1 (cardinality utility)."""
    if utility == "cost":
        return profile.cost_int
    if utility == "cardinality":
        return [1] * profile.m
    raise RuleError(f"unknown utility {utility!r}")


def _candidates(profile: Profile, excluded: set[int]) -> tuple[list[int], list[int]]:
    """MES considers supported projects; supported free projects are funded at once."""
    free = [
        j
        for j in range(profile.m)
        if profile.wsum[j] > 0 and profile.cost_int[j] == 0 and j not in excluded
    ]
    active = [
        j
        for j in range(profile.m)
        if profile.wsum[j] > 0 and profile.cost_int[j] > 0 and j not in excluded
    ]
    return free, active


def _winner_entries(
    profile: Profile, j: int
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Ballot entries of the supporters of ``j``: (project of entry, supporter position)."""
    cached = profile.cache.get(("entries", j))
    if cached is None:
        s = profile.supporters[j]
        lengths = np.diff(profile.indptr)[s]
        loc = np.repeat(np.arange(len(s), dtype=np.int64), lengths)
        firsts = np.cumsum(lengths) - lengths
        pos = profile.indptr[s][loc] + (np.arange(len(loc), dtype=np.int64) - firsts[loc])
        cached = (profile.indices[pos].astype(np.int32), loc.astype(np.int32))
        profile.cache[("entries", j)] = cached
    return cast(tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]], cached)


def _mes_float_general(
    profile: Profile,
    endowment: Fraction,
    *,
    utility: str = "cost",
    keys: list[tuple[object, ...]] | None = None,
    excluded: set[int] | None = None,
    stage: str = "mes",
    cap: int | None = None,
) -> MESRun:
    """One MES run with every voter starting from ``endowment`` (in currency units).

    Bookkeeping that keeps a round cheap: the money left with the supporters of every project
    (``avail``) is updated from the winner's supporters only, and a project stays *clean* while
    all its supporters can pay the equal share ``cost / points``; its price is then exactly
    ``cost / (points * k)`` and needs no evaluation. Only projects that are not clean are
    evaluated (sorting their supporters by budget per point), lazily in increasing order of
    their last price, which can only grow.

    Raises ``_NeedExact`` on a decision closer than the error bound (see module docstring).
    """
    keys = keys or TieBreaking().keys(profile)
    kint = _k(profile, utility)
    free, active_list = _candidates(profile, excluded or set())
    m = profile.m
    scale = profile.scale
    e = float(endowment * scale)
    b = np.full(profile.n, e, dtype=np.float64)
    costf = np.array(profile.cost_int, dtype=np.float64)
    wsumf = np.array(profile.wsum, dtype=np.float64)
    unit = profile.unit_weights
    wf = profile.weights_float()
    with np.errstate(divide="ignore", invalid="ignore"):
        a0 = costf / wsumf  # equal share per point
        rho0 = a0 / np.array(kint, dtype=np.float64)
    avail = wsumf * 0.0 + np.array([len(s) for s in profile.supporters], dtype=np.float64) * e
    clean = np.ones(m, dtype=bool)
    if e < 0:
        clean[:] = False
    if not unit:
        # clean needs budget >= a0 * w for every supporter: check the largest point count
        wmax = np.array([float(w.max()) if len(w) else 0.0 for w in profile.weights])
        with np.errstate(invalid="ignore"):
            clean &= e >= a0 * wmax * (1 + TOL)
    else:
        clean &= e >= a0 * (1 + TOL)
    near = (e > a0 * (1 - TOL)) & ~clean if unit else np.zeros(m, dtype=bool)
    active = np.zeros(m, dtype=bool)
    active[active_list] = True
    if (near & active).any():
        raise _NeedExact
    lb = rho0.copy()
    winners = list(free)
    prices: list[Fraction | float] = [0.0] * len(free)
    ties: list[Tie] = []
    if cap is not None:
        spent = sum(profile.cost_int[j] for j in free)
        rest = sum(profile.cost_int[j] for j in active_list)
    while active.any():
        # affordability of every active project at once
        short = active & (avail < costf * (1 - TOL))
        active &= ~short
        if (active & (avail <= costf * (1 + TOL))).any():
            raise _NeedExact
        if not active.any():
            break
        if cap is not None:
            rest -= sum(profile.cost_int[j] for j in np.flatnonzero(short).tolist())
            if _settled(spent, rest, cap):
                return MESRun(winners, prices, ties, complete=False)
        cands: list[tuple[float, int, bool, float]] = []
        clean_act = np.flatnonzero(active & clean)
        best = math.inf
        if len(clean_act):
            r = rho0[clean_act]
            best = float(r.min())
            for j in clean_act[r <= best * (1 + TOL)]:
                cands.append((float(rho0[j]), int(j), True, float(a0[j])))
        dirty = np.flatnonzero(active & ~clean)
        if len(dirty):
            order = dirty[np.argsort(lb[dirty], kind="stable")]
            for j in order.tolist():
                if lb[j] > best * (1 + TOL):
                    break
                s = profile.supporters[j]
                bs = b[s]
                c = float(costf[j])
                alpha = _solve_unit(bs, c) if unit else _solve_weighted(bs, wf[j], bs / wf[j], c)
                rho = alpha / kint[j]
                lb[j] = rho
                if rho < best:
                    best = rho
                cands.append((rho, j, False, alpha))
        cands = [x for x in cands if x[0] <= best * (1 + TOL)]
        if not cands:
            break
        pick = _pick_candidate(profile, cands, kint, keys, ties,
                               f"{stage} round {len(winners) + 1}")
        _, j, is_clean, alpha = pick
        s = profile.supporters[j]
        old = b[s]
        new = np.maximum(old - (alpha if unit else alpha * wf[j]), 0.0)
        b[s] = new
        pe, loc = _winner_entries(profile, j)
        avail -= np.bincount(pe, weights=(old - new)[loc], minlength=m)
        newe = new[loc]
        thr = a0[pe] if unit else a0[pe] * profile.entry_weights_of(j)
        low_entries = newe < thr * (1 + TOL)
        if low_entries.any():
            hit = pe[low_entries]
            if unit and (newe[low_entries] > thr[low_entries] * (1 - TOL)).any():
                # a budget right at an equal share: exact arithmetic decides
                close = pe[low_entries][newe[low_entries] > thr[low_entries] * (1 - TOL)]
                if (active[close] & clean[close]).any():
                    raise _NeedExact
            clean[hit] = False
        winners.append(j)
        prices.append(
            Fraction(profile.cost_int[j], profile.wsum[j] * scale) if is_clean else alpha / scale
        )
        active[j] = False
        if cap is not None:
            spent += profile.cost_int[j]
            rest -= profile.cost_int[j]
    return MESRun(winners, prices, ties)


def _pick_candidate(
    profile: Profile,
    cands: list[tuple[float, int, bool, float]],
    kint: Sequence[int],
    keys: list[tuple[object, ...]],
    ties: list[Tie],
    where: str,
) -> tuple[float, int, bool, float]:
    """The winner of a round among candidates whose float prices are within tolerance.

    Several candidates are compared exactly (only equal-share prices can be compared that way;
    anything else needs the exact run); a true tie is broken by ``keys`` and recorded."""
    if len(cands) == 1:
        return cands[0]
    if not all(x[2] for x in cands):
        raise _NeedExact
    exact = {
        x[1]: Fraction(profile.cost_int[x[1]], profile.wsum[x[1]] * kint[x[1]]) for x in cands
    }
    low = min(exact.values())
    tied = sorted((x for x in cands if exact[x[1]] == low), key=lambda x: keys[x[1]])
    if len(tied) > 1:
        ties.append(Tie(where, [profile.ids[x[1]] for x in tied], profile.ids[tied[0][1]]))
    return tied[0]


def mes_float(
    profile: Profile,
    endowment: Fraction,
    *,
    utility: str = "cost",
    keys: list[tuple[object, ...]] | None = None,
    excluded: set[int] | None = None,
    stage: str = "mes",
    cap: int | None = None,
) -> MESRun:
    """One MES run in float64 with checked decisions (approval ballots take a faster path)."""
    run = _mes_float_unit if profile.unit_weights else _mes_float_general
    return run(
        profile, endowment, utility=utility, keys=keys, excluded=excluded, stage=stage, cap=cap
    )


@dataclass
class _WinnerData:
    """The ballots of a project's supporters, grouped by project (cached per profile)."""

    loc: npt.NDArray[np.intp]  # supporter position of each entry, entries grouped by project
    starts: IntArray  # first entry of each group
    present: IntArray  # project of each group
    counts: FloatArray  # entries per project (what a clean round takes from ``avail``)


def _winner_data(profile: Profile, j: int) -> _WinnerData:
    cached = profile.cache.get(("wd", j))
    if cached is None:
        pe, loc = _winner_entries(profile, j)
        order = np.argsort(pe, kind="stable")
        pe_sorted = pe[order]
        counts = np.bincount(pe, minlength=profile.m)
        present = np.flatnonzero(counts)
        starts = np.cumsum(counts[present]) - counts[present]
        # native index type: NumPy would convert an int32 index array at every use
        cached = _WinnerData(
            loc[order].astype(np.intp), starts, present, counts.astype(np.float64)
        )
        assert len(pe_sorted) == 0 or pe_sorted[0] == present[0]
        profile.cache[("wd", j)] = cached
    return cast(_WinnerData, cached)


def _mes_float_unit(
    profile: Profile,
    endowment: Fraction,
    *,
    utility: str = "cost",
    keys: list[tuple[object, ...]] | None = None,
    excluded: set[int] | None = None,
    stage: str = "mes",
    cap: int | None = None,
) -> MESRun:
    """:func:`_mes_float_general` for approval ballots (one point per supporter), with the
    per-round bookkeeping in plain Python lists: the best clean project is the first clean
    one in the fixed order of equal-share prices (a pointer that only moves forward), and only
    the projects that are no longer clean are checked and evaluated."""
    keys = keys or TieBreaking().keys(profile)
    kint = _k(profile, utility)
    free, active_list = _candidates(profile, excluded or set())
    m = profile.m
    scale = profile.scale
    e = float(endowment * scale)
    ck = ("unit", utility)
    consts = profile.cache.get(ck)
    if consts is not None:
        cached_keys = cast(tuple[object, ...], consts)[-1]
        if cached_keys is not keys and cached_keys != keys:
            consts = None  # another tie-breaking order
    if consts is None:
        costf = np.array(profile.cost_int, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            a0 = costf / np.array(profile.wsum, dtype=np.float64)
            rho0 = a0 / np.array(kint, dtype=np.float64)
        order0 = sorted(
            (j for j in range(m) if profile.wsum[j] > 0 and profile.cost_int[j] > 0),
            key=lambda j: (Fraction(profile.cost_int[j], profile.wsum[j] * kint[j]), keys[j]),
        )
        nsup = np.array([len(x) for x in profile.supporters], dtype=np.float64)
        consts = (costf, a0, rho0, order0, nsup, keys)
        profile.cache[ck] = consts
    costf, a0, rho0, order0, nsup, _ = cast(
        tuple[FloatArray, FloatArray, FloatArray, list[int], FloatArray, object], consts
    )
    equal_share = profile.equal_shares()
    rho0_l = rho0.tolist()
    cost_l = costf.tolist()
    a0_l = a0.tolist()
    active = [False] * m
    for j in active_list:
        active[j] = True
    clean = [e >= x * (1 + TOL) for x in a0_l]
    for j in active_list:
        if not clean[j] and e > a0_l[j] * (1 - TOL):
            raise _NeedExact
    dirty = [j for j in active_list if not clean[j]]
    # per project: a supporter's budget below this means the price must be looked at again
    thr = np.full(m, -math.inf)
    for j in active_list:
        if clean[j]:
            thr[j] = a0_l[j] * (1 + TOL)
    b = np.full(profile.n, e, dtype=np.float64)
    avail = nsup * e
    lb = list(rho0_l)
    fresh = [False] * m
    last_alpha = np.full(m, np.inf)
    winners = list(free)
    prices: list[Fraction | float] = [0.0] * len(free)
    ties: list[Tie] = []
    ptr = 0
    n_order = len(order0)
    left = len(active_list)
    if cap is not None:
        cost_int = profile.cost_int
        spent = sum(cost_int[j] for j in free)
        rest = sum(cost_int[j] for j in active_list)
    while left:
        # affordability: only projects that are not clean can have become unaffordable
        if dirty:
            av = avail.tolist()
            still = []
            for j in dirty:
                if not active[j]:
                    continue
                if av[j] < cost_l[j] * (1 - TOL):
                    active[j] = False
                    thr[j] = -math.inf
                    left -= 1
                    if cap is not None:
                        rest -= cost_int[j]
                    continue
                if av[j] <= cost_l[j] * (1 + TOL):
                    raise _NeedExact
                still.append(j)
            dirty = still
        if cap is not None and (spent > cap or spent + rest <= cap):
            return MESRun(winners, prices, ties, complete=False)
        while ptr < n_order and not (active[order0[ptr]] and clean[order0[ptr]]):
            ptr += 1
        best = math.inf
        cands: list[tuple[float, int, bool, float]] = []
        if ptr < n_order:
            best = rho0_l[order0[ptr]]
            q = ptr
            while q < n_order and rho0_l[order0[q]] <= best * (1 + TOL):
                j = order0[q]
                if active[j] and clean[j]:
                    cands.append((rho0_l[j], j, True, a0_l[j]))
                q += 1
        if dirty:
            for j in sorted(dirty, key=lb.__getitem__):
                if lb[j] > best * (1 + TOL):
                    break
                if fresh[j]:  # no budget that sets this price changed since it was computed
                    alpha = float(last_alpha[j])
                else:
                    start = float(last_alpha[j]) if last_alpha[j] < math.inf else a0_l[j]
                    alpha = _solve_unit_from(b[profile.supporters[j]], cost_l[j], start)
                    fresh[j] = True
                    last_alpha[j] = alpha
                    thr[j] = alpha * (1 + TOL)
                rho = alpha / kint[j]
                lb[j] = rho
                if rho < best:
                    best = rho
                cands.append((rho, j, False, alpha))
        cands = [x for x in cands if x[0] <= best * (1 + TOL)]
        if not cands:
            break
        pick = _pick_candidate(profile, cands, kint, keys, ties,
                               f"{stage} round {len(winners) + 1}")
        _, j, is_clean, alpha = pick
        s = profile.supporters[j]
        wd = _winner_data(profile, j)
        new_loc = None  # new budgets of the supporters, per entry of their ballots
        if is_clean:  # everyone pays the equal share
            new = b[s] - alpha
            b[s] = new
            avail -= wd.counts * alpha
        else:
            old = b[s]
            new = np.maximum(old - alpha, 0.0)
            b[s] = new
            if len(wd.loc):
                # one gather of the budgets per ballot entry serves both updates
                old_loc = old[wd.loc]
                new_loc = np.maximum(old_loc - alpha, 0.0)
                avail[wd.present] -= np.add.reduceat(old_loc - new_loc, wd.starts)
        thr[j] = -math.inf
        # One pass over the ballots of the winner's supporters finds the projects whose price
        # may have changed: a clean project one of whose supporters can no longer pay its
        # equal share, and a project whose last price was set while a supporter who just paid
        # could pay it all and now cannot (otherwise that price is still right).
        if len(wd.loc) and float(new.min()) < float(thr[wd.present].max()):
            if new_loc is None:
                new_loc = new[wd.loc]
            lowest = np.minimum.reduceat(new_loc, wd.starts)
            hits = lowest < thr[wd.present]
            if hits.any():
                for h, low_b in zip(wd.present[hits].tolist(), lowest[hits].tolist(), strict=True):
                    if clean[h]:
                        if low_b > a0_l[h] * (1 - TOL):
                            raise _NeedExact  # a budget right at an equal share
                        clean[h] = False
                        dirty.append(h)
                    fresh[h] = False
                    thr[h] = -math.inf
        winners.append(j)
        prices.append(equal_share[j] if is_clean else alpha / scale)
        active[j] = False
        left -= 1
        if cap is not None:
            spent += cost_int[j]
            rest -= cost_int[j]
    return MESRun(winners, prices, ties)


def _solve_unit_from(bs: FloatArray, c: float, start: float) -> float:
    """:func:`_solve_unit` by the poor/rich iteration, from a price ``start`` known not to be
    above the answer (the last price of the project, or its equal share): supporters with less
    than the price pay all they have, the others share the rest; repeat until no supporter
    changes side. The price only goes up, so this ends after a few rounds."""
    alpha = start
    n = len(bs)
    npoor = -1
    while True:
        poor = bs < alpha
        k = int(np.count_nonzero(poor))
        if k == npoor:
            return alpha
        if k == n:
            raise _NeedExact
        npoor = k
        alpha = (c - float(bs.sum(where=poor))) / (n - k)


def _solve_unit(bs: FloatArray, c: float) -> float:
    """The equal share when some supporters cannot pay it: they pay all they have.

    With budgets sorted ascending, ``f(i) = sum(b[:i]) + b[i] * (n - i)`` is what the
    supporters pay at price ``b[i]``; it is non-decreasing, and the price is set by the first
    ``i`` with ``f(i) >= c``: ``(c - sum(b[:i])) / (n - i)``.
    """
    srt = np.sort(bs)
    n = len(srt)
    before = np.cumsum(srt) - srt
    f = before + srt * np.arange(n, 0, -1)
    i = int(np.searchsorted(f, c))
    if i >= n:
        raise _NeedExact
    return float((c - before[i]) / (n - i))


def _solve_weighted(bs: FloatArray, ws: FloatArray, ratios: FloatArray, c: float) -> float:
    order = np.argsort(ratios, kind="stable")
    r, b, w = ratios[order], bs[order], ws[order]
    paid_before = np.concatenate(([0.0], np.cumsum(b[:-1])))
    w_after = np.cumsum(w[::-1])[::-1]
    alphas = (c - paid_before) / w_after
    ok = alphas <= r
    if not ok.any():
        raise _NeedExact
    return float(alphas[int(np.argmax(ok))])


def mes_exact(
    profile: Profile,
    endowment: Fraction,
    *,
    utility: str = "cost",
    keys: list[tuple[object, ...]] | None = None,
    excluded: set[int] | None = None,
    stage: str = "mes",
    cap: int | None = None,
) -> MESRun:
    """One MES run in exact rational arithmetic (the reference for :func:`mes_float`).

    A transcription of pabutools' ``mes_inner_algo``: projects are visited in increasing order
    of their last price per point, which can only grow; the supporters of a project are sorted
    by budget per point and the first price that the next supporter can pay is the project's
    price; the lowest price wins, exact ties go to the tie-breaking order.
    """
    keys = keys or TieBreaking().keys(profile)
    kint = _k(profile, utility)
    free, active = _candidates(profile, excluded or set())
    scale = profile.scale
    e = Fraction(endowment) * scale
    budget = [e] * profile.n
    sup = [s.tolist() for s in profile.supporters]
    wts = [w.tolist() for w in profile.weights]
    lb = {j: Fraction(profile.cost_int[j], profile.wsum[j] * kint[j]) for j in active}
    winners = list(free)
    prices: list[Fraction | float] = [Fraction(0)] * len(free)
    ties: list[Tie] = []
    spent = sum(profile.cost_int[j] for j in free)
    while active:
        if _settled(spent, sum(profile.cost_int[j] for j in active), cap):
            return MESRun(winners, prices, ties, exact=True, complete=False)
        active.sort(key=lb.__getitem__)
        best: Fraction | None = None
        tied: list[int] = []
        removed = []
        for j in active:
            if best is not None and lb[j] > best:
                break
            c = profile.cost_int[j]
            pairs = list(zip(sup[j], wts[j], strict=True))
            if sum(budget[i] for i, _ in pairs) < c:
                removed.append(j)
                continue
            pairs.sort(key=lambda iw: budget[iw[0]] / iw[1])
            paid = Fraction(0)
            denom = profile.wsum[j]
            alpha = Fraction(0)
            for i, w in pairs:
                alpha = (c - paid) / denom
                if alpha * w <= budget[i]:
                    break
                paid += budget[i]
                denom -= w
            rho = alpha / kint[j]
            lb[j] = rho
            if best is None or rho < best:
                best, tied = rho, [j]
            elif rho == best:
                tied.append(j)
        for j in removed:
            active.remove(j)
        if not tied or best is None:
            break
        tied.sort(key=keys.__getitem__)
        if len(tied) > 1:
            ties.append(
                Tie(
                    f"{stage} round {len(winners) + 1}",
                    [profile.ids[j] for j in tied],
                    profile.ids[tied[0]],
                )
            )
        j = tied[0]
        alpha = best * kint[j]
        for i, w in zip(sup[j], wts[j], strict=True):
            budget[i] -= min(budget[i], alpha * w)
        winners.append(j)
        prices.append(alpha / scale)
        active.remove(j)
        spent += profile.cost_int[j]
    return MESRun(winners, prices, ties, exact=True)


def mes(
    profile: Profile,
    endowment: Fraction,
    *,
    utility: str = "cost",
    keys: list[tuple[object, ...]] | None = None,
    excluded: set[int] | None = None,
    exact: bool = False,
    stage: str = "mes",
    cap: int | None = None,
) -> MESRun:
    """One MES run: the float path, or exact arithmetic when a decision is too close."""
    if not exact:
        try:
            return mes_float(
                profile,
                endowment,
                utility=utility,
                keys=keys,
                excluded=excluded,
                stage=stage,
                cap=cap,
            )
        except _NeedExact:
            pass
    return mes_exact(
        profile, endowment, utility=utility, keys=keys, excluded=excluded, stage=stage, cap=cap
    )


@dataclass
class Add1Outcome:
    run: MESRun
    endowment: Fraction
    runs: int
    exact_runs: int


def mes_add1(
    profile: Profile,
    *,
    utility: str = "cost",
    keys: list[tuple[object, ...]] | None = None,
    increment: Fraction = Fraction(1),
    start: str = "exact",
    exact: bool = False,
    on_run: Callable[[Fraction, MESRun], None] | None = None,
) -> Add1Outcome:
    """MES with Add1: raise every voter's budget by ``increment`` per run, from B/n
    (``start="exact"``, pabutools) or floor(B/n) (``start="floor"``, equalshares.net), and keep
    the last outcome within the budget. The per-voter budget is raised one step at a time: the
    outcome is not monotone in it, so no run is skipped.

    A run at an intermediate budget only has to tell whether its outcome exceeds the budget,
    and it stops as soon as that is settled (:func:`_settled`: what is funded already exceeds
    the budget, or everything still in the running would fit). The run at the final per-voter
    budget is then computed again in full, so that its winners, payments and ties are those of
    :func:`mes_add1_stepwise`. ``exact_runs`` counts the runs that needed exact arithmetic
    before they were settled. With ``on_run``, every run is computed in full.
    """
    if on_run is not None:
        return mes_add1_stepwise(
            profile,
            utility=utility,
            keys=keys,
            increment=increment,
            start=start,
            exact=exact,
            on_run=on_run,
        )
    n = profile.n
    if n == 0:
        return Add1Outcome(MESRun([], [], []), Fraction(0), 0, 0)
    base = profile.budget / n
    if start == "floor":
        base = Fraction(math.floor(base))
    supported = [j for j in range(profile.m) if profile.wsum[j] > 0]
    if sum((profile.costs[j] for j in supported), Fraction(0)) <= profile.budget:
        # everything supported is affordable: every run ends up funding all of it
        return Add1Outcome(MESRun(supported, [Fraction(0)] * len(supported), []), base, 0, 0)
    cap = profile.budget_int
    previous: MESRun | None = None
    previous_e = base
    runs = exact_runs = 0
    k = 0
    while True:
        e = base + k * increment
        run = mes(profile, e, utility=utility, keys=keys, exact=exact, stage=f"mes e={e}", cap=cap)
        runs += 1
        exact_runs += run.exact
        total = sum(profile.cost_int[j] for j in run.winners)
        if total > cap:
            if previous is None:  # cannot happen: MES with B/n per voter is feasible
                return Add1Outcome(MESRun([], [], []), e, runs, exact_runs)
            if not previous.complete:
                stopped = previous
                previous = mes(
                    profile,
                    previous_e,
                    utility=utility,
                    keys=keys,
                    exact=exact,
                    stage=f"mes e={previous_e}",
                )
                exact_runs += previous.exact and not stopped.exact
            return Add1Outcome(previous, previous_e, runs, exact_runs)
        previous, previous_e = run, e
        k += 1


def mes_add1_stepwise(
    profile: Profile,
    *,
    utility: str = "cost",
    keys: list[tuple[object, ...]] | None = None,
    increment: Fraction = Fraction(1),
    start: str = "exact",
    exact: bool = False,
    on_run: Callable[[Fraction, MESRun], None] | None = None,
) -> Add1Outcome:
    """:func:`mes_add1` computed the plain way, every run in full (the reference for the
    tests, and what ``on_run`` sees: the complete run at every per-voter budget)."""
    n = profile.n
    if n == 0:
        return Add1Outcome(MESRun([], [], []), Fraction(0), 0, 0)
    base = profile.budget / n
    if start == "floor":
        base = Fraction(math.floor(base))
    supported = [j for j in range(profile.m) if profile.wsum[j] > 0]
    if sum((profile.costs[j] for j in supported), Fraction(0)) <= profile.budget:
        # everything supported is affordable: every run ends up funding all of it
        return Add1Outcome(MESRun(supported, [Fraction(0)] * len(supported), []), base, 0, 0)
    previous: MESRun | None = None
    previous_e = base
    runs = exact_runs = 0
    k = 0
    while True:
        e = base + k * increment
        run = mes(profile, e, utility=utility, keys=keys, exact=exact, stage=f"mes e={e}")
        runs += 1
        exact_runs += run.exact
        if on_run is not None:
            on_run(e, run)
        total = sum(profile.cost_int[j] for j in run.winners)
        if total > profile.budget_int:
            if previous is None:  # cannot happen: MES with B/n per voter is feasible
                return Add1Outcome(MESRun([], [], []), e, runs, exact_runs)
            return Add1Outcome(previous, previous_e, runs, exact_runs)
        previous, previous_e = run, e
        k += 1


# -- the comparison step --------------------------------------------------------------------


def comparison(profile: Profile, a: Sequence[int], b: Sequence[int]) -> tuple[int, int]:
    """How many voters fund strictly more of their projects with ``a``, and with ``b``."""
    in_a = np.zeros(profile.m, dtype=np.int64)
    in_a[list(a)] = 1
    in_b = np.zeros(profile.m, dtype=np.int64)
    in_b[list(b)] = 1
    if len(profile.indices) == 0:
        return 0, 0
    starts = profile.indptr[:-1]
    nonempty = np.diff(profile.indptr) > 0
    sa = np.add.reduceat(in_a[profile.indices], starts[nonempty]) if nonempty.any() else np.zeros(0)
    sb = np.add.reduceat(in_b[profile.indices], starts[nonempty]) if nonempty.any() else np.zeros(0)
    return int((sa > sb).sum()), int((sb > sa).sum())


# -- one entry point ------------------------------------------------------------------------


RULE_NAMES = (
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "equalshares",
    "equalshares/add1",
    "equalshares/add1u",
    "equalshares/utilitarian",
    "equalshares-comparison",
    "equalshares/add1-comparison",
    "equalshares/add1u-comparison",
    "equalshares/utilitarian-comparison",
)


def parse_rule(rule: str) -> tuple[str, str, bool]:
    """``(family, completion, comparison)`` of a rule name; see the module docstring."""
    name = rule.strip()
    comparison_step = name.endswith("-comparison")
    if comparison_step:
        name = name[: -len("-comparison")]
    if name in GREEDY_RULES and not comparison_step:
        return name, "", False
    if name == "equalshares" or name.startswith("equalshares/"):
        completion = name.partition("/")[2]
        if completion in MES_COMPLETIONS:
            return "equalshares", completion, comparison_step
    raise RuleError(f"unknown or unsupported rule {rule!r}; known rules: {', '.join(RULE_NAMES)}")


def count(
    election: Election,
    rule: str,
    *,
    utility: str = "cost",
    tie_breaking: str = "id",
    threshold: Fraction | None = None,
    add1_start: str = "exact",
    increment: Fraction = Fraction(1),
    exact: bool = False,
    fund_unsupported: bool = True,
    category_caps: dict[str, Fraction] | None = None,
    profile: Profile | None = None,
) -> Result:
    """Count an election with a rule named as in Pabulib's ``rule`` field."""
    family, completion, comparison_step = parse_rule(rule)
    p = profile or Profile.from_election(election)
    tb = TieBreaking(tie_breaking)
    keys = tb.keys(p)
    ties: list[Tie] = []
    result = Result(
        rule=rule,
        selected=[],
        budget=p.budget,
        cost=Fraction(0),
        votes=dict(zip(p.ids, p.votes, strict=True)),
        scores=dict(zip(p.ids, election.scores(), strict=True)),
        costs=dict(zip(p.ids, p.costs, strict=True)),
        tie_breaking=tb.spec,
        sha256=election.sha256,
    )
    cats = [proj.categories for proj in election.projects]
    if category_caps is None and election.meta.get("max_sum_cost_per_category"):
        try:
            category_caps = parse_amounts(election.meta["max_sum_cost_per_category"])
        except (ValueError, ZeroDivisionError):
            raise RuleError("max_sum_cost_per_category is not 'category:amount,…'") from None
    if family.startswith("greedy"):
        thr = None
        if family == "greedy-threshold":
            thr = threshold
            if thr is None:
                value = election.meta.get("min_project_score_threshold")
                if value is None:
                    raise RuleError("greedy-threshold needs min_project_score_threshold in META")
                thr = Fraction(value.replace(",", "."))
            thr = thr * (election.ballots.points_denominator if p.unit_weights is False else 1)
        chosen = greedy(
            p,
            no_skip=family == "greedy-no-skip",
            threshold=thr,
            utility=utility,
            tie_breaking=tb,
            fund_unsupported=fund_unsupported,
            category_caps=category_caps,
            categories=cats,
            ties=ties,
        )
    else:
        if completion in ("add1", "add1u"):
            out = mes_add1(
                p, utility=utility, keys=keys, increment=increment, start=add1_start, exact=exact
            )
            run = out.run
            result.endowment = out.endowment
            result.mes_runs = out.runs
            result.exact_runs = out.exact_runs
        else:
            run = mes(
                p, p.budget / p.n if p.n else Fraction(0), utility=utility, keys=keys, exact=exact
            )
            result.endowment = p.budget / p.n if p.n else Fraction(0)
            result.mes_runs = 1
            result.exact_runs = int(run.exact)
        ties.extend(run.ties)
        chosen = list(run.winners)
        if result.mes_runs:  # no prices when everything supported was affordable at once
            for j, price in zip(run.winners, run.prices, strict=True):
                result.payments[p.ids[j]] = price
        if completion in ("add1u", "utilitarian"):
            chosen = greedy(
                p,
                initial=chosen,
                utility=utility,
                tie_breaking=tb,
                fund_unsupported=fund_unsupported,
                ties=ties,
            )
        if comparison_step:
            g = greedy(p, tie_breaking=tb, fund_unsupported=fund_unsupported)
            prefer_mes, prefer_greedy = comparison(p, chosen, g)
            result.comparison = {
                "prefer_mes": prefer_mes,
                "prefer_greedy": prefer_greedy,
                "greedy": [p.ids[j] for j in g],
                "kept": "greedy" if prefer_greedy > prefer_mes else "mes",
            }
            if prefer_greedy > prefer_mes:
                chosen = g
                result.payments = {}
    result.selected = [p.ids[j] for j in chosen]
    result.cost = sum((p.costs[j] for j in chosen), Fraction(0))
    result.ties = ties
    return result


# -- several pots: per-district budgets and a city-wide budget -------------------------------


def restrict(election: Election, project_ids: set[str], budget: Fraction) -> Election:
    """The election over some projects only, with its own budget. Voters who gave none of these
    projects anything are left out (they take no share of this pot)."""
    keep = [i for i, p in enumerate(election.projects) if p.id in project_ids]
    remap = np.full(len(election.projects), -1, dtype=np.int64)
    remap[keep] = np.arange(len(keep))
    b = election.ballots
    new_idx = remap[b.indices]
    mask = new_idx >= 0
    voter = b.voter_of_entry()[mask]
    lengths = np.bincount(voter, minlength=b.num_voters)
    voters = np.flatnonzero(lengths > 0)
    sub_lengths = lengths[voters]
    indptr = np.zeros(len(voters) + 1, dtype=np.int64)
    np.cumsum(sub_lengths, out=indptr[1:])
    points = None if b.points is None else b.points[mask]
    ballots = Ballots(indptr, new_idx[mask], points, b.points_denominator)
    meta = dict(election.meta)

    meta["budget"] = format_number(budget)
    return Election(
        meta=meta,
        projects=[election.projects[i] for i in keep],
        ballots=ballots,
        voter_ids=[election.voter_ids[int(v)] for v in voters],
        voter_extra={k: [v[int(i)] for i in voters] for k, v in election.voter_extra.items()},
        project_columns=election.project_columns,
        sha256=election.sha256,
    )


def count_districts(
    election: Election,
    rule: str,
    district_budgets: dict[str, Fraction],
    citywide_budget: Fraction | None = None,
    *,
    column: str = "district",
    **options: object,
) -> Result:
    """Count each district's projects with its own budget, and the projects without a district
    with ``citywide_budget``; each pot is counted separately with the same rule."""
    pots: dict[str | None, set[str]] = {}
    for proj in election.projects:
        key = proj.extra.get(column) or None
        pots.setdefault(key, set()).add(proj.id)
    total = Result(rule=rule, selected=[], budget=Fraction(0), cost=Fraction(0))
    total.sha256 = election.sha256
    for key, ids in pots.items():
        if key is None:
            if citywide_budget is None:
                raise RuleError(f"projects without a {column} but no city-wide budget")
            budget = citywide_budget
        elif key in district_budgets:
            budget = district_budgets[key]
        else:
            raise RuleError(f"no budget for {column} {key!r}")
        sub = restrict(election, ids, budget)
        r = count(sub, rule, **options)  # type: ignore[arg-type]
        label = key or "city-wide"
        total.selected.extend(r.selected)
        total.budget += r.budget
        total.cost += r.cost
        total.votes.update(r.votes)
        total.scores.update(r.scores)
        total.costs.update(r.costs)
        total.payments.update(r.payments)
        total.mes_runs += r.mes_runs
        total.exact_runs += r.exact_runs
        total.ties.extend(Tie(f"{label}: {t.stage}", t.projects, t.chosen) for t in r.ties)
        total.tie_breaking = r.tie_breaking
    return total


def parse_amounts(text: str) -> dict[str, Fraction]:
    """``"north: 100000, south: 250000.50"`` (or ``=``) to a dict of exact amounts."""
    out: dict[str, Fraction] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        sep = "=" if "=" in part else ":"
        name, _, value = part.rpartition(sep)
        out[name.strip()] = Fraction(value.strip())
    return out
