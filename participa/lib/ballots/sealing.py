"""The sealed link between a voter's eligibility record and their ballot (PyNaCl sealed boxes).

Secrecy of the vote: the ballot is stored without the voter's identity. The one link between
the eligibility record (who voted) and the ballot (what was voted) is a :class:`VoterLink`
sealed with the election's public key. The electoral commission makes the key pair offline
(``python -m participa.lib.ballots keygen --out DIR``) and gives the application only the public
half, so no administrator, export or database reader can open a link. To annul one disputed
ballot the commission opens that one link offline
(``python -m participa.lib.ballots unseal --key election-private.key LINK``).

A sealed box (X25519 + XSalsa20-Poly1305 with a fresh ephemeral key per box) cannot be opened
or recognised without the private key: sealing the same link twice gives different bytes, so
nobody holding the public key can confirm a guess by sealing it again. Every payload is padded
to :data:`PAYLOAD_SIZE` bytes, so the sealed length tells nothing about the ids inside.

Keys travel as standard base64 text (44 characters for 32 bytes).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from dataclasses import dataclass

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

LINK_VERSION = 1
PAYLOAD_SIZE = 256
# the payload, the ephemeral public key (32 bytes) and the authentication tag (16 bytes)
SEALED_SIZE = PAYLOAD_SIZE + 32 + 16


class SealingError(ValueError):
    """A key or sealed link that cannot be used: malformed, or the wrong key."""


def _decode_key(key_b64: str | bytes, what: str) -> bytes:
    text = key_b64.decode("ascii", "replace") if isinstance(key_b64, bytes) else key_b64
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SealingError(f"the {what} key is not base64 text") from None
    if len(raw) != 32:
        raise SealingError(f"the {what} key must be 32 bytes, not {len(raw)}")
    return raw


def _encode(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def generate_keypair() -> tuple[str, str]:
    """A new election key pair ``(public_b64, private_b64)``. Run by the commission offline."""
    private = PrivateKey.generate()
    return _encode(bytes(private.public_key)), _encode(bytes(private))


def public_key_of(private_key_b64: str | bytes) -> str:
    """The public half of a private key (the commission checks its key matches the election)."""
    return _encode(bytes(PrivateKey(_decode_key(private_key_b64, "private")).public_key))


def key_fingerprint(public_key_b64: str | bytes) -> str:
    """A short public name of a public key (first 16 hex digits of its SHA-256), to print on
    the election page and compare with the commission's copy."""
    return hashlib.sha256(_decode_key(public_key_b64, "public")).hexdigest()[:16]


def seal(public_key_b64: str | bytes, payload: bytes) -> bytes:
    """``payload`` sealed for the holder of the private key."""
    box = SealedBox(PublicKey(_decode_key(public_key_b64, "public")))
    return bytes(box.encrypt(payload))


def unseal(private_key_b64: str | bytes, sealed: bytes) -> bytes:
    """The payload of a sealed box; :class:`SealingError` for the wrong key or altered bytes."""
    box = SealedBox(PrivateKey(_decode_key(private_key_b64, "private")))
    try:
        return bytes(box.decrypt(sealed))
    except CryptoError:
        raise SealingError("the link cannot be opened with this key (wrong key or altered)") \
            from None


@dataclass(frozen=True)
class VoterLink:
    """Which eligibility record cast which ballot. ``nonce`` is random per link."""

    eligibility_id: str
    ballot_id: str
    nonce: str
    version: int = LINK_VERSION


def new_link(eligibility_id: str | int, ballot_id: str | int) -> VoterLink:
    """A link with a fresh random nonce (128 bits, hexadecimal)."""
    return VoterLink(str(eligibility_id), str(ballot_id), secrets.token_hex(16))


def link_payload(link: VoterLink) -> bytes:
    """The versioned JSON of a link, padded with spaces to :data:`PAYLOAD_SIZE` bytes."""
    data = json.dumps({"v": link.version, "eligibility_id": link.eligibility_id,
                       "ballot_id": link.ballot_id, "nonce": link.nonce},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    if len(data) > PAYLOAD_SIZE:
        raise ValueError(f"the link is longer than {PAYLOAD_SIZE} bytes: ids are too long")
    return data.ljust(PAYLOAD_SIZE, b" ")


def parse_link(payload: bytes) -> VoterLink:
    """The link in a payload made by :func:`link_payload`; :class:`SealingError` otherwise."""
    try:
        data = json.loads(payload.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise SealingError("the payload is not a voter link") from None
    if not isinstance(data, dict) or data.get("v") != LINK_VERSION:
        version = data.get("v") if isinstance(data, dict) else None
        raise SealingError(f"unsupported voter link version {version!r}")
    fields = ("eligibility_id", "ballot_id", "nonce")
    if set(data) != {"v", *fields} or not all(isinstance(data[f], str) for f in fields):
        raise SealingError("the payload is not a voter link")
    return VoterLink(data["eligibility_id"], data["ballot_id"], data["nonce"], data["v"])


def seal_link(public_key_b64: str | bytes, link: VoterLink) -> bytes:
    """The sealed link the application stores (:data:`SEALED_SIZE` bytes)."""
    return seal(public_key_b64, link_payload(link))


def unseal_link(private_key_b64: str | bytes, sealed: bytes) -> VoterLink:
    return parse_link(unseal(private_key_b64, sealed))


def sealed_to_text(sealed: bytes) -> str:
    """A sealed link as base64 text, as exports and the commission's tool exchange it."""
    return _encode(sealed)


def sealed_from_text(text: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SealingError("the sealed link is not base64 text") from None
