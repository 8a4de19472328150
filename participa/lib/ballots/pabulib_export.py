"""The anonymised ballot file of one pool, in the Pabulib format (no Django imports).

:func:`build_election` turns the normalised ballots of a pool (:func:`.methods.normalise`) into
a :class:`participa.lib.pb.Election`; :func:`export` writes it with
:func:`participa.lib.pb.write` and returns the text with its SHA-256, the one printed on the
results page::

    published = export(build_election(rules=rules, projects=names, ballots=ballots, ...))
    published.write_to("budget-2026-city.pb")  # sha256: published.sha256

The file holds no voter metadata but, if the edition allows it, an age band (``age`` column,
``18-24`` ..., from the voter's age or the band recorded with the ballot; a band with fewer
than ``min_band_size`` voters is left blank). Voter ids are
1, 2, 3 ... in an order that depends only on ``seed`` and the ballots' contents (SHA-256 of
``seed|ballot``), never on the order the ballots were cast or read from the database.

Vote types: approval and knapsack pools are ``approval`` (knapsack with ``max_sum_cost`` = the
pool amount), cumulative pools ``cumulative`` (``max_sum_points``, ``max_points``), ranked pools
``ordinal`` (most preferred first). ``min_length``/``max_length`` are the pool's limits, with
``max_length`` the effective one (at most the number of projects), as Pabulib asks.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from participa.lib.pb import Ballots, Election, Project, write
from participa.lib.pb.pabulib import format_number

from .methods import Method, Normalised, PoolRules, projects_in_order

VOTE_TYPES = {
    Method.APPROVAL: "approval",
    Method.KNAPSACK: "approval",
    Method.CUMULATIVE: "cumulative",
    Method.RANKED: "ordinal",
}
# (first age, last age or None): the bands of the ``age`` column
AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 17), (18, 24), (25, 34), (35, 44), (45, 59), (60, 74), (75, None))


@dataclass(frozen=True)
class ExportBallot:
    """One anonymous ballot: its normalised choices and, optionally, the voter's age or the
    band already recorded with the ballot (``band`` wins when both are given)."""

    choices: Normalised
    age: int | None = None
    band: str = ""


@dataclass(frozen=True)
class PabulibExport:
    text: str
    sha256: str
    election: Election

    @property
    def data(self) -> bytes:
        """The bytes of the file (UTF-8, LF line ends, no BOM) whose SHA-256 is ``sha256``."""
        return self.text.encode("utf-8")

    def write_to(self, path: str | Path) -> None:
        Path(path).write_bytes(self.data)


def age_band(age: int | None) -> str:
    """The band of an age (``18-24``, ``75+``), or ``""`` when unknown."""
    if age is None:
        return ""
    for first, last in AGE_BANDS:
        if age >= first and (last is None or age <= last):
            return f"{first}+" if last is None else f"{first}-{last}"
    return ""


def _order_key(seed: str, row: str) -> str:
    return hashlib.sha256(f"{seed}|{row}".encode()).hexdigest()


def build_election(
    *,
    rules: PoolRules,
    projects: Mapping[Any, str],
    ballots: Iterable[ExportBallot],
    description: str,
    country: str,
    unit: str,
    instance: str,
    rule: str,
    seed: str,
    subunit: str | None = None,
    date_begin: str | None = None,
    date_end: str | None = None,
    language: str | None = None,
    currency: str | None = None,
    min_project_score_threshold: int | None = None,
    comment: str | None = None,
    selected: Collection[Any] | None = None,
    with_age_band: bool = False,
    min_band_size: int = 10,
    labels: Mapping[Any, str] | None = None,
) -> Election:
    """The election of one pool. ``projects`` maps every project on the pool's ballot to its
    name; ``selected`` (the counted winners, as written in the file) fills the ``selected``
    column when given. ``labels`` maps each project to the ``project_id`` written in the file
    (default: ``str`` of its key); the PROJECTS rows follow the labels' order."""
    label = {pid: (labels[pid] if labels is not None else str(pid)) for pid in projects}
    if labels is not None:
        ids = sorted(projects, key=lambda pid: label[pid])
    else:
        ids = sorted(projects, key=lambda pid: (0, pid, "") if isinstance(pid, int)
                     else (1, 0, str(pid)))
    if set(ids) != set(rules.allowed_ids):
        raise ValueError("projects must be exactly the pool's projects")
    if len(set(label.values())) != len(label):
        raise ValueError("two projects have the same label")
    for pid in ids:
        if any(char in label[pid] for char in ",;\n\r\"") or not label[pid].strip():
            raise ValueError(f"project id {label[pid]!r} cannot be written to a Pabulib file")
    position = {pid: k for k, pid in enumerate(ids)}
    with_points = rules.method is Method.CUMULATIVE
    rows = []
    for ballot in ballots:
        listed = projects_in_order(rules, ballot.choices)
        if any(pid not in position for pid in listed):
            raise ValueError("a ballot names a project that is not on the pool's ballot")
        points = dict(ballot.choices)
        text = ",".join(label[pid] for pid in listed)
        if with_points:
            text += ";" + ",".join(str(points[pid]) for pid in listed)
        rows.append((text, [position[pid] for pid in listed],
                     [points[pid] for pid in listed], ballot.band or age_band(ballot.age)))
    bands = [band if with_age_band else "" for *_, band in rows]
    sizes = Counter(bands)
    bands = [band if sizes[band] >= min_band_size else "" for band in bands]
    order = sorted(range(len(rows)), key=lambda k: (_order_key(seed, f"{rows[k][0]}|{bands[k]}"),
                                                    rows[k][0], bands[k]))
    lengths = [len(rows[k][1]) for k in order]
    indptr = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum(np.array(lengths, dtype=np.int64), out=indptr[1:])
    indices = np.array([j for k in order for j in rows[k][1]], dtype=np.int64)
    point_array = (np.array([x for k in order for x in rows[k][2]], dtype=np.int64)
                   if with_points else None)
    election = Election(
        meta=_meta(rules, description=description, country=country, unit=unit,
                   instance=instance, rule=rule, subunit=subunit, date_begin=date_begin,
                   date_end=date_end, language=language, currency=currency,
                   threshold=min_project_score_threshold, comment=comment,
                   num_projects=len(ids), num_votes=len(order)),
        projects=[Project(id=label[pid], cost=rules.costs[pid], name=projects[pid])
                  for pid in ids],
        ballots=Ballots(indptr, indices, point_array),
        voter_ids=[str(k) for k in range(1, len(order) + 1)],
        voter_extra={"age": [bands[k] for k in order]} if with_age_band else {},
        project_columns=["project_id", "cost", "votes",
                         *(["score"] if VOTE_TYPES[Method(rules.method)] != "approval" else []),
                         "name", *(["selected"] if selected is not None else [])],
    )
    votes = election.vote_counts()
    scores = election.scores() if "score" in election.project_columns else None
    chosen = {str(pid) for pid in selected} if selected is not None else set()
    for k, project in enumerate(election.projects):
        project.votes = votes[k]
        if scores is not None:
            project.score = scores[k]
        if selected is not None:
            project.selected = int(project.id in chosen)
    return election


