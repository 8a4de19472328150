"""Polish morphology from ``morfeusz2`` (its SGJP dictionary tags given names, surnames and places
in every inflected form: "Grzegorza" is a form of the given name Grzegorz, "Walczaka" of the
surname Walczak, "Częstochowy" of a place).

The analyser is created at first use and shared read-only; calls are serialised by a lock, as
one analyser object is not meant to be used by two threads at once.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

GIVEN = "imię"
SURNAME = "nazwisko"
PLACE = "nazwa_geograficzna"
COMMON = "common"  # an ordinary word: a lower-case lemma without a proper-name label

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _analyser() -> Any | None:
    try:
        # Local import: morfeusz2 loads a large dictionary; only Polish redaction needs it.
        import morfeusz2
    except ImportError:  # pragma: no cover - morfeusz2 is a declared dependency
        return None
    return morfeusz2.Morfeusz(expand_tags=False)


def available() -> bool:
    return _analyser() is not None


@lru_cache(maxsize=65536)
def labels(word: str) -> frozenset[str]:
    """Proper-name labels of ``word`` (given name, surname, place), and ``common`` when it is
    also an ordinary word; empty when the dictionary does not know it."""
    analyser = _analyser()
    if analyser is None or not word:
        return frozenset()
    with _LOCK:
        analyses = analyser.analyse(word)
    found: set[str] = set()
    for _start, _end, (_form, lemma, tag, names, _qualifiers) in analyses:
        if tag == "ign":
            continue
        names = list(names or [])
        found.update(names)
        base = lemma.split(":", 1)[0]
        if (not names or "nazwa_pospolita" in names) and base[:1].islower():
            found.add(COMMON)
    return frozenset(found)
