"""Password rules of Participa beyond Django's: no password close to the public name.

The public name is shown next to everything a person writes, so it is the first thing an
attacker tries. Django's ``UserAttributeSimilarityValidator`` only compares similarity ratios,
which lets a name hide in a longer password ("Popescu" in "popescu-likes-2024"); this validator
also refuses a password that contains the name or a long part of it, after folding case,
diacritics and common character swaps (0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s).
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SWAPS = str.maketrans({"0": "o", "1": "i", "!": "i", "|": "i", "3": "e", "4": "a", "@": "a",
                        "5": "s", "$": "s", "7": "t", "8": "b", "ł": "l", "Ł": "l"})


def fold(value: str) -> str:
    """Lower case, no diacritics, common swaps undone, letters and digits only."""
    value = value.translate(_SWAPS)
    value = unicodedata.normalize("NFKD", value)
    value = "".join(char for char in value if not unicodedata.combining(char))
    return re.sub(r"[\W_]+", "", value.lower().translate(_SWAPS))


def name_parts(name: str) -> list[str]:
    return [fold(part) for part in re.split(r"[\W_]+", name) if part]


def too_close_to_name(password: str, name: str, *, max_similarity: float = 0.7,
                      min_part_length: int = 4) -> bool:
    """Whether ``password`` contains the name or a part of it (of at least
    ``min_part_length`` characters), or is as similar to the name or a part as Django's rule
    would refuse."""
    folded_password = fold(password)
    whole = fold(name)
    if not folded_password or not whole:
        return False
    candidates = [whole, *[part for part in name_parts(name) if len(part) >= 3]]
    for candidate in candidates:
        if len(candidate) >= min_part_length and candidate in folded_password:
            return True
        matcher = SequenceMatcher(a=folded_password, b=candidate)
        if matcher.quick_ratio() >= max_similarity and matcher.ratio() >= max_similarity:
            return True
    return False


class PublicNameSimilarityValidator:
    """Refuse passwords close to the person's public name (``display_name``)."""

    def __init__(self, max_similarity: float = 0.7, min_part_length: int = 4) -> None:
        self.max_similarity = max_similarity
        self.min_part_length = min_part_length

    def validate(self, password: str, user: Any = None) -> None:
        name = str(getattr(user, "display_name", "") or "")
        if name and too_close_to_name(password, name, max_similarity=self.max_similarity,
                                      min_part_length=self.min_part_length):
            raise ValidationError(
                _("The password is too close to your public name. Choose a password that "
                  "does not contain your name."),
                code="password_too_similar_to_public_name",
            )

    def get_help_text(self) -> str:
        return _("Your password can't contain your public name.")
