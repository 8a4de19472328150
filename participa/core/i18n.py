"""Texts stored in several languages: a JSON object {language code: text}."""

from __future__ import annotations

from typing import Any

from django.utils import translation


def translated(value: Any, language: str | None = None, fallbacks: list[str] | None = None) -> str:
    """Pick the text in ``language``, else the first non-empty fallback, else any text."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    language = language or translation.get_language() or "en"
    order = [language, language.split("-")[0], *(fallbacks or [])]
    for code in order:
        text = value.get(code)
        if text:
            return str(text)
    for text in value.values():
        if text:
            return str(text)
    return ""
