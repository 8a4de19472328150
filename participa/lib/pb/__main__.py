"""Command line: ``python -m participa.lib.pb {results,verify,stats} FILE.pb``.

* ``results FILE --rule RULE [--json]``: the selected project ids, one per line (with ``--json``
  votes, costs, payments, ties and the SHA-256 of the file).
* ``verify FILE``: recount with the file's own ``rule`` and compare with its ``selected`` column;
  exit code 0 if they agree, 1 if they differ.
* ``stats FILE``: turnout, ballot length and cost distribution.

Any problem is one line ``FILE:LINE: message`` on standard error and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from .pabulib import PabulibError, read
from .result import Result
from .rules import RULE_NAMES, count, count_districts, parse_amounts
from .stats import format_stats, stats


class CliError(Exception):
    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m participa.lib.pb",
        description="Count participatory-budget elections from Pabulib .pb files.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", help="a Pabulib .pb file")
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.add_argument(
            "--lenient", action="store_true", help="report file problems as warnings and go on"
        )

    def counting(p: argparse.ArgumentParser) -> None:
        p.add_argument("--utility", choices=("cost", "cardinality"), default="cost")
        p.add_argument(
            "--tie-breaking",
            default="id",
            help="tie order: id, cost, votes, seed:N, or a list such as cost,votes,seed:2024",
        )
        p.add_argument(
            "--add1-start",
            choices=("exact", "floor"),
            default="exact",
            help="Add1 starts from B/n (exact, pabutools) or floor(B/n) (equalshares.net)",
        )
        p.add_argument("--increment", default="1", help="Add1 step per voter, currency units")
        p.add_argument("--exact", action="store_true", help="MES in exact arithmetic only")
        p.add_argument(
            "--district-budgets",
            help="count each district's projects with its own budget: 'north=100000,south=80000'",
        )
        p.add_argument(
            "--citywide-budget", help="with --district-budgets: budget of projects without one"
        )
        p.add_argument(
            "--category-caps", help="greedy rules: most money per category: 'roads=500000'"
        )

    results = sub.add_parser("results", help="print the selected projects of a rule")
    common(results)
    results.add_argument("--rule", required=True, help=f"one of: {', '.join(RULE_NAMES)}")
    counting(results)
    verify = sub.add_parser("verify", help="recount with the file's own rule")
    common(verify)
    counting(verify)
    st = sub.add_parser("stats", help="turnout, ballot length and cost distribution")
    common(st)
    return parser


def _count(args: argparse.Namespace, election: Any, rule: str) -> Result:
    try:
        increment = Fraction(args.increment)
    except (ValueError, ZeroDivisionError):
        raise CliError(f"--increment is not a number: {args.increment!r}") from None
    options: dict[str, Any] = {
        "utility": args.utility,
        "tie_breaking": args.tie_breaking,
        "add1_start": args.add1_start,
        "increment": increment,
        "exact": args.exact,
    }
    try:
        if args.category_caps:
            options["category_caps"] = parse_amounts(args.category_caps)
        if args.district_budgets:
            citywide = Fraction(args.citywide_budget) if args.citywide_budget else None
            return count_districts(
                election, rule, parse_amounts(args.district_budgets), citywide, **options
            )
        return count(election, rule, **options)
    except (ValueError, ZeroDivisionError) as exc:
        raise CliError(str(exc)) from None


def _where(path: str, line: int) -> str:
    return f"{path}:{line}:" if line else f"{path}:"


def run(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        outcome = read(args.file, strict=not args.lenient)
    except PabulibError as exc:
        first = exc.problems[0]
        more = len(exc.problems) - 1
        tail = f" (and {more} more problems; --lenient lists them)" if more else ""
        print(f"{_where(args.file, first.line)} {first.message}{tail}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for problem in outcome.problems:
        print(f"{_where(args.file, problem.line)} warning: {problem.message}", file=sys.stderr)
    election = outcome.election
    try:
        if args.command == "stats":
            s = stats(election)
            print(json.dumps(s, indent=2, ensure_ascii=False) if args.json else format_stats(s))
            return 0
        if args.command == "results":
            result = _count(args, election, args.rule)
            if args.json:
                print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
            else:
                print("\n".join(result.selected))
            return 0
        return _verify(args, election)
    except CliError as exc:
        print(f"{_where(args.file, exc.line)} {exc}", file=sys.stderr)
        return 2


def _verify(args: argparse.Namespace, election: Any) -> int:
    official = election.official_selected()
    if official is None:
        raise CliError("the file has no selected column: nothing to verify")
    rule = election.rule
    result = _count(args, election, rule)
    got = result.selected_set
    same = got == official
    if args.json:
        print(
            json.dumps(
                {
                    "file": args.file,
                    "sha256": election.sha256,
                    "rule": rule,
                    "match": same,
                    "selected": sorted(official),
                    "recounted": result.selected,
                    "only_official": sorted(official - got),
                    "only_recount": sorted(got - official),
                    "result": result.to_dict(),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(f"file:    {args.file}")
        print(f"sha256:  {election.sha256}")
        print(f"rule:    {rule}")
        print(
            f"result:  {len(got)} projects, cost {float(result.cost):,.2f}"
            f" of {float(result.budget):,.2f}"
        )
        if same:
            print(f"MATCH: the recount selects the same {len(got)} projects as the file")
        else:
            print("DIFFER: the recount and the file's selected column disagree")
            print(f"  only in the file:    {', '.join(sorted(official - got)) or '-'}")
            print(f"  only in the recount: {', '.join(sorted(got - official)) or '-'}")
        for tie in result.ties:
            print(f"tie at {tie.stage}: {', '.join(tie.projects)} -> {tie.chosen}")
    return 0 if same else 1


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
