"""The redaction library (``participa.lib.redaction``) applied with the organization's
placeholder and language, and redactions kept as JSON spans ``[start, end, kind]`` over an
original text (the stored form of a review, see ``participa.redaction.review``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from participa.core.redaction import placeholder_for as placeholder_for
from participa.lib import redaction as lib


def redact_for(org: Any, text: str, *, names: Sequence[str] = (),
               lang: str | None = None, officials: Sequence[str] = ()) -> lib.Redaction:
    """Redact ``text`` with the organization's language, placeholder and choice about the
    names of officials acting in office (``officials``: the consultation's contact person)."""
    lang = lang or org.default_language
    return lib.redact(text, lang=lang, names=[n for n in names if n and n.strip()],
                      placeholder=placeholder_for(org, lang),
                      officials=[n for n in officials if n and n.strip()],
                      keep_officials=getattr(org, "redaction_keep_officials", True))


def spans_to_json(spans: Sequence[lib.Span]) -> list[list[Any]]:
    return [[span.start, span.end, span.kind] for span in sorted(spans)]


def spans_from_json(data: Any) -> list[lib.Span]:
    return [lib.Span(int(start), int(end), str(kind)) for start, end, kind in (data or [])]


def apply_json(org: Any, text: str, data: Any, lang: str | None = None) -> str:
    return lib.apply(text, spans_from_json(data), placeholder=placeholder_for(org, lang))
