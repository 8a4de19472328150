"""Descriptive statistics of an election: turnout, ballot length, costs."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from .model import Election


def _summary(values: np.ndarray) -> dict[str, float]:
    if len(values) == 0:
        return {"min": 0, "mean": 0, "median": 0, "max": 0}
    return {
        "min": float(values.min()),
        "mean": round(float(values.mean()), 3),
        "median": float(np.median(values)),
        "max": float(values.max()),
    }


def stats(election: Election) -> dict[str, Any]:
    e = election
    lengths = e.ballots.lengths()
    costs = np.array([float(p.cost) for p in e.projects])
    meta_voters = e.meta.get("num_votes")
    eligible = e.meta.get("num_eligible_voters") or e.meta.get("eligible_voters")
    turnout: dict[str, Any] = {"voters": e.num_voters, "empty_ballots": int((lengths == 0).sum())}
    if eligible:
        turnout["eligible"] = int(Fraction(eligible))
        turnout["rate"] = round(e.num_voters / int(Fraction(eligible)), 4)
    total = sum((p.cost for p in e.projects), Fraction(0))
    hist = {str(k): int(v) for k, v in enumerate(np.bincount(lengths)) if v}
    return {
        "description": e.meta.get("description", ""),
        "vote_type": e.vote_type,
        "rule": e.rule,
        "sha256": e.sha256,
        "budget": float(e.budget),
        "projects": len(e.projects),
        "turnout": turnout,
        "declared_votes": int(meta_voters) if meta_voters and meta_voters.isdigit() else None,
        "ballot_length": {**_summary(lengths), "histogram": hist},
        "cost": {
            **_summary(costs),
            "total": float(total),
            "total_over_budget": round(float(total / e.budget), 3) if e.budget else None,
        },
    }


def format_stats(s: dict[str, Any]) -> str:
    t, bl, c = s["turnout"], s["ballot_length"], s["cost"]
    lines = [
        f"{s['description']} ({s['vote_type']}, rule {s['rule']})",
        f"sha256: {s['sha256']}",
        f"budget: {s['budget']:,.2f}   projects: {s['projects']}",
        f"turnout: {t['voters']} voters"
        + (f" of {t['eligible']} eligible ({t['rate']:.1%})" if "eligible" in t else "")
        + f", {t['empty_ballots']} empty ballots",
        f"ballot length: min {bl['min']:g}, mean {bl['mean']:g}, median {bl['median']:g}, "
        f"max {bl['max']:g}",
        "  " + ", ".join(f"{k}: {v}" for k, v in bl["histogram"].items()),
        f"cost: min {c['min']:,.2f}, mean {c['mean']:,.2f}, median {c['median']:,.2f}, "
        f"max {c['max']:,.2f}, total {c['total']:,.2f} ({c['total_over_budget']}x the budget)",
    ]
    return "\n".join(lines)
