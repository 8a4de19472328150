"""Text normalisation for search: case and diacritics insensitive (Romanian, Polish, ...).

Pure Python, no Django: the same function prepares the index and the query on every database, so
"sedinta" finds "ședință" (and "şedinţă" with the old cedilla letters) and "zrodlo" finds
"źródło" on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterable
from typing import Any

import snowballstemmer

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


# --- Word forms (stemming) ------------------------------------------------------------------
#
# Both the index and the query go through ``word_forms``: every word is kept as written
# (normalised, for exact and prefix matches) and as its Snowball stem in each of the
# organisation's languages, computed from the word with and without its diacritics. A query
# word matches a document when one of its forms is one of the document's forms, so
# "parkowania" finds "parkowanie" (Polish stem "parkowan"), "parcarea" finds "parcare"
# (Romanian "parc"), "drzewa" finds "drzew" and "trees" finds "tree".

# Snowball algorithm per language code (only languages Snowball has).
STEMMER_ALGORITHMS = {
    "ro": "romanian", "pl": "polish", "en": "english", "hu": "hungarian", "de": "german",
    "fr": "french", "it": "italian", "es": "spanish", "pt": "portuguese", "nl": "dutch",
    "cs": "czech", "lt": "lithuanian", "sv": "swedish", "da": "danish", "fi": "finnish",
    "el": "greek", "et": "estonian", "ga": "irish", "no": "norwegian", "sr": "serbian",
}
# Old Romanian letters with a cedilla, as the comma-below letters the stemmer knows.
_CEDILLA = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})
# Letters and digits: no underscore, so a token is one word for FTS5 and for to_tsvector.
_LETTERS = re.compile(r"[^\W_]+")
_local = threading.local()


def stemming_languages(codes: Iterable[str]) -> tuple[str, ...]:
    """The codes of ``codes`` that have a stemmer, in a stable order (a cache key)."""
    return tuple(sorted({code for code in codes if code in STEMMER_ALGORITHMS}))


def _stemmer(language: str) -> Any:
    # Snowball stemmers keep state while they work: one per thread.
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMER_ALGORITHMS[language])
    return stemmers[language]


@functools.lru_cache(maxsize=100_000)
def word_forms(word: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The normalised word first, then its distinct stems in ``languages``."""
    surface = normalize(word)
    if not surface:
        return ()
    if surface.isdigit():  # numbers have no inflection
        return (surface,)
    lowered = unicodedata.normalize("NFC", word).casefold().translate(_CEDILLA)
    forms = dict.fromkeys([surface])
    for language in languages:
        stemmer = _stemmer(language)
        for candidate in dict.fromkeys((lowered, surface)):
            stem = normalize(stemmer.stemWord(candidate))
            if stem:
                forms[stem] = None
    return tuple(forms)


def words(text: str) -> list[str]:
    """The words of ``text`` as written (letters and digits), in order."""
    if not text:
        return []
    return _LETTERS.findall(unicodedata.normalize("NFC", text))


def index_tokens(text: str, languages: tuple[str, ...]) -> list[str]:
    """Every distinct form of every word of ``text``: what the index stores."""
    tokens: dict[str, None] = {}
    for word in words(text):
        for form in word_forms(word, languages):
            for token in _LETTERS.findall(form):
                tokens[token] = None
    return list(tokens)


def query_words(query: str) -> list[str]:
    """The words of a query as written, one per distinct normalised word, in order."""
    seen: dict[str, str] = {}
    for word in words(query):
        surface = normalize(word)
        if surface and _LETTERS.fullmatch(surface) and surface not in seen:
            seen[surface] = word
    return list(seen.values())
