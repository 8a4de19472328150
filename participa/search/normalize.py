"""Text normalisation for search: case and diacritics insensitive (Romanian, Polish, ...).

Pure Python, no Django: the same function prepares the index and the query on every database, so
"sedinta" finds "ședință" (and "şedinţă" with the old cedilla letters) and "zrodlo" finds
"źródło" on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not decompose into a base letter plus combining marks.
_SPECIAL = str.maketrans({
    "ł": "l", "Ł": "l",
    "đ": "d", "Đ": "d",
    "ø": "o", "Ø": "o",
    "ß": "ss",
    "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe",
    "\u0131": "i",  # dotless i
    "þ": "th", "Þ": "th",
    "ð": "d", "Ð": "d",
    "ħ": "h", "Ħ": "h",
    "ŧ": "t", "Ŧ": "t",
})

_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """Lower case, without diacritics, with runs of spaces collapsed.

    Idempotent: ``normalize(normalize(t)) == normalize(t)``.
    """
    if not text:
        return ""
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.casefold().translate(_SPECIAL)
    # casefold may produce new decomposable characters; repeat once to reach a fixed point.
    folded = unicodedata.normalize("NFKD", folded)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(folded.split())


def terms(query: str) -> list[str]:
    """The words of a query, normalised, in order, without duplicates."""
    return list(dict.fromkeys(_WORD.findall(normalize(query))))
