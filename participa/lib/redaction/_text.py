"""Text helpers shared by the detectors: length-preserving folding and character classes."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters outside Latin-1 that do not decompose to a base letter.
_SPECIAL = {"ł": "l", "Ł": "l", "ß": "s", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "æ": "a",
            "Æ": "a", "œ": "o", "Œ": "o", "\u0131": "i"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one character (offsets stay valid)."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in text)


def _letters(predicate: str) -> str:
    chars = [chr(code) for code in range(0x41, 0x250)
             if chr(code).isalpha() and getattr(chr(code), predicate)()]
    chars += [chr(code) for code in range(0x1E00, 0x1F00)
              if chr(code).isalpha() and getattr(chr(code), predicate)()]
    return "".join(chars).replace("-", "").replace("]", "").replace("\\", "").replace("^", "")


UPPER = _letters("isupper")
LOWER = _letters("islower")
