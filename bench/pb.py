"""Benchmark of the PB counting engine against pabutools (the reference implementation).

Prints ratios measured in one run (absolute times depend on the machine):

1. Świecie 2023, Wieliczka 2023, Warszawa 2023 Mokotów: parsing, greedy, MES and MES+Add1 in
   pabutools and here; per rule the time ratio and whether the winners are identical.
   pabutools' MES+Add1 takes about 14 minutes on Mokotów: unless ``--full`` is given it is
   estimated as (number of runs) x (time of a pabutools MES run), and the winners are checked by
   running pabutools' MES at the final per-voter budget and at the next one.
2. The largest files (Łódź 2022, Warszawa 2026, Kraków 2024, Wrocław 2015): MES+Add1 time as a
   multiple of our own parse time.
3. A synthetic city-wide election (1,000,000 approval ballots x 200 projects): MES+Add1 time and
   peak memory, in a separate process.

Run with ``make bench`` or ``python -m bench [--full] [--skip-synthetic] [--voters N]``.
pabutools comes with the ``oracle`` extra; without it the side-by-side part is skipped.
The data directory is ``$PABULIB_DIR`` (default ``../shared/data/pabulib`` beside the repo).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from participa.lib.pb import pabulib
from participa.lib.pb.rules import Profile, count

REPO = Path(__file__).resolve().parents[1]
SIDE_BY_SIDE = [
    "Poland_Swiecie_2023.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
    "Poland_Warszawa_2023_Mokotow.pb",
]
LARGEST = [
    "Poland_Lodz_2022.pb",
    "Poland_Warszawa_2026.pb",
    "Poland_Krakow_2024.pb",
    "Poland_Wroclaw_2015_150_-_500.pb",
]
# pabutools' full MES+Add1 is only run by default where it takes at most a minute or two
FULL_ADD1_DEFAULT = {"Poland_Swiecie_2023.pb", "Poland_Wieliczka_2023_Green_Budget.pb"}


def data_dir() -> Path:
    return Path(os.environ.get("PABULIB_DIR") or REPO.parent / "shared" / "data" / "pabulib")


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best = float("inf")
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def _pabutools_side(path: Path, ours_add1: Any, full: bool) -> dict[str, Any]:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import (
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    t_parse, (inst, prof) = timed(lambda: parse_pabulib(str(path)))
    sat = prof.as_sat_profile(Cost_Sat)
    t_greedy, g = timed(
        lambda: greedy_utilitarian_welfare(inst, prof, sat_profile=sat, is_sat_additive=True)
    )
    t_mes, m = timed(lambda: method_of_equal_shares(inst, prof, sat_profile=sat))
    n = prof.num_ballots()
    if full:
        t_add1, a = timed(
            lambda: exhaustion_by_budget_increase(
                inst,
                prof,
                method_of_equal_shares,
                {"sat_profile": sat},
                budget_step=n,
                exhaustive_stop=False,
            )
        )
        add1 = {p.name for p in a}
        note = ""
    else:
        from copy import deepcopy

        final = deepcopy(inst)
        final.budget_limit = ours_add1.endowment * n
        t_run, at_final = timed(lambda: method_of_equal_shares(final, prof, sat_profile=sat))
        nxt = deepcopy(inst)
        nxt.budget_limit = (ours_add1.endowment + 1) * n
        at_next = method_of_equal_shares(nxt, prof, sat_profile=sat)
        over = sum(p.cost for p in at_next) > inst.budget_limit
        add1 = {p.name for p in at_final} if over else {"<pabutools continues>"}
        t_add1 = t_run * ours_add1.mes_runs
        note = f" (estimated: {ours_add1.mes_runs} runs x {t_run:.2f} s)"
    return {
        "parse": t_parse,
        "greedy": (t_greedy, {p.name for p in g}),
        "mes": (t_mes, {p.name for p in m}),
        "add1": (t_add1, add1),
        "note": note,
    }


def side_by_side(full: bool) -> None:
    print("== pabutools / this engine (time ratio, winners identical?)")
    print(f"{'instance':40} {'parse':>8} {'greedy':>14} {'MES':>14} {'MES+Add1':>22}")
    for name in SIDE_BY_SIDE:
        path = data_dir() / name
        t_parse, res = timed(partial(pabulib.read, path), repeat=3)
        e = res.election
        t_greedy, g = timed(partial(count, e, "greedy"), repeat=3)
        t_mes, m = timed(partial(count, e, "equalshares"), repeat=3)
        t_add1, a = timed(partial(count, e, "equalshares/add1"))
        ref = _pabutools_side(path, a, full or name in FULL_ADD1_DEFAULT)
        print(
            f"{name:40} {ref['parse'] / t_parse:7.1f}x"
            f" {ref['greedy'][0] / t_greedy:7.0f}x {ref['greedy'][1] == g.selected_set!s:>5}"
            f" {ref['mes'][0] / t_mes:7.0f}x {ref['mes'][1] == m.selected_set!s:>5}"
            f" {ref['add1'][0] / t_add1:7.0f}x {ref['add1'][1] == a.selected_set!s:>5}"
            f"{ref['note']}"
        )
        print(
            f"{'':40} ours: parse {t_parse * 1000:.0f} ms, greedy {t_greedy * 1000:.1f} ms"
            f" ({t_greedy / t_parse:.2f}x parse), MES {t_mes * 1000:.1f} ms,"
            f" MES+Add1 {t_add1:.2f} s ({a.mes_runs} runs, {a.exact_runs} exact)"
        )


def largest() -> None:
    print("\n== largest files: this engine, as multiples of its own parse time")
    print(f"{'instance':40} {'parse s':>8} {'greedy':>8} {'MES':>8} {'MES+Add1':>10} {'runs':>6}")
    for name in LARGEST:
        path = data_dir() / name
        t_parse, res = timed(partial(pabulib.read, path), repeat=2)
        e = res.election
        t_greedy, _ = timed(partial(count, e, "greedy"), repeat=2)
        t_mes, _ = timed(partial(count, e, "equalshares"))
        t_add1, a = timed(partial(count, e, "equalshares/add1"))
        print(
            f"{name:40} {t_parse:8.2f} {t_greedy / t_parse:7.2f}x {t_mes / t_parse:7.2f}x"
            f" {t_add1 / t_parse:9.1f}x {a.mes_runs:6d}"
        )


def synthetic_election(voters: int, projects: int, seed: int = 1) -> Any:
    """Approval ballots with a skewed popularity, 1-10 projects each (mean about 5)."""
    from participa.lib.pb.model import Ballots, Election, Project

    rng = np.random.default_rng(seed)
    popularity = rng.pareto(1.2, projects) + 0.2
    popularity /= popularity.sum()
    lengths = rng.integers(1, 11, voters)
    total = int(lengths.sum())
    picks = rng.choice(projects, size=total, p=popularity)
    voter = np.repeat(np.arange(voters), lengths)
    # drop repeated projects inside a ballot
    key = np.unique(voter.astype(np.int64) * projects + picks)
    voter, picks = key // projects, key % projects
    lengths = np.bincount(voter, minlength=voters)
    indptr = np.zeros(voters + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    costs = rng.integers(50, 2000, projects) * 1000
    budget = int(costs.sum() // 5)
    return Election(
        meta={"description": "synthetic", "budget": str(budget), "vote_type": "approval"},
        projects=[Project(id=f"p{j}", cost=Fraction(int(c))) for j, c in enumerate(costs)],
        ballots=Ballots(indptr, picks.astype(np.int64)),
        voter_ids=[],
        project_columns=["project_id", "cost"],
    )


def synthetic_child(voters: int) -> None:
    e = synthetic_election(voters, 200)
    t0 = time.perf_counter()
    profile = Profile.from_election(e)
    result = count(e, "equalshares/add1", profile=profile, add1_start="floor")
    t = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024  # KiB -> GiB
    print(
        f"synthetic {voters:,} voters x 200 projects, {e.ballots.num_entries:,} approvals:"
        f" MES+Add1 {t:.1f} s ({result.mes_runs} runs, {result.exact_runs} exact,"
        f" {len(result.selected)} projects), peak memory {peak:.2f} GiB"
    )


def synthetic(voters: int) -> None:
    print("\n== synthetic city-wide election")
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.pb", "--synthetic-child", str(voters)], check=True
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="run pabutools MES+Add1 everywhere")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--skip-pabutools", action="store_true")
    parser.add_argument("--voters", type=int, default=1_000_000)
    parser.add_argument("--synthetic-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.synthetic_child:
        synthetic_child(args.synthetic_child)
        return
    if not data_dir().is_dir():
        sys.exit(f"no Pabulib files in {data_dir()} (set PABULIB_DIR)")
    if args.skip_pabutools:
        pass
    elif importlib.util.find_spec("pabutools") is None:
        print("== pabutools is not installed (the oracle extra: pip install -c constraints.txt "
              "-e '.[dev,oracle]'): no side-by-side comparison")
    else:
        side_by_side(args.full)
    largest()
    if not args.skip_synthetic:
        synthetic(args.voters)


if __name__ == "__main__":
    main()
