"""The election: projects, budget and ballots, independent of any file format.

Ballots are stored column-wise in NumPy arrays, like a CSR sparse matrix of voters x projects:
ballot ``v`` is ``indices[indptr[v]:indptr[v + 1]]`` (project positions, in the order written in
the file: for ordinal ballots most preferred first) with ``points`` aligned to it (cumulative and
scoring ballots; ``None`` otherwise). Money is exact: every cost and the budget are ``Fraction``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import numpy.typing as npt

VOTE_TYPES = ("approval", "choose-1", "cumulative", "ordinal", "scoring")

IntArray = npt.NDArray[np.int64]


@dataclass
class Project:
    """One project of the PROJECTS section. ``extra`` keeps every other column, as text."""

    id: str
    cost: Fraction
    name: str = ""
    categories: tuple[str, ...] = ()
    beneficiaries: tuple[str, ...] = ()
    selected: int | None = None
    votes: int | None = None
    score: Fraction | None = None
    latitude: float | None = None
    longitude: float | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def district(self) -> str | None:
        return self.extra.get("district") or None


@dataclass
class Ballots:
    """All ballots of an election as CSR-like arrays (see the module docstring)."""

    indptr: IntArray
    indices: IntArray
    points: IntArray | None = None
    # points are stored as integers; the real value is points / points_denominator
    points_denominator: int = 1

    @property
    def num_voters(self) -> int:
        return len(self.indptr) - 1

    @property
    def num_entries(self) -> int:
        return int(self.indptr[-1])

    def lengths(self) -> IntArray:
        return np.diff(self.indptr)

    def voter_of_entry(self) -> IntArray:
        """For each ballot entry, the position of its voter."""
        return np.repeat(np.arange(self.num_voters, dtype=np.int64), self.lengths())

    def ballot(self, voter: int) -> list[int]:
        return [int(x) for x in self.indices[self.indptr[voter] : self.indptr[voter + 1]]]

    def take(self, voters: IntArray) -> Ballots:
        """The ballots of the given voters, in that order."""
        lengths = self.lengths()[voters]
        indptr = np.zeros(len(voters) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        starts = self.indptr[voters]
        # entry positions: start of each ballot repeated, plus offset inside the ballot
        offsets = np.arange(int(indptr[-1]), dtype=np.int64) - np.repeat(indptr[:-1], lengths)
        pos = np.repeat(starts, lengths) + offsets
        points = None if self.points is None else self.points[pos]
        return Ballots(indptr, self.indices[pos], points, self.points_denominator)


@dataclass
class Election:
    """A participatory-budgeting election: one budget pot, its projects and its ballots."""

    meta: dict[str, str]
    projects: list[Project]
    ballots: Ballots
    voter_ids: list[str]
    # other VOTES columns (age, sex, neighborhood, voting_method, ...), one value per voter
    voter_extra: dict[str, list[str]] = field(default_factory=dict)
    # column order of the PROJECTS section as read, to write the file back the same way
    project_columns: list[str] = field(default_factory=list)
    # SHA-256 of the bytes this election was read from (None if built in memory)
    sha256: str | None = None

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    @property
    def budget(self) -> Fraction:
        return parse_number(self.meta["budget"])

    @property
    def rule(self) -> str:
        return self.meta.get("rule", "unknown")

    @property
    def num_voters(self) -> int:
        return self.ballots.num_voters

    @property
    def project_ids(self) -> list[str]:
        return [p.id for p in self.projects]

    def index_of(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.projects)}

    def costs(self) -> list[Fraction]:
        return [p.cost for p in self.projects]

    def official_selected(self) -> set[str] | None:
        """Ids marked ``selected`` = 1 in the file, or None without a ``selected`` column."""
        if all(p.selected is None for p in self.projects):
            return None
        return {p.id for p in self.projects if p.selected == 1}

    def weights(self, ordinal_points: str = "positional") -> IntArray:
        """Per ballot entry, the number of points the voter gave the project (integers).

        approval / choose-1: 1. cumulative / scoring: the points (scaled by
        ``points_denominator``). ordinal: ``max_length - position`` (Kraków's 3, 2, 1), or 1 per
        ranked project when ``ordinal_points == "approval"``.
        """
        b = self.ballots
        if self.vote_type in ("cumulative", "scoring"):
            assert b.points is not None
            return b.points
        if self.vote_type == "ordinal" and ordinal_points in ("positional", "length"):
            lengths = b.lengths()
            position = np.arange(b.num_entries, dtype=np.int64) - np.repeat(b.indptr[:-1], lengths)
            if ordinal_points == "length":
                return np.repeat(lengths, lengths) - position
            return np.maximum(self.max_length() - position, 0)
        return np.ones(b.num_entries, dtype=np.int64)

    def max_length(self) -> int:
        value = self.meta.get("max_length")
        if value:
            return int(parse_number(value))
        lengths = self.ballots.lengths()
        return int(lengths.max()) if len(lengths) else 0

    def scores(self, ordinal_points: str = "positional") -> list[Fraction]:
        """Votes (approval) or points (cumulative, scoring, ordinal) per project, exact."""
        w = self.weights(ordinal_points)
        sums = np.bincount(self.ballots.indices, weights=w, minlength=len(self.projects))
        den = self.ballots.points_denominator if self.vote_type in ("cumulative", "scoring") else 1
        return [Fraction(round(float(x)), den) for x in sums]

    def vote_counts(self) -> list[int]:
        return [int(x) for x in np.bincount(self.ballots.indices, minlength=len(self.projects))]


def parse_number(text: str) -> Fraction:
    """An exact number from a Pabulib cell: ``1546168.66``, ``4000.0``, ``1,5`` or ``1e3``."""
    return Fraction(text.strip().replace(",", "."))
