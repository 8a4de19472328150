"""Fixtures for the counting library: the shared Pabulib files and pabutools as oracle.

The files are found in ``$PABULIB_DIR``, by default ``<repo root>/../shared/data/pabulib``.
Without them the data tests are skipped with a visible reason, except in CI (``CI`` set) where
they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]


def pabulib_dir() -> Path:
    return Path(os.environ.get("PABULIB_DIR") or REPO.parent / "shared" / "data" / "pabulib")


def data_file(name: str) -> Path:
    path = pabulib_dir() / name
    if not path.exists():
        message = f"Pabulib file {name} not found in {pabulib_dir()} (set PABULIB_DIR)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def all_files() -> list[str]:
    d = pabulib_dir()
    files = sorted(p.name for p in d.glob("*.pb")) if d.is_dir() else []
    return files or ["<no Pabulib files found>.pb"]


@pytest.fixture
def datafile():
    return data_file
