"""The electoral commission's offline tool: ``python -m participa.lib.ballots COMMAND``.

* ``keygen --out DIR``: a new election key pair, written to ``DIR/election-public.key`` (give
  it to the application) and ``DIR/election-private.key`` (readable by its owner only; keep it
  offline). Existing key files are never overwritten.
* ``unseal --key PRIVATE_KEY_FILE SEALED``: open one sealed voter link, given as base64 text or
  as a file holding it (base64 text or raw bytes), and print the eligibility record and the
  ballot it links (``--json`` for machine-readable output).

Any problem is one line on standard error and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .sealing import (
    SealingError,
    generate_keypair,
    key_fingerprint,
    sealed_from_text,
    unseal_link,
)

PUBLIC_FILE = "election-public.key"
PRIVATE_FILE = "election-private.key"


class CliError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m participa.lib.ballots",
        description="The electoral commission's keys for the secrecy of the vote.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    keygen = sub.add_parser("keygen", help="make a new election key pair")
    keygen.add_argument("--out", required=True, help="folder to write the two key files to")
    unseal = sub.add_parser("unseal", help="open one sealed voter link")
    unseal.add_argument("--key", required=True, help="the election's private key file")
    unseal.add_argument("sealed", help="the sealed link: base64 text, or a file holding it")
    unseal.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def _write_new(path: Path, text: str, mode: int) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise CliError(f"{path} already exists: not overwriting a key") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text + "\n")
    os.chmod(path, mode)  # whatever the umask


def _keygen(out: str) -> int:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for name in (PUBLIC_FILE, PRIVATE_FILE):
        if (folder / name).exists():
            raise CliError(f"{folder / name} already exists: not overwriting a key")
    public, private = generate_keypair()
    _write_new(folder / PRIVATE_FILE, private, 0o600)
    _write_new(folder / PUBLIC_FILE, public, 0o644)
    print(f"public key:  {folder / PUBLIC_FILE}")
    print(f"private key: {folder / PRIVATE_FILE} (keep it offline)")
    print(f"fingerprint: {key_fingerprint(public)}")
    return 0


def _read_sealed(value: str) -> bytes:
    path = Path(value)
    if len(value) < 4096 and path.is_file():
        data = path.read_bytes()
        try:
            return sealed_from_text(data.decode("ascii"))
        except (UnicodeDecodeError, SealingError):
            return data
    return sealed_from_text(value)


def _unseal(key_file: str, sealed_arg: str, as_json: bool) -> int:
    try:
        private = Path(key_file).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{key_file}: cannot read the private key ({exc})") from None
    link = unseal_link(private, _read_sealed(sealed_arg))
    if as_json:
        print(json.dumps({"v": link.version, "eligibility_id": link.eligibility_id,
                          "ballot_id": link.ballot_id, "nonce": link.nonce}))
    else:
        print(f"eligibility_id: {link.eligibility_id}")
        print(f"ballot_id:      {link.ballot_id}")
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "keygen":
            return _keygen(args.out)
        return _unseal(args.key, args.sealed, args.json)
    except (CliError, SealingError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
