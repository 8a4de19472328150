"""Fixtures for the counting library: the shared Pabulib files and pabutools as oracle.

The files are found in ``$PABULIB_DIR``, by default ``<repo root>/../shared/data/pabulib``.
Without them the data tests are skipped with a visible reason, except in CI (``CI`` set) where
they fail. Tests marked ``oracle`` (and ``slow``) compare with pabutools, from the ``oracle``
extra (``pip install -e '.[dev,oracle]'``); the root ``conftest.py`` skips them without it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]


def pabulib_dir() -> Path:
    return Path(os.environ.get("PABULIB_DIR") or REPO.parent / "shared" / "data" / "pabulib")


def _missing(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def data_file(name: str) -> Path:
    path = pabulib_dir() / name
    if not path.exists():
        _missing(f"Pabulib file {name} not found in {pabulib_dir()} (set PABULIB_DIR)")
    return path


def require_data() -> None:
    """Skip (fail in CI) a test about the whole set of shared files when there are none."""
    directory = pabulib_dir()
    if not directory.is_dir() or not any(directory.glob("*.pb")):
        _missing(f"no Pabulib files in {directory} (set PABULIB_DIR)")


def all_files() -> list[str]:
    d = pabulib_dir()
    files = sorted(p.name for p in d.glob("*.pb")) if d.is_dir() else []
    return files or ["<no Pabulib files found>.pb"]


@pytest.fixture
def datafile():
    return data_file
