"""pabutools (test-only dependency) called exactly as in the project's PB rules notes."""

from __future__ import annotations

from fractions import Fraction
from typing import Any


def load(path: str) -> tuple[Any, Any]:
    from pabutools.election import parse_pabulib

    return parse_pabulib(path)


def sat_profile(instance: Any, profile: Any, utility: str = "cost") -> Any:
    from pabutools.election import AdditiveSatisfaction, Cardinality_Sat, Cost_Sat

    vt = instance.meta["vote_type"]
    if vt in ("approval", "choose-1"):
        sat_class: Any = Cost_Sat if utility == "cost" else Cardinality_Sat
    elif vt in ("cumulative", "scoring"):
        if utility == "cost":

            class PointsCost(AdditiveSatisfaction):
                def __init__(self, inst: Any, prof: Any, ballot: Any) -> None:
                    super().__init__(
                        inst, prof, ballot, lambda i, pr, b, p, pre: b.get(p, 0) * p.cost
                    )

            sat_class = PointsCost
        else:

            class Points(AdditiveSatisfaction):
                def __init__(self, inst: Any, prof: Any, ballot: Any) -> None:
                    super().__init__(inst, prof, ballot, lambda i, pr, b, p, pre: b.get(p, 0))

            sat_class = Points
    else:
        max_len = int(instance.meta["max_length"])

        class Positional(AdditiveSatisfaction):
            def __init__(self, inst: Any, prof: Any, ballot: Any) -> None:
                def f(i: Any, pr: Any, b: Any, p: Any, pre: Any) -> Any:
                    if p not in b:
                        return 0
                    pts = max_len - b.index(p)
                    return pts * p.cost if utility == "cost" else pts

                super().__init__(inst, prof, ballot, f)

        sat_class = Positional
    return profile.as_sat_profile(sat_class)


def greedy(instance: Any, profile: Any, sat: Any, threshold: Any = None) -> set[str]:
    from pabutools.election import Instance
    from pabutools.rules import greedy_utilitarian_welfare

    inst = instance
    if threshold is not None:
        score = {p: sat.total_satisfaction_project(p) / p.cost for p in instance}
        inst = Instance(
            [p for p in instance if score[p] >= Fraction(threshold)],
            budget_limit=instance.budget_limit,
        )
    out = greedy_utilitarian_welfare(inst, profile, sat_profile=sat, is_sat_additive=True)
    return {p.name for p in out}


def mes(instance: Any, profile: Any, sat: Any) -> set[str]:
    from pabutools.rules import method_of_equal_shares

    return {p.name for p in method_of_equal_shares(instance, profile, sat_profile=sat)}


def mes_add1(instance: Any, profile: Any, sat: Any) -> set[str]:
    from pabutools.rules import exhaustion_by_budget_increase, method_of_equal_shares

    n = profile.num_ballots()
    if sum(p.cost for p in instance) <= instance.budget_limit:
        return {p.name for p in instance if sat.total_satisfaction_project(p) > 0}
    out = exhaustion_by_budget_increase(
        instance,
        profile,
        method_of_equal_shares,
        {"sat_profile": sat},
        budget_step=n,
        exhaustive_stop=False,
    )
    return {p.name for p in out}
