"""Texts stored in several languages: a JSON object {language code: text}."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.utils import translation

# The languages a text falls back to when it is missing in the page's language: the serving
# organization's default language first, then its other languages. Set for each request by
# the organization middleware (a context variable: nothing is shared between requests).
_fallbacks: ContextVar[tuple[str, ...]] = ContextVar("participa_text_fallbacks", default=())


@contextmanager
def fallback_languages(languages: Iterable[str]) -> Iterator[None]:
    """Within the block, a text missing in the page's language is shown in the first of
    ``languages`` that has it (PostgreSQL's jsonb does not keep the order keys were written
    in, so "the first key" is not an order)."""
    token = _fallbacks.set(tuple(languages))
    try:
        yield
    finally:
        _fallbacks.reset(token)


def translated_with_language(value: Any, language: str | None = None,
                             fallbacks: list[str] | None = None) -> tuple[str, str]:
    """The text ``translated`` picks and the code of its language ("" when not known: a
    plain string)."""
    if not value:
        return "", ""
    if isinstance(value, str):
        return value, ""
    language = language or translation.get_language() or "en"
    order = [language, language.split("-")[0], *(fallbacks or []), *_fallbacks.get()]
    for code in order:
        text = value.get(code)
        if text:
            return str(text), code
    for code, text in value.items():
        if text:
            return str(text), str(code)
    return "", ""


def translated(value: Any, language: str | None = None, fallbacks: list[str] | None = None) -> str:
    """Pick the text in ``language``, else the first non-empty fallback, else any text."""
    return translated_with_language(value, language, fallbacks)[0]


def fallback_language(value: Any, language: str | None = None) -> str:
    """The language of the text shown for ``value`` when it is not ``language`` (the page's):
    what a ``lang`` attribute must say (WCAG 3.1.2); "" when the text is in the page's
    language or its language is not known."""
    language = language or translation.get_language() or "en"
    code = translated_with_language(value, language)[1]
    if not code or code.split("-")[0] == language.split("-")[0]:
        return ""
    return code
