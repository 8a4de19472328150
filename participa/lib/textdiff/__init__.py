"""Article-by-article comparison of two versions of a text (no Django imports).

API (stable; other code depends on it):

    compare(old: Sequence[UnitLike], new: Sequence[UnitLike]) -> list[ArticleDiff]
    ArticleDiff(key, status, old, new, segments)   # status: same / changed / added / removed
    # segments: list of (op, text) with op in "equal", "insert", "delete" — word level
    UnitLike: anything with .key, .number, .heading, .body
    side_by_side(diff: ArticleDiff) -> (old_segments, new_segments)   # two-column view
    word_diff(old_text: str, new_text: str) -> list[Segment]
    unit_text(unit) -> str                          # heading and body, as compared
    summary(diffs) -> dict[str, int]                # number of units per status

Result order: the new version's order, each removed unit inserted where it was in the old one.
``ArticleDiff.key`` is the new unit's key (the old one's for a removed unit).

Units are paired in four passes:

1. identical text (heading and body, spaces normalised) found once in each version — this
   follows an article that was renumbered ("Art. 3" that became "Art. 4") without changes
   (texts of fewer than ``MIN_ANCHOR_WORDS`` tokens, like "Abrogat.", only under one key);
2. same ``key`` and similar text (similarity >= ``FUZZY_MATCH_RATIO``);
3. among the units still unpaired, of the same level, the most similar pair with similarity
   >= ``FUZZY_MATCH_RATIO``, not shorter than ``MIN_ANCHOR_WORDS`` tokens — a renumbered
   article with small changes (beyond ``MAX_FUZZY_PAIRS`` candidate pairs, only units within
   ``FUZZY_WINDOW`` positions of each other are compared);
4. same ``key`` whatever the text — an article rewritten in place.

Similarity is rapidfuzz's normalised Indel similarity of the texts' words (as difflib's
ratio). Whitespace-only differences leave a unit "same". Joining a diff's segments of ops
equal+insert gives the new text exactly, equal+delete the old one.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Protocol

import numpy as np
from rapidfuzz import fuzz, process

__all__ = [
    "FUZZY_MATCH_RATIO", "ArticleDiff", "Segment", "UnitLike", "compare",
    "side_by_side", "summary", "tokenize", "unit_text", "word_diff",
]

Segment = tuple[str, str]

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"
EQUAL, INSERT, DELETE = "equal", "insert", "delete"

FUZZY_MATCH_RATIO = 0.8
# Texts shorter than this (words and punctuation) pair only under the same key.
MIN_ANCHOR_WORDS = 4
# Beyond this many (old x new) candidate pairs, pass 3 only looks at nearby positions.
MAX_FUZZY_PAIRS = 1_000_000
FUZZY_WINDOW = 60
# Token counts above which a text is first compared line by line.
MAX_WORD_TOKENS = 4_000

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+|[^\w\s]", re.UNICODE)


class UnitLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def number(self) -> str: ...
    @property
    def heading(self) -> str: ...
    @property
    def body(self) -> str: ...


@dataclass(frozen=True)
class ArticleDiff:
    key: str
    status: str
    old: Any  # UnitLike | None
    new: Any  # UnitLike | None
    segments: list[Segment] = field(default_factory=list)

    @property
    def renumbered(self) -> bool:
        """Paired with a unit of another key (e.g. "Art. 3" became "Art. 4")."""
        return self.old is not None and self.new is not None and self.old.key != self.new.key

    @property
    def old_key(self) -> str | None:
        return self.old.key if self.old is not None else None


def unit_text(unit: Any) -> str:
    """The text compared: the heading, then the body, on separate lines."""
    return "\n".join(part for part in (unit.heading or "", unit.body or "") if part)


def tokenize(text: str) -> list[str]:
    """Words, runs of whitespace and single punctuation marks; ``"".join`` gives ``text``."""
    return _TOKEN.findall(text)


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _merge(segments: Iterable[Segment]) -> list[Segment]:
    """Join neighbours of the same op; within a change, deletions before insertions; spaces
    alone between two changes become part of the change (no confetti of one-space matches)."""
    items = [s for s in segments if s[1]]
    for i in range(1, len(items) - 1):
        op, text = items[i]
        if op == EQUAL and not text.strip() and items[i - 1][0] != EQUAL \
                and items[i + 1][0] != EQUAL:
            items[i] = ("change", text)
    out: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append((DELETE, "".join(deleted)))
        if inserted:
            out.append((INSERT, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for op, text in items:
        if op == EQUAL:
            flush()
            if out and out[-1][0] == EQUAL:
                out[-1] = (EQUAL, out[-1][1] + text)
            else:
                out.append((EQUAL, text))
        elif op == DELETE:
            deleted.append(text)
        elif op == INSERT:
            inserted.append(text)
        else:  # spaces between two changes: removed and written again
            deleted.append(text)
            inserted.append(text)
    flush()
    return out


def _is_space(token: str) -> bool:
    return token.isspace()


def _token_diff(a: list[str], b: list[str]) -> list[Segment]:
    # The common beginning and end first: most revisions change a few words in the middle.
    prefix = 0
    limit = min(len(a), len(b))
    while prefix < limit and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    head, tail = "".join(a[:prefix]), "".join(a[len(a) - suffix:])
    a, b = a[prefix:len(a) - suffix], b[prefix:len(b) - suffix]
    segments: list[Segment] = [(EQUAL, head)]
    # Spaces are "junk": they never start a match (there are too many) but join matches.
    matcher = SequenceMatcher(_is_space, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append((EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append((DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            segments.append((INSERT, "".join(b[j1:j2])))
    segments.append((EQUAL, tail))
    return segments


def word_diff(old_text: str, new_text: str) -> list[Segment]:
    """Word-level difference of two texts as (op, text) segments."""
    a, b = tokenize(old_text), tokenize(new_text)
    if len(a) + len(b) <= MAX_WORD_TOKENS:
        return _merge(_token_diff(a, b))
    # Long texts: line by line first, words only inside the lines that changed.
    old_lines = old_text.splitlines(keepends=True)
    new_lines = new_text.splitlines(keepends=True)
    segments: list[Segment] = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if tag == "equal":
            segments.append((EQUAL, old_part))
        elif tag == "replace" and len(old_part) + len(new_part) <= 20 * MAX_WORD_TOKENS:
            segments.extend(_token_diff(tokenize(old_part), tokenize(new_part)))
        else:
            segments.append((DELETE, old_part))
            segments.append((INSERT, new_part))
    return _merge(segments)


def _similarity(a: list[str], b: list[str]) -> float:
    """Normalised Indel similarity of two lists of words and punctuation marks (like
    difflib's ratio), 0 to 1."""
    return float(fuzz.ratio(a, b)) / 100


def _fuzzy_candidates(old: Sequence[Any], new: Sequence[Any], old_words: list[list[str]],
                      new_words: list[list[str]], free_old: list[int],
                      free_new: list[int]) -> list[tuple[float, int, int]]:
    """(similarity, old index, new index) of the unpaired units of the same level at least
    ``FUZZY_MATCH_RATIO`` similar; scored in bulk by rapidfuzz (C speed)."""
    if not free_old or not free_new:
        return []
    windowed = len(free_old) * len(free_new) > MAX_FUZZY_PAIRS
    cutoff = 100 * FUZZY_MATCH_RATIO
    candidates: list[tuple[float, int, int]] = []
    chunk = 256
    for start in range(0, len(free_new), chunk):
        rows = free_new[start:start + chunk]
        if windowed:
            lo = bisect.bisect_left(free_old, rows[0] - FUZZY_WINDOW)
            hi = bisect.bisect_right(free_old, rows[-1] + FUZZY_WINDOW)
            cols = free_old[lo:hi]
        else:
            cols = free_old
        if not cols:
            continue
        scores = process.cdist([new_words[j] for j in rows], [old_words[i] for i in cols],
                               scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float32)
        for r, c in zip(*np.nonzero(scores >= cutoff), strict=True):
            i, j = cols[int(c)], rows[int(r)]
            if windowed and abs(i - j) > FUZZY_WINDOW:
                continue
            if _level(old[i]) == _level(new[j]):
                candidates.append((float(scores[r, c]) / 100, i, j))
    return candidates


def _level(unit: Any) -> int:
    return getattr(unit, "level", 1)


def _pair(old: Sequence[Any], new: Sequence[Any]) -> dict[int, int]:
    """new index -> old index of the units that are the same unit in both versions."""
    old_text = [_normal(unit_text(u)) for u in old]
    new_text = [_normal(unit_text(u)) for u in new]
    old_words = [_WORD.findall(t) for t in old_text]
    new_words = [_WORD.findall(t) for t in new_text]
    pairs: dict[int, int] = {}
    used: set[int] = set()

    # 1. Identical non-empty text found once in each version (short texts such as
    # "Abrogat." only under the same key).
    old_count = Counter(old_text)
    new_count = Counter(new_text)
    old_at = {t: i for i, t in enumerate(old_text) if old_count[t] == 1 and t}
    for j, t in enumerate(new_text):
        i = old_at.get(t)
        if i is not None and new_count[t] == 1 and _level(old[i]) == _level(new[j]) and (
                len(new_words[j]) >= MIN_ANCHOR_WORDS or old[i].key == new[j].key):
            pairs[j] = i
            used.add(i)

    # 2. Same key, similar text.
    old_by_key: dict[str, list[int]] = defaultdict(list)
    for i, unit in enumerate(old):
        old_by_key[unit.key].append(i)

    def by_key(strict: bool) -> None:
        for j, unit in enumerate(new):
            if j in pairs:
                continue
            for i in old_by_key.get(unit.key, ()):
                if i in used:
                    continue
                if strict and old_text[i] != new_text[j] and _similarity(
                        old_words[i], new_words[j]) < FUZZY_MATCH_RATIO:
                    continue
                pairs[j] = i
                used.add(i)
                break

    by_key(strict=True)

    # 3. Most similar pairs among the rest, same level, not too short.
    free_old = [i for i in range(len(old))
                if i not in used and len(old_words[i]) >= MIN_ANCHOR_WORDS]
    free_new = [j for j in range(len(new))
                if j not in pairs and len(new_words[j]) >= MIN_ANCHOR_WORDS]
    candidates = _fuzzy_candidates(old, new, old_words, new_words, free_old, free_new)
    # Best pairs first; on a tie, the closest positions.
    for _score, i, j in sorted(candidates, key=lambda c: (-c[0], abs(c[1] - c[2]), c[2])):
        if i not in used and j not in pairs:
            pairs[j] = i
            used.add(i)

    # 4. Same key whatever the text.
    by_key(strict=False)
    return pairs


def _diff_pair(key: str, old: Any, new: Any) -> ArticleDiff:
    a, b = unit_text(old), unit_text(new)
    if a == b or _normal(a) == _normal(b):
        return ArticleDiff(key, SAME, old, new, [(EQUAL, b)] if b else [])
    return ArticleDiff(key, CHANGED, old, new, word_diff(a, b))


def compare(old: Sequence[Any], new: Sequence[Any]) -> list[ArticleDiff]:
    """Unit-by-unit differences between two versions; see the module's documentation."""
    pairs = _pair(old, new)
    paired_old = set(pairs.values())
    result: list[ArticleDiff] = []
    next_old = 0  # removed units before this old position are already placed

    def place_removed(up_to: int) -> None:
        nonlocal next_old
        while next_old < up_to:
            if next_old not in paired_old:
                unit = old[next_old]
                text = unit_text(unit)
                result.append(ArticleDiff(unit.key, REMOVED, unit, None,
                                          [(DELETE, text)] if text else []))
            next_old += 1

    # For each new position, the old position of the next paired unit: removed units that
    # come before it are shown before the units added there.
    next_paired = [len(old)] * (len(new) + 1)
    for j in range(len(new) - 1, -1, -1):
        next_paired[j] = pairs[j] if j in pairs else next_paired[j + 1]

    for j, unit in enumerate(new):
        i = pairs.get(j)
        if i is None:
            place_removed(next_paired[j])
            text = unit_text(unit)
            result.append(ArticleDiff(unit.key, ADDED, None, unit,
                                      [(INSERT, text)] if text else []))
            continue
        place_removed(i)
        result.append(_diff_pair(unit.key, old[i], unit))
    place_removed(len(old))
    return result


def side_by_side(diff: ArticleDiff) -> tuple[list[Segment], list[Segment]]:
    """The old text's segments (equal and delete) and the new one's (equal and insert)."""
    old_side = [s for s in diff.segments if s[0] in (EQUAL, DELETE)]
    new_side = [s for s in diff.segments if s[0] in (EQUAL, INSERT)]
    return old_side, new_side


def summary(diffs: Iterable[ArticleDiff]) -> dict[str, int]:
    """How many units are same, changed, added and removed."""
    counts = {SAME: 0, CHANGED: 0, ADDED: 0, REMOVED: 0}
    for diff in diffs:
        counts[diff.status] += 1
    return counts
