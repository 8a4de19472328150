"""Personal-data redaction for texts that will be published (no Django imports).

API (stable; other code depends on it):

    find(text, *, lang, names=()) -> list[Span]
    apply(text, spans, *, placeholder) -> str
    redact(text, *, lang, names=(), placeholder=None) -> Redaction
    DEFAULT_PLACEHOLDERS = {"ro": "=anonimizat=", "pl": "[dane usunięte]", "en": "[redacted]"}

Span kinds: "email", "phone", "national_id", "iban", "address", "url", "name".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_PLACEHOLDERS = {"ro": "=anonimizat=", "pl": "[dane usunięte]", "en": "[redacted]"}
KINDS = ("email", "phone", "national_id", "iban", "address", "url", "name")


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Redaction:
    text: str
    spans: tuple[Span, ...]


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def find(text: str, *, lang: str, names: Sequence[str] = ()) -> list[Span]:
    """Placeholder implementation (e-mails only) until the library lands."""
    return [Span(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]


def apply(text: str, spans: Sequence[Span], *, placeholder: str) -> str:
    out: list[str] = []
    last = 0
    for span in sorted(spans):
        if span.start < last:
            continue
        out.append(text[last:span.start])
        out.append(placeholder)
        last = span.end
    out.append(text[last:])
    return "".join(out)


def redact(text: str, *, lang: str, names: Sequence[str] = (),
           placeholder: str | None = None) -> Redaction:
    spans = find(text, lang=lang, names=names)
    used = placeholder if placeholder is not None else DEFAULT_PLACEHOLDERS.get(lang, "[redacted]")
    return Redaction(apply(text, spans, placeholder=used), tuple(spans))
