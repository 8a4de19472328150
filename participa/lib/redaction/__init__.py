"""Personal-data redaction for texts that will be published (no Django imports).

API (stable; other code depends on it):

    find(text, *, lang, names=(), officials=(), keep_officials=True) -> list[Span]
    apply(text, spans, *, placeholder) -> str
    redact(text, *, lang, names=(), placeholder=None, officials=(), keep_officials=True)
        -> Redaction
    DEFAULT_PLACEHOLDERS = {"ro": "=anonimizat=", "pl": "[dane usunięte]", "en": "[redacted]"}

Span kinds: "email", "phone", "national_id", "iban", "address", "url", "name".

Detection: e-mail addresses; phone numbers in Romanian, Polish and international formats
(``phonenumbers``); Romanian CNP and Polish PESEL with a valid checksum (``python-stdnum``);
IBANs; street addresses with a house number; URLs of social-network profiles or with a personal
query parameter (``?user=``, ``?email=``, ``?id=``); people's names (the contributor's own names,
names after greetings, in signatures and after titles, known given names followed by a surname).
Names of streets, schools and parks named after people are locations and stay.

Overlapping spans become one span (the union, with the kind of the widest); spans of the same
kind separated only by spaces, and touching spans, are merged. Every regular expression is
compiled once at import; the same input always gives the same output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from participa.lib.redaction import detectors, people
from participa.lib.redaction._text import fold

DEFAULT_PLACEHOLDERS = {"ro": "=anonimizat=", "pl": "[dane usunięte]", "en": "[redacted]"}
KINDS = ("email", "phone", "national_id", "iban", "address", "url", "name")

# When two detections overlap with the same width, the more specific kind wins.
_PRIORITY = {kind: rank for rank, kind in enumerate(
    ("national_id", "iban", "email", "url", "phone", "address", "name"))}


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Redaction:
    text: str
    spans: tuple[Span, ...]


def _merge(text: str, found: list[tuple[int, int, str]]) -> list[Span]:
    # Phones are dropped where a checksum-validated number (CNP, PESEL, IBAN) was found.
    strong = [(s, e) for s, e, kind in found if kind in ("national_id", "iban", "email", "url")]
    items = sorted(
        (item for item in found
         if item[1] > item[0] and not (
             item[2] in ("phone", "name")
             and any(s < item[1] and item[0] < e for s, e in strong))),
        key=lambda item: (item[0], -(item[1] - item[0]), _PRIORITY.get(item[2], 99)),
    )
    merged: list[list[object]] = []  # [start, end, kind, width of the kind's span]
    for start, end, kind in items:
        if merged:
            last = merged[-1]
            last_end = int(last[1])  # type: ignore[call-overload]
            gap = text[last_end:start]
            touching = start <= last_end
            same_kind_spaced = kind == last[2] and start > last_end and gap.strip(" \t") == ""
            if touching or same_kind_spaced:
                width = end - start
                if width > int(last[3]):  # type: ignore[call-overload]
                    last[2], last[3] = kind, width
                last[1] = max(last_end, end)
                continue
        merged.append([start, end, kind, end - start])
    return [Span(int(s), int(e), str(k)) for s, e, k, _w in merged]  # type: ignore[call-overload]


def find(text: str, *, lang: str, names: Sequence[str] = (), officials: Sequence[str] = (),
         keep_officials: bool = True) -> list[Span]:
    """Every piece of personal data in ``text``, sorted, without overlaps.

    ``names`` are the contributor's own names (always removed). ``officials`` are names of
    public officials acting in office (the mayor, councillors, the consultation's contact
    person); with ``keep_officials`` they and the names right after an office ("primarul X",
    "Prezydent Miasta X", "Councillor X") stay, as the cities' published tables keep them.
    """
    if not text:
        return []
    found = detectors.find_emails(text)
    found += detectors.find_urls(text)
    found += detectors.find_national_ids(text)
    found += detectors.find_ibans(text)
    found += detectors.find_phones(text, lang)
    found += detectors.find_addresses(text, lang)
    found += people.find_names(text, names, fold(text), lang=lang, officials=officials,
                               keep_officials=keep_officials)
    return _merge(text, found)


def apply(text: str, spans: Sequence[Span], *, placeholder: str) -> str:
    """Replace each span by ``placeholder``; spans overlapping an earlier one are skipped."""
    out: list[str] = []
    last = 0
    for span in sorted(spans):
        if span.start < last:
            if span.end > last:  # a partial overlap: replace the rest too
                last = span.end
            continue
        out.append(text[last:span.start])
        out.append(placeholder)
        last = span.end
    out.append(text[last:])
    return "".join(out)


def redact(text: str, *, lang: str, names: Sequence[str] = (),
           placeholder: str | None = None, officials: Sequence[str] = (),
           keep_officials: bool = True) -> Redaction:
    spans = find(text, lang=lang, names=names, officials=officials,
                 keep_officials=keep_officials)
    used = placeholder if placeholder is not None else DEFAULT_PLACEHOLDERS.get(lang, "[redacted]")
    return Redaction(apply(text, spans, placeholder=used), tuple(spans))
