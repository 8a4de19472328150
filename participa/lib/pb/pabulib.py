"""Read and write Pabulib ``.pb`` files (https://pabulib.org/format).

A file has three sections, META, PROJECTS and VOTES, each a section-name line, a header line and
semicolon-separated rows (standard CSV quoting). The reader accepts a BOM, LF or CRLF line ends,
``None`` or empty cells for missing values, ``,`` or ``.`` as decimal separator in numbers, and maps
columns by header name. It checks the file like the Pabulib checker does and reports every problem
as a :class:`Problem` with its line number:

* ``strict=True`` (default): any problem of severity ``error`` raises :class:`PabulibError`, which
  lists all of them (the first one is the message);
* ``strict=False``: errors are downgraded to warnings and returned in ``ReadResult.problems``;
  the election is built anyway (votes for unknown projects and repeated projects in a ballot are
  dropped, a repeated project id keeps its first row).

Some problems are fatal in both modes (no ``budget``, no VOTES section, unknown ``vote_type``).

:func:`write` produces a file that :func:`read` turns into the same election.
``write(election, publish=True)`` writes the file to publish next to a result: voter metadata
columns (age, sex, neighborhood, ...) are dropped, voter ids are replaced by 1..n and ballots are
sorted, so that row order carries no information about who voted when.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import repeat
from pathlib import Path

import numpy as np

from .model import VOTE_TYPES, Ballots, Election, Project, parse_number

MISSING = ("", "none")
KNOWN_PROJECT_COLUMNS = (
    "project_id",
    "cost",
    "votes",
    "score",
    "name",
    "category",
    "categories",
    "beneficiaries",
    "target",
    "targets",
    "selected",
    "latitude",
    "longitude",
)


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class PabulibError(ValueError):
    """The file cannot be used as it is. ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}")

    @property
    def line(self) -> int:
        return self.problems[0].line


@dataclass
class ReadResult:
    election: Election
    problems: list[Problem] = field(default_factory=list)


def _stripped(cells: tuple[str, ...] | list[str]) -> list[str]:
    """The cells without surrounding white space (skipping the work when there is none)."""
    joined = "".join(cells)
    if " " not in joined and "\t" not in joined and "\r" not in joined and "\n" not in joined:
        return list(cells)
    return [c.strip() for c in cells]


def _missing(value: str) -> bool:
    return value.strip().lower() in MISSING


def read(path: str | Path, *, strict: bool = True) -> ReadResult:
    """Read a ``.pb`` file; see the module docstring for ``strict``."""
    return read_bytes(Path(path).read_bytes(), strict=strict)


def read_bytes(data: bytes, *, strict: bool = True) -> ReadResult:
    sha = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PabulibError([Problem(line, "the file is not UTF-8 text")]) from None
    result = _Reader(text, strict).run()
    result.election.sha256 = sha
    return result


def read_string(text: str, *, strict: bool = True) -> ReadResult:
    return read_bytes(text.encode("utf-8"), strict=strict)


