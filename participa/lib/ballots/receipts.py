"""Receipt codes that only the voter holds (no Django imports).

A receipt looks like ``7KQ3-M9XD-2PTV-H8RA-6WNC``: five groups of four characters of Crockford's
base32 alphabet (digits and capital letters without I, L, O and U), 19 random characters
(95 bits of entropy) and a check character. The check character is Luhn mod 32, which detects
every single mistyped character and most swaps of two neighbouring characters.

The code is shown to the voter once; the application stores only
:func:`receipt_digest` (an HMAC-SHA256 under a server secret), so a database reader cannot
turn stored digests back into codes. What the voter types is read back with
:func:`normalise_receipt`: any case, dashes and spaces, ``O`` as ``0`` and ``I``/``L`` as ``1``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {char: value for value, char in enumerate(ALPHABET)}
DATA_LENGTH = 19
LENGTH = DATA_LENGTH + 1
GROUP = 4
ENTROPY_BITS = DATA_LENGTH * 5
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", "- _\t\n\r\u00a0\u2010\u2011\u2012\u2013\u2014")


def check_character(data: str) -> str:
    """The Luhn mod 32 check character of a string of the alphabet."""
    total = 0
    factor = 2
    for char in reversed(data):
        addend = factor * _VALUE[char]
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


def format_receipt(compact: str) -> str:
    """``7KQ3M9XD...`` as ``7KQ3-M9XD-...`` (groups of four)."""
    return "-".join(compact[k:k + GROUP] for k in range(0, len(compact), GROUP))


def new_receipt() -> str:
    """A new random receipt code, formatted with dashes."""
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
    return format_receipt(data + check_character(data))


def normalise_receipt(code: str) -> str:
    """The compact canonical form of what a voter typed (it may still be malformed)."""
    return code.translate(_SEPARATORS).upper().translate(_READ_AS)


def is_well_formed(code: str) -> bool:
    """Whether ``code`` (as typed) is a receipt: right length, alphabet and check character."""
    compact = normalise_receipt(code)
    if len(compact) != LENGTH or any(char not in _VALUE for char in compact):
        return False
    return check_character(compact[:-1]) == compact[-1]


def receipt_digest(secret_key: bytes, receipt: str) -> str:
    """HMAC-SHA256 (hexadecimal) of the normalised receipt: what is stored instead of the code.
    Raises ``ValueError`` for a code that is not well formed."""
    if not secret_key:
        raise ValueError("the receipt secret key is empty")
    if not is_well_formed(receipt):
        raise ValueError("not a well-formed receipt code")
    message = normalise_receipt(receipt).encode("ascii")
    return hmac.new(secret_key, message, hashlib.sha256).hexdigest()


def receipt_matches(secret_key: bytes, receipt: str, digest: str) -> bool:
    """Whether a typed receipt is the one whose digest was stored (constant-time compare)."""
    if not is_well_formed(receipt):
        return False
    return hmac.compare_digest(receipt_digest(secret_key, receipt), digest)
