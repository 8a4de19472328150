from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from participa.lib.ballots.__main__ import PRIVATE_FILE, PUBLIC_FILE, run
from participa.lib.ballots.sealing import (
    PAYLOAD_SIZE,
    SEALED_SIZE,
    SealingError,
    VoterLink,
    generate_keypair,
    key_fingerprint,
    link_payload,
    new_link,
    parse_link,
    public_key_of,
    seal,
    seal_link,
    sealed_from_text,
    sealed_to_text,
    unseal,
    unseal_link,
)

ROOT = Path(__file__).resolve().parents[4]


def test_it_opens_a_sealed_payload_only_with_the_private_key():
    public, private = generate_keypair()
    sealed = seal(public, b"ballot 42")
    assert unseal(private, sealed) == b"ballot 42"
    _, other_private = generate_keypair()
    with pytest.raises(SealingError, match="cannot be opened"):
        unseal(other_private, sealed)


def test_it_refuses_an_altered_sealed_box():
    public, private = generate_keypair()
    sealed = bytearray(seal(public, b"ballot 42"))
    sealed[-1] ^= 1
    with pytest.raises(SealingError, match="cannot be opened"):
        unseal(private, bytes(sealed))


def test_it_makes_32_byte_keys_in_base64_and_a_matching_public_half():
    public, private = generate_keypair()
    assert len(base64.b64decode(public)) == len(base64.b64decode(private)) == 32
    assert public != private
    assert public_key_of(private) == public
    assert len(key_fingerprint(public)) == 16
    assert key_fingerprint(public) != key_fingerprint(generate_keypair()[0])


@pytest.mark.parametrize("key", ["not base64!", base64.b64encode(b"short").decode(), ""])
def test_it_refuses_malformed_keys(key):
    with pytest.raises(SealingError, match="key"):
        seal(key, b"x")
    with pytest.raises(SealingError, match="key"):
        unseal(key, b"x" * 100)


def test_it_seals_the_same_link_to_different_bytes_each_time():
    public, private = generate_keypair()
    link = new_link(17, "b-204")
    first, second = seal_link(public, link), seal_link(public, link)
    assert first != second
    assert unseal_link(private, first) == unseal_link(private, second) == link


def test_it_seals_every_link_to_the_same_length():
    public, _ = generate_keypair()
    short = seal_link(public, new_link(1, 2))
    long = seal_link(public, new_link("e" * 60, "b" * 60))
    assert len(short) == len(long) == SEALED_SIZE


def test_it_writes_a_versioned_padded_payload_and_reads_it_back():
    link = VoterLink("41", "9001", "00ff")
    payload = link_payload(link)
    assert len(payload) == PAYLOAD_SIZE
    assert json.loads(payload) == {"v": 1, "eligibility_id": "41", "ballot_id": "9001",
                                   "nonce": "00ff"}
    assert parse_link(payload) == link


def test_it_gives_every_link_a_fresh_nonce():
    assert new_link(1, 2).nonce != new_link(1, 2).nonce
    assert len(new_link(1, 2).nonce) == 32


def test_it_refuses_ids_too_long_for_the_payload():
    with pytest.raises(ValueError, match="too long"):
        link_payload(new_link("x" * 200, "y"))


@pytest.mark.parametrize("payload", [
    b'{"v":2,"eligibility_id":"1","ballot_id":"2","nonce":"3"}',
    b'{"v":1,"eligibility_id":1,"ballot_id":"2","nonce":"3"}',
    b'{"v":1,"ballot_id":"2","nonce":"3"}',
    b"[1, 2]",
    b"\xff\xfe",
])
def test_it_refuses_a_payload_that_is_not_a_link(payload):
    with pytest.raises(SealingError):
        parse_link(payload)


def test_it_reads_a_sealed_link_back_from_base64_text():
    public, _ = generate_keypair()
    sealed = seal_link(public, new_link(3, 4))
    assert sealed_from_text(sealed_to_text(sealed) + "\n") == sealed
    with pytest.raises(SealingError):
        sealed_from_text("%%%")


# -- the commission's tool ------------------------------------------------------------------


def test_it_writes_a_key_pair_with_a_private_file_only_its_owner_reads(tmp_path, capsys):
    assert run(["keygen", "--out", str(tmp_path / "keys")]) == 0
    private_file = tmp_path / "keys" / PRIVATE_FILE
    public_file = tmp_path / "keys" / PUBLIC_FILE
    assert stat.S_IMODE(os.stat(private_file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(public_file).st_mode) == 0o644
    public = public_file.read_text().strip()
    assert public_key_of(private_file.read_text()) == public
    assert f"fingerprint: {key_fingerprint(public)}" in capsys.readouterr().out


def test_it_never_overwrites_an_existing_key(tmp_path, capsys):
    assert run(["keygen", "--out", str(tmp_path)]) == 0
    before = (tmp_path / PRIVATE_FILE).read_bytes()
    capsys.readouterr()
    assert run(["keygen", "--out", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / PRIVATE_FILE).read_bytes() == before


def test_it_unseals_a_link_given_as_base64_text(tmp_path, capsys):
    run(["keygen", "--out", str(tmp_path)])
    public = (tmp_path / PUBLIC_FILE).read_text()
    sealed = sealed_to_text(seal_link(public, new_link(1207, 55031)))
    capsys.readouterr()
    assert run(["unseal", "--key", str(tmp_path / PRIVATE_FILE), sealed]) == 0
    assert capsys.readouterr().out.splitlines() == ["eligibility_id: 1207",
                                                    "ballot_id:      55031"]


@pytest.mark.parametrize("as_text", [True, False])
def test_it_unseals_a_link_read_from_a_file(tmp_path, capsys, as_text):
    run(["keygen", "--out", str(tmp_path)])
    public = (tmp_path / PUBLIC_FILE).read_text()
    link = new_link("e-8", "b-9")
    sealed = seal_link(public, link)
    path = tmp_path / "disputed.link"
    if as_text:
        path.write_text(sealed_to_text(sealed) + "\n")
    else:
        path.write_bytes(sealed)
    capsys.readouterr()
    assert run(["unseal", "--key", str(tmp_path / PRIVATE_FILE), str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"v": 1, "eligibility_id": "e-8",
                                                   "ballot_id": "b-9", "nonce": link.nonce}


def test_it_says_so_when_the_key_is_not_the_election_key(tmp_path, capsys):
    run(["keygen", "--out", str(tmp_path / "a")])
    run(["keygen", "--out", str(tmp_path / "b")])
    public = (tmp_path / "a" / PUBLIC_FILE).read_text()
    sealed = sealed_to_text(seal_link(public, new_link(1, 2)))
    capsys.readouterr()
    assert run(["unseal", "--key", str(tmp_path / "b" / PRIVATE_FILE), sealed]) == 2
    assert capsys.readouterr().err.startswith("error: the link cannot be opened")
    assert run(["unseal", "--key", str(tmp_path / "missing.key"), sealed]) == 2
    assert "cannot read the private key" in capsys.readouterr().err


def test_it_runs_as_a_module(tmp_path):
    out = subprocess.run([sys.executable, "-m", "participa.lib.ballots", "keygen", "--out",
                          str(tmp_path)], capture_output=True, text=True, cwd=ROOT, check=False,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    assert (tmp_path / PRIVATE_FILE).exists()
