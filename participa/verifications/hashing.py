"""Keyed hashes of identifiers: HMAC-SHA256 with a key from ``VERIFICATION_HASH_KEY`` (or,
when it is empty, derived from ``SECRET_KEY``). The organization is part of the message, so
the same ID number hashes differently in two organizations (no linking across them).
Changing the key makes every stored hash unusable: see docs/configuration.md."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from django.conf import settings


def _key() -> bytes:
    dedicated = str(getattr(settings, "VERIFICATION_HASH_KEY", "") or "")
    if dedicated:
        return dedicated.encode()
    return hmac.new(str(settings.SECRET_KEY).encode(), b"participa.verifications",
                    hashlib.sha256).digest()


def normalize(value: str) -> str:
    """Case, accents, punctuation and spacing do not change an identifier."""
    text = unicodedata.normalize("NFKD", value or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def identifier_hash(organization_id: int, kind: str, value: str) -> str:
    message = f"{organization_id}:{kind}:{normalize(value)}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()
