"""Public, reproducible draws by lot (no Django imports).

Algorithm ``sha256-rank-v1``, the one a draw of citizen seats publishes so that anyone can
re-run it with nothing but Python's standard library:

1. The seed is the SHA-256 (hexadecimal, lower case) of the UTF-8 text
   ``committed_number + "|" + public_value``: a number published before applications open,
   joined with a public value nobody knew in advance (for example the first number drawn in a
   national lottery on a named day).
2. Each applicant's anonymous code gets the key SHA-256(``seed + "|" + code``), hexadecimal.
3. The codes are sorted by key (then by code, should two keys ever be equal); the first
   ``seats`` of that ranking are drawn.

The ranking depends only on the published inputs, never on the order the applications came
in. The same steps, as a few lines anyone can run, are in ``SNIPPET``.

API (stable; the public page of a draw shows these names):

    seed(committed_number, public_value) -> str
    key(seed, code) -> str
    ranking(committed_number, public_value, codes) -> list[str]     # the full ranking
    draw(committed_number, public_value, codes, seats) -> Result     # ranking and seats drawn
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

ALGORITHM = "sha256-rank-v1"

# What the public page prints for anyone to re-run the draw (standard library only).
SNIPPET = '''import hashlib

def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

committed_number = "{committed_number}"
public_value = "{public_value}"
codes = {codes}
seats = {seats}

seed = sha(committed_number + "|" + public_value)
ranking = sorted(codes, key=lambda code: (sha(seed + "|" + code), code))
print("seed:", seed)
print("drawn:", ranking[:seats])
'''


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed(committed_number: str, public_value: str) -> str:
    """The draw's seed: SHA-256 of ``committed_number|public_value`` (UTF-8, hexadecimal)."""
    return _sha256(f"{committed_number}|{public_value}")


def key(seed_value: str, code: str) -> str:
    """The sorting key of one applicant's code under ``seed_value``."""
    return _sha256(f"{seed_value}|{code}")


def ranking(committed_number: str, public_value: str, codes: Iterable[str]) -> list[str]:
    """Every code, first drawn first."""
    seed_value = seed(committed_number, public_value)
    unique = set(codes)
    return sorted(unique, key=lambda code: (key(seed_value, code), code))


@dataclass(frozen=True)
class Result:
    algorithm: str
    seed: str
    ranking: list[str]
    drawn: list[str]


def draw(committed_number: str, public_value: str, codes: Iterable[str],
         seats: int) -> Result:
    """Rank ``codes`` and draw the first ``seats`` (all of them when fewer applied)."""
    if seats < 1:
        raise ValueError("A draw has at least one seat.")
    ranked = ranking(committed_number, public_value, codes)
    return Result(algorithm=ALGORITHM, seed=seed(committed_number, public_value),
                  ranking=ranked, drawn=ranked[:seats])


def snippet(committed_number: str, public_value: str, codes: Iterable[str],
            seats: int) -> str:
    """The Python program that re-runs this draw, with its published inputs filled in."""
    return SNIPPET.format(committed_number=_quoted(committed_number),
                          public_value=_quoted(public_value),
                          codes=repr(sorted(set(codes))), seats=seats)


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
