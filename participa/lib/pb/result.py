"""The outcome of a count, with everything needed to check it."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any


@dataclass
class Tie:
    """Projects exactly equal at one decision, and the one the tie-breaking order chose."""

    stage: str
    projects: list[str]
    chosen: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "projects": self.projects, "chosen": self.chosen}


@dataclass
class Result:
    rule: str
    selected: list[str]  # in the order the rule chose them
    budget: Fraction
    cost: Fraction
    votes: dict[str, int] = field(default_factory=dict)
    scores: dict[str, Fraction] = field(default_factory=dict)
    costs: dict[str, Fraction] = field(default_factory=dict)
    # MES: price per point paid by each supporter who could afford it (exact when known)
    payments: dict[str, Fraction | float] = field(default_factory=dict)
    ties: list[Tie] = field(default_factory=list)
    endowment: Fraction | None = None  # MES: budget per voter of the final run
    mes_runs: int = 0
    exact_runs: int = 0  # MES runs recomputed in exact arithmetic (close decisions)
    comparison: dict[str, Any] | None = None
    tie_breaking: str = "id"
    sha256: str | None = None

    @property
    def selected_set(self) -> set[str]:
        return set(self.selected)

    def to_dict(self) -> dict[str, Any]:
        def num(x: Fraction | float | int) -> float | int:
            if isinstance(x, Fraction) and x.denominator == 1:
                return int(x)
            return float(x)

        return {
            "rule": self.rule,
            "sha256": self.sha256,
            "selected": self.selected,
            "budget": num(self.budget),
            "cost": num(self.cost),
            "tie_breaking": self.tie_breaking,
            "ties": [t.to_dict() for t in self.ties],
            "endowment": None if self.endowment is None else num(self.endowment),
            "mes_runs": self.mes_runs,
            "exact_runs": self.exact_runs,
            "comparison": self.comparison,
            "projects": {
                pid: {
                    "cost": num(self.costs[pid]),
                    "votes": self.votes.get(pid),
                    "score": num(self.scores[pid]) if pid in self.scores else None,
                    "selected": pid in self.selected_set,
                    "payment_per_point": (
                        num(self.payments[pid]) if pid in self.payments else None
                    ),
                }
                for pid in self.costs
            },
        }