def with_selected(election: Election, selected: Collection[Any]) -> Election:
    """``election`` (from :func:`build_election`) with its ``selected`` column filled: the
    same file :func:`build_election` writes when given ``selected``, without building the
    ballots again."""
    chosen = {str(pid) for pid in selected}
    columns = [name for name in election.project_columns if name != "selected"]
    return replace(election, projects=[replace(project, selected=int(project.id in chosen))
                                       for project in election.projects],
                   project_columns=[*columns, "selected"])


def _meta(rules: PoolRules, *, description: str, country: str, unit: str, instance: str,
          rule: str, subunit: str | None, date_begin: str | None, date_end: str | None,
          language: str | None, currency: str | None, threshold: int | None,
          comment: str | None, num_projects: int, num_votes: int) -> dict[str, str]:
    meta: dict[str, str | None] = {
        "description": description,
        "country": country,
        "unit": unit,
        "subunit": subunit,
        "instance": instance,
        "num_projects": str(num_projects),
        "num_votes": str(num_votes),
        "budget": format_number(rules.exact_amount),
        "vote_type": VOTE_TYPES[Method(rules.method)],
        "rule": rule,
        "date_begin": date_begin,
        "date_end": date_end,
        "language": language,
        "currency": currency,
        "min_length": str(rules.min_projects),
        "max_length": str(rules.max_length),
    }
    if rules.method is Method.KNAPSACK:
        meta["max_sum_cost"] = format_number(rules.exact_amount)
    if rules.method is Method.CUMULATIVE:
        assert rules.points_total is not None
        meta["max_sum_points"] = str(rules.points_total)
        meta["max_points"] = str(rules.max_points_per_project or rules.points_total)
    if rule == "greedy-threshold":
        if threshold is None:
            raise ValueError("greedy-threshold needs min_project_score_threshold")
        meta["min_project_score_threshold"] = str(threshold)
    if comment:
        meta["comment"] = comment
    return {key: value for key, value in meta.items() if value is not None}


def export(election: Election) -> PabulibExport:
    """The ``.pb`` text of an election from :func:`build_election`, with its SHA-256."""
    text = write(election)
    election.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return PabulibExport(text, election.sha256, election)
