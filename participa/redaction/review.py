"""Review of a text before publication: the original, the redactions over it (spans
``[start, end, kind]``), and the published text always recomputed from both.

The pieces every review uses, whatever the text (a contribution's body, a comment): checking
spans sent by a page, finding typed words, adding a span, and cutting the original into plain
and redacted parts for the side-by-side view.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from participa.lib import redaction as lib

KINDS: tuple[str, ...] = tuple(lib.KINDS)
# Redactions a moderator adds by hand, when none of the detected kinds fits.
MANUAL_KIND = "other"
ALL_KINDS: tuple[str, ...] = (*KINDS, MANUAL_KIND)


def validate_spans(text: str, spans: Any) -> list[list[Any]]:
    """Spans as sorted ``[[start, end, kind], ...]``, or a ValidationError saying what is wrong:
    every span inside the text, not empty, of a known kind, and none overlapping another."""
    if not isinstance(spans, list | tuple):
        raise ValidationError(_("The redactions are not in the expected form."))
    cleaned: list[list[Any]] = []
    for item in spans:
        try:
            start, end, kind = item
            start, end, kind = int(start), int(end), str(kind)
        except (TypeError, ValueError):
            raise ValidationError(_("The redactions are not in the expected form.")) from None
        if not 0 <= start < end <= len(text):
            raise ValidationError(_("A redaction lies outside the text (characters %(start)d "
                                    "to %(end)d). Reload the page and try again.")
                                  % {"start": start, "end": end})
        if kind not in ALL_KINDS:
            raise ValidationError(_("“%(kind)s” is not a known kind of personal data.")
                                  % {"kind": kind})
        cleaned.append([start, end, kind])
    cleaned.sort()
    for before, after in itertools.pairwise(cleaned):
        if after[0] < before[1]:
            raise ValidationError(_("Two redactions overlap (characters %(start)d to %(end)d). "
                                    "Keep one of them.") % {"start": after[0], "end": before[1]})
    return cleaned


def find_occurrences(text: str, words: str, *, all_occurrences: bool) -> list[tuple[int, int]]:
    """Offsets of ``words`` in ``text`` (case-insensitive; any run of spaces matches)."""
    parts = [re.escape(part) for part in words.split()]
    if not parts:
        return []
    pattern = re.compile(r"\s+".join(parts), re.IGNORECASE)
    found = [(m.start(), m.end()) for m in pattern.finditer(text)]
    return found if all_occurrences else found[:1]


def merge_span(spans: list[list[Any]], start: int, end: int, kind: str) -> list[list[Any]]:
    """Add ``[start, end, kind]``; a span it overlaps grows to cover both (keeping its kind)."""
    merged: list[list[Any]] = []
    for old_start, old_end, old_kind in spans:
        if old_start < end and start < old_end:
            start, end, kind = min(start, old_start), max(end, old_end), old_kind
        else:
            merged.append([old_start, old_end, old_kind])
    merged.append([start, end, kind])
    return sorted(merged)


def segments(text: str, spans: Any, *,
             label: Callable[[str], Any] = str) -> list[dict[str, Any]]:
    """The original text cut into plain parts and redacted parts (with their kind and its
    ``label``), for the side-by-side view."""
    parts: list[dict[str, Any]] = []
    last = 0
    for start, end, kind in sorted(spans or []):
        if start < last or end > len(text):
            continue
        if start > last:
            parts.append({"text": text[last:start], "kind": None})
        parts.append({"text": text[start:end], "kind": kind, "label": label(kind),
                      "start": start, "end": end})
        last = end
    if last < len(text):
        parts.append({"text": text[last:], "kind": None})
    return parts