class _Reader:
    def __init__(self, text: str, strict: bool):
        self.text = text
        self.strict = strict
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(line, message, severity))

    def fatal(self, line: int, message: str) -> PabulibError:
        return PabulibError([Problem(line, message), *self.problems])

    def run(self) -> ReadResult:
        sections: dict[str, tuple[int, list[str], list[tuple[int, list[str]]]]] = {}
        current: list[tuple[int, list[str]]] | None = None
        expect_header: str | None = None
        order: list[str] = []
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=";")
        start = 1
        try:
            for row in reader:
                line = start
                start = reader.line_num + 1
                if not row or (len(row) == 1 and not row[0].strip()):
                    self.problem(line, "empty line", "warning")
                    continue
                first = row[0].strip().lower()
                if len(row) == 1 and first in ("meta", "projects", "votes"):
                    if first in sections:
                        raise self.fatal(line, f"section {first.upper()} appears twice")
                    order.append(first)
                    expect_header = first
                    continue
                if expect_header is not None:
                    current = []
                    sections[expect_header] = (line, [c.strip() for c in row], current)
                    if expect_header == "votes":
                        # the ballots: read in bulk, one row per line unless quotes span lines
                        rest = list(reader)
                        if reader.line_num - start + 1 == len(rest):
                            vote_lines = list(range(start, start + len(rest)))
                        else:
                            slow = self._slow_rows(start)
                            vote_lines = [line for line, _ in slow]
                            rest = [row for _, row in slow]
                        if [] in rest or [""] in rest:
                            keep = [k for k, r in enumerate(rest) if r and r != [""]]
                            for k in sorted(set(range(len(rest))) - set(keep)):
                                self.problem(vote_lines[k], "empty line", "warning")
                            rest = [rest[k] for k in keep]
                            vote_lines = [vote_lines[k] for k in keep]
                        for line2, row2 in zip(vote_lines, rest, strict=True):
                            if len(row2) == 1 and row2[0].strip().lower() in (
                                "meta",
                                "projects",
                                "votes",
                            ):
                                raise self.fatal(line2, "section out of order")
                        self.vote_rows = rest
                        self.vote_lines = vote_lines
                        break
                    expect_header = None
                    continue
                if current is None:
                    raise self.fatal(line, "expected the section name META")
                current.append((line, row))
        except csv.Error as exc:
            raise self.fatal(reader.line_num, f"bad CSV: {exc}") from None
        for name in ("meta", "projects", "votes"):
            if name not in sections:
                raise self.fatal(0, f"the file has no {name.upper()} section with a header line")
        if order != ["meta", "projects", "votes"]:
            self.problem(0, "sections are not in the order META, PROJECTS, VOTES")
        meta = self._meta(*sections["meta"])
        projects, columns = self._projects(meta, *sections["projects"])
        election = self._votes(meta, projects, columns, *sections["votes"][:2])
        self._check_counts(election, sections)
        problems = self.problems
        if self.strict:
            errors = [p for p in problems if p.severity == "error"]
            if errors:
                raise PabulibError(errors)
        else:
            problems = [Problem(p.line, p.message, "warning") for p in problems]
        return ReadResult(election, problems)

    def _slow_rows(self, first_line: int) -> list[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=";")
        out = []
        start = 1
        for row in reader:
            line = start
            start = reader.line_num + 1
            if line >= first_line:
                out.append((line, row))
        return out

    # -- META -----------------------------------------------------------------------------

    def _meta(
        self, header_line: int, header: list[str], rows: list[tuple[int, list[str]]]
    ) -> dict[str, str]:
        if header[:2] != ["key", "value"]:
            self.problem(header_line, "the META header must be key;value")
        meta: dict[str, str] = {}
        self.meta_lines: dict[str, int] = {}
        for line, row in rows:
            key = row[0].strip()
            if len(row) < 2:
                self.problem(line, f"META row {key!r} has no value")
                continue
            if len(row) > 2 and any(c.strip() for c in row[2:]):
                self.problem(line, f"META row {key!r} has more than two cells")
            if key in meta:
                self.problem(line, f"META key {key!r} appears twice")
                continue
            meta[key] = row[1].strip()
            self.meta_lines[key] = line
        if "budget" not in meta or _missing(meta["budget"]):
            raise self.fatal(header_line, "META has no budget")
        try:
            budget = parse_number(meta["budget"])
        except (ValueError, ZeroDivisionError):
            raise self.fatal(
                self.meta_lines["budget"], f"budget is not a number: {meta['budget']!r}"
            ) from None
        if budget < 0:
            raise self.fatal(self.meta_lines["budget"], "budget is negative")
        if "vote_type" not in meta:
            self.problem(header_line, "META has no vote_type (assuming approval)")
            meta["vote_type"] = "approval"
        if meta["vote_type"] not in VOTE_TYPES:
            raise self.fatal(
                self.meta_lines["vote_type"], f"unknown vote_type {meta['vote_type']!r}"
            )
        for key in ("num_projects", "num_votes"):
            if key not in meta:
                self.problem(header_line, f"META has no {key}", "warning")
        if meta["vote_type"] == "cumulative" and "max_sum_points" not in meta:
            self.problem(header_line, "cumulative ballots need max_sum_points in META")
        return meta

    def _meta_number(self, meta: dict[str, str], key: str) -> Fraction | None:
        value = meta.get(key)
        if value is None or _missing(value):
            return None
        try:
            return parse_number(value)
        except (ValueError, ZeroDivisionError):
            self.problem(self.meta_lines.get(key, 0), f"{key} is not a number: {value!r}")
            return None

    # -- PROJECTS -------------------------------------------------------------------------

    def _projects(
        self,
        meta: dict[str, str],
        header_line: int,
        header: list[str],
        rows: list[tuple[int, list[str]]],
    ) -> tuple[list[Project], list[str]]:
        col = {name: i for i, name in enumerate(header)}
        if len(col) != len(header):
            self.problem(header_line, "a PROJECTS column name appears twice")
        for required in ("project_id", "cost"):
            if required not in col:
                raise self.fatal(header_line, f"PROJECTS has no {required} column")
        projects: list[Project] = []
        seen: dict[str, int] = {}
        self.project_lines: list[int] = []
        for line, row in rows:
            if len(row) != len(header):
                self.problem(line, f"{len(row)} cells, the PROJECTS header has {len(header)}")
                row = (row + [""] * len(header))[: len(header)]
            cells = {name: row[i].strip() for name, i in col.items()}
            pid = cells["project_id"]
            if not pid:
                self.problem(line, "empty project_id")
                continue
            if pid in seen:
                self.problem(line, f"project id {pid!r} already used on line {seen[pid]}")
                continue
            try:
                cost = parse_number(cells["cost"])
            except (ValueError, ZeroDivisionError):
                self.problem(line, f"cost of project {pid!r} is not a number: {cells['cost']!r}")
                continue
            if cost < 0:
                self.problem(line, f"cost of project {pid!r} is negative")
            p = Project(id=pid, cost=cost)
            for name, value in cells.items():
                if name in ("project_id", "cost"):
                    continue
                if _missing(value):
                    if name not in KNOWN_PROJECT_COLUMNS:
                        p.extra[name] = value
                    continue
                try:
                    self._project_cell(p, name, value)
                except (ValueError, ZeroDivisionError):
                    self.problem(line, f"{name} of project {pid!r} is not a number: {value!r}")
            seen[pid] = line
            projects.append(p)
            self.project_lines.append(line)
        return projects, header

    def _project_cell(self, p: Project, name: str, value: str) -> None:
        if name == "name":
            p.name = value
        elif name in ("category", "categories"):
            p.categories = tuple(c.strip() for c in value.split(","))
        elif name in ("beneficiaries", "target", "targets"):
            p.beneficiaries = tuple(c.strip() for c in value.split(","))
        elif name == "selected":
            p.selected = int(value)
            if p.selected not in (0, 1, 2):
                raise ValueError(value)
        elif name == "votes":
            p.votes = int(value)
        elif name == "score":
            p.score = parse_number(value)
        elif name == "latitude":
            p.latitude = float(value.replace(",", "."))
        elif name == "longitude":
            p.longitude = float(value.replace(",", "."))
        else:
            p.extra[name] = value

    # -- VOTES ----------------------------------------------------------------------------

    def _votes(
        self,
        meta: dict[str, str],
        projects: list[Project],
        project_columns: list[str],
        header_line: int,
        header: list[str],
    ) -> Election:
        rows = self.vote_rows
        vote_type = meta["vote_type"]
        col = {name: i for i, name in enumerate(header)}
        for required in ("voter_id", "vote"):
            if required not in col:
                raise self.fatal(header_line, f"VOTES has no {required} column")
        with_points = vote_type in ("cumulative", "scoring")
        if with_points and "points" not in col:
            raise self.fatal(header_line, f"{vote_type} ballots need a points column")
        iv, ivote = col["voter_id"], col["vote"]
        ipoints = col.get("points", -1) if with_points else -1
        extra_cols = [
            (name, i)
            for name, i in col.items()
            if name not in ("voter_id", "vote") and not (with_points and name == "points")
        ]
        width = len(header)
        lines = self.vote_lines
        if rows and set(map(len, rows)) != {width}:
            for line, row in zip(lines, rows, strict=True):
                if len(row) != width:
                    self.problem(line, f"{len(row)} cells, the VOTES header has {width}")
            rows = [(row + [""] * width)[:width] for row in rows]
        columns = list(zip(*rows, strict=True)) if rows else [()] * width
        voter_ids = _stripped(columns[iv])
        votes = _stripped(columns[ivote])
        points = _stripped(columns[ipoints]) if ipoints >= 0 else []
        extra: dict[str, list[str]] = {name: _stripped(columns[i]) for name, i in extra_cols}
        line_arr = np.array(lines, dtype=np.int64)
        index = {p.id: i for i, p in enumerate(projects)}
        # one split for all ballots: much faster than one split per row
        if "one" in "".join(votes).lower():
            votes = [v if v.lower() != "none" else "" for v in votes]
        commas = np.fromiter(map(str.count, votes, repeat(",")), dtype=np.int64, count=len(votes))
        lengths = commas + np.fromiter(map(bool, votes), dtype=np.int64, count=len(votes))
        tokens = ",".join(filter(None, votes)).split(",") if lengths.any() else []
        try:
            idx = np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        except KeyError:
            idx = np.array([index.get(t, -1) for t in tokens], dtype=np.int64)
        entry_line = np.repeat(line_arr, lengths)
        keep = np.ones(len(idx), dtype=bool)
        for k in np.flatnonzero(idx < 0):
            name = tokens[k].strip()
            if name in index:  # spaces around ids
                idx[k] = index[name]
                continue
            self.problem(int(entry_line[k]), f"vote for unknown project {name!r}")
            keep[k] = False
        pts: np.ndarray | None = None
        den = 1
        if ipoints >= 0:
            pts, den = self._points(points, lengths, line_arr)
        # repeated project inside one ballot
        voter_of_entry = np.repeat(np.arange(len(votes), dtype=np.int64), lengths)
        key = voter_of_entry * (len(projects) + 1) + np.where(keep, idx, len(projects))
        order = np.argsort(key, kind="stable")
        sk = key[order]
        dup = np.flatnonzero((sk[1:] == sk[:-1]) & keep[order[1:]])
        for k in dup:
            entry = int(order[k + 1])
            self.problem(
                int(entry_line[entry]),
                f"project {projects[int(idx[entry])].id!r} appears twice in one ballot",
            )
            keep[entry] = False
        if not keep.all():
            lengths = np.bincount(voter_of_entry[keep], minlength=len(votes)).astype(np.int64)
            idx = idx[keep]
            if pts is not None:
                pts = pts[keep]
        indptr = np.zeros(len(votes) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        ballots = Ballots(indptr, idx, pts, den)
        self._check_voter_ids(voter_ids, line_arr)
        election = Election(
            meta=meta,
            projects=projects,
            ballots=ballots,
            voter_ids=voter_ids,
            voter_extra=extra,
            project_columns=project_columns,
        )
        self._check_ballots(election, line_arr)
        return election

    def _points(
        self, points: list[str], lengths: np.ndarray, line_arr: np.ndarray
    ) -> tuple[np.ndarray, int]:
        if "one" in "".join(points).lower():
            points = [p if p.lower() != "none" else "" for p in points]
        plengths = np.array([p.count(",") + 1 if p else 0 for p in points], dtype=np.int64)
        for k in np.flatnonzero(plengths != lengths):
            self.problem(
                int(line_arr[k]),
                f"{int(plengths[k])} points for {int(lengths[k])} projects in the vote",
            )
        ptoks = ",".join(filter(None, points)).split(",") if plengths.any() else []
        # align points with votes even when the counts differ (missing points count as 0)
        if (plengths != lengths).any():
            aligned: list[str] = []
            pos = 0
            for n_vote, n_pts in zip(lengths.tolist(), plengths.tolist(), strict=True):
                row = ptoks[pos : pos + n_pts]
                pos += n_pts
                aligned.extend((row + ["0"] * n_vote)[:n_vote])
            ptoks = aligned
        try:
            return np.array(ptoks, dtype=np.int64), 1
        except ValueError:
            pass
        values: list[Fraction] = []
        entry_line = np.repeat(line_arr, lengths)
        for pos, t in enumerate(ptoks):
            try:
                values.append(parse_number(t))
            except (ValueError, ZeroDivisionError):
                self.problem(int(entry_line[pos]), f"points are not a number: {t!r}")
                values.append(Fraction(0))
        den = 1
        for v in values:
            den = den * v.denominator // np.gcd(den, v.denominator)
        return np.array([int(v * den) for v in values], dtype=np.int64), int(den)

    def _check_voter_ids(self, voter_ids: list[str], line_arr: np.ndarray) -> None:
        if len(set(voter_ids)) == len(voter_ids):
            return
        first: dict[str, int] = {}
        for k, vid in enumerate(voter_ids):
            if vid in first:
                self.problem(
                    int(line_arr[k]), f"voter id {vid!r} already used on line {first[vid]}"
                )
            else:
                first[vid] = int(line_arr[k])

    def _check_ballots(self, e: Election, line_arr: np.ndarray) -> None:
        meta = e.meta
        b = e.ballots
        lengths = b.lengths()
        m = len(e.projects)
        min_len = self._meta_number(meta, "min_length")
        max_len = self._meta_number(meta, "max_length")
        if e.vote_type == "choose-1":
            max_len = Fraction(1) if max_len is None else max_len
        min_f = None if min_len is None else float(min_len)
        max_f = None if max_len is None else float(max_len)
        for k in np.flatnonzero(lengths == 0):
            self.problem(int(line_arr[k]), "empty ballot", "warning")
        if min_f is not None:
            for k in np.flatnonzero((lengths < min_f) & (lengths > 0))[:1000]:
                self.problem(
                    int(line_arr[k]),
                    f"ballot has {int(lengths[k])} projects, min_length is {min_len}",
                )
        if max_f is not None and max_f < m:
            for k in np.flatnonzero(lengths > max_f)[:1000]:
                self.problem(
                    int(line_arr[k]),
                    f"ballot has {int(lengths[k])} projects, max_length is {max_len}",
                )
        if b.points is not None:
            den = b.points_denominator
            entry_line = np.repeat(line_arr, lengths)
            for key, test in (("max_points", np.greater), ("min_points", np.less)):
                limit = self._meta_number(meta, key)
                if limit is not None:
                    bad = np.flatnonzero(test(b.points, float(limit * den)))
                    for k in bad[:1000]:
                        self.problem(
                            int(entry_line[k]),
                            f"{Fraction(int(b.points[k]), den)} points, {key} is {limit}",
                        )
            sums = np.bincount(
                b.voter_of_entry(), weights=b.points.astype(np.float64), minlength=b.num_voters
            )
            for key, test in (("max_sum_points", np.greater), ("min_sum_points", np.less)):
                limit = self._meta_number(meta, key)
                if limit is not None:
                    bad = np.flatnonzero(test(sums, float(limit * den)) & (lengths > 0))
                    for k in bad[:1000]:
                        self.problem(
                            int(line_arr[k]),
                            f"ballot gives {Fraction(round(sums[k]), den)} points,"
                            f" {key} is {limit}",
                        )
            if (b.points < 0).any() and e.vote_type == "cumulative":
                first = int(np.flatnonzero(b.points < 0)[0])
                self.problem(int(entry_line[first]), "negative points in a cumulative ballot")

    def _check_counts(
        self,
        e: Election,
        sections: dict[str, tuple[int, list[str], list[tuple[int, list[str]]]]],
    ) -> None:
        meta = e.meta
        for key, count, section in (
            ("num_projects", len(sections["projects"][2]), "PROJECTS"),
            ("num_votes", len(self.vote_rows), "VOTES"),
        ):
            if key in meta:
                declared = self._meta_number(meta, key)
                if declared is not None and declared != count:
                    self.problem(
                        self.meta_lines[key],
                        f"{key} is {meta[key]} but the {section} section has {count} rows",
                    )
        votes = e.vote_counts()
        scores = e.scores() if e.vote_type not in ("approval", "choose-1") else None
        alt = e.scores("length") if e.vote_type == "ordinal" else None
        for i, p in enumerate(e.projects):
            line = self.project_lines[i]
            if p.votes is not None and p.votes != votes[i]:
                self.problem(
                    line, f"project {p.id!r} has votes {p.votes}, the ballots give {votes[i]}"
                )
            if (
                scores is not None
                and p.score is not None
                and p.score != scores[i]
                and (alt is None or p.score != alt[i])
            ):
                self.problem(
                    line, f"project {p.id!r} has score {p.score}, the ballots give {scores[i]}"
                )


# -- writing ------------------------------------------------------------------------------


def format_number(x: Fraction | int | float) -> str:
    """Exact decimal text of a number (``1546168.66``, ``7200``)."""
    if isinstance(x, float):
        return repr(x)
    x = Fraction(x)
    if x.denominator == 1:
        return str(x.numerator)
    den, twos, fives = x.denominator, 0, 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return repr(float(x))
    digits = max(twos, fives)
    scaled = abs(x) * 10**digits
    sign = "-" if x < 0 else ""
    whole, frac_part = divmod(int(scaled), 10**digits)
    return f"{sign}{whole}.{frac_part:0{digits}d}"


def write(election: Election, *, publish: bool = False) -> str:
    """The ``.pb`` text of an election (LF line ends, no BOM). See the module docstring."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    e = election
    meta = dict(e.meta)
    meta["num_projects"] = str(len(e.projects))
    meta["num_votes"] = str(e.num_voters)
    out.write("META\n")
    w.writerow(["key", "value"])
    for key, value in meta.items():
        w.writerow([key, value])
    out.write("PROJECTS\n")
    columns = list(e.project_columns) or ["project_id", "cost", "name"]
    for name in ("project_id", "cost"):
        if name not in columns:
            columns.insert(0 if name == "project_id" else 1, name)
    w.writerow(columns)
    for p in e.projects:
        w.writerow([_project_value(p, c) for c in columns])
    out.write("VOTES\n")
    b = e.ballots
    with_points = b.points is not None
    extra_names = [] if publish else list(e.voter_extra)
    w.writerow(["voter_id", "vote", *(["points"] if with_points else []), *extra_names])
    ids = e.project_ids
    den = b.points_denominator
    rows = []
    for v in range(e.num_voters):
        lo, hi = int(b.indptr[v]), int(b.indptr[v + 1])
        row = [e.voter_ids[v], ",".join(ids[k] for k in b.indices[lo:hi])]
        if with_points:
            assert b.points is not None
            row.append(",".join(format_number(Fraction(int(x), den)) for x in b.points[lo:hi]))
        row.extend(e.voter_extra[name][v] for name in extra_names)
        rows.append(row)
    if publish:
        rows.sort(key=lambda r: r[1:])
        for k, row in enumerate(rows, start=1):
            row[0] = str(k)
    w.writerows(rows)
    return out.getvalue()


def _project_value(p: Project, column: str) -> str:
    if column == "project_id":
        return p.id
    if column == "cost":
        return format_number(p.cost)
    if column == "name":
        return p.name
    if column in ("category", "categories"):
        return ",".join(p.categories)
    if column in ("beneficiaries", "target", "targets"):
        return ",".join(p.beneficiaries)
    simple: dict[str, object] = {
        "selected": p.selected,
        "votes": p.votes,
        "score": None if p.score is None else format_number(p.score),
        "latitude": p.latitude,
        "longitude": p.longitude,
    }
    if column in simple:
        value = simple[column]
        return "" if value is None else str(value)
    return p.extra.get(column, "")


def write_file(election: Election, path: str | Path, *, publish: bool = False) -> None:
    Path(path).write_text(write(election, publish=publish), encoding="utf-8", newline="")


def same_election(a: Election, b: Election) -> bool:
    """True if two elections have the same META, projects, ballots and voter data."""
    skip = ("num_projects", "num_votes")
    ma = {k: v for k, v in a.meta.items() if k not in skip}
    mb = {k: v for k, v in b.meta.items() if k not in skip}
    pts_a, pts_b = a.ballots.points, b.ballots.points
    same_points = (pts_a is None and pts_b is None) or (
        pts_a is not None
        and pts_b is not None
        and np.array_equal(
            pts_a * b.ballots.points_denominator, pts_b * a.ballots.points_denominator
        )
    )
    return (
        ma == mb
        and a.projects == b.projects
        and np.array_equal(a.ballots.indptr, b.ballots.indptr)
        and np.array_equal(a.ballots.indices, b.ballots.indices)
        and same_points
        and a.voter_ids == b.voter_ids
        and a.voter_extra == b.voter_extra
    )
