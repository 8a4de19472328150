"""Suite-wide collection rules for the two optional back ends of the tests.

- ``@pytest.mark.postgres`` tests need PostgreSQL (concurrency, full-text search). On SQLite they
  are skipped with a visible reason; with ``REQUIRE_POSTGRES=1`` (set by ``.ci/run``) a SQLite run
  is an error instead, so CI can never pass by skipping them.
- ``@pytest.mark.browser`` tests need a Chromium (``chromium`` on the PATH or ``CHROMIUM_PATH``).
  Without one they are skipped, or fail with ``REQUIRE_BROWSER=1`` (set by ``.ci/run``).
- ``@pytest.mark.oracle`` tests compare the PB counting with pabutools, installed by the ``oracle``
  extra (``pip install -e '.[dev,oracle]'``). Without it they are skipped, or fail with
  ``REQUIRE_ORACLE=1`` (set by ``.ci/run``, which installs the extra). They are also ``slow``:
  ``pytest -m "not slow"`` leaves them out.

Shared personas live in ``participa/conftest.py``; this file only decides what runs.
"""

from __future__ import annotations

import importlib
import os
import shutil

import pytest


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def chromium_path() -> str | None:
    """The Chromium binary the browser tests launch (Playwright's own download is not used)."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def has_oracle() -> bool:
    """Whether pabutools (the ``oracle`` extra) can be imported."""
    try:
        importlib.import_module("pabutools")
    except ImportError:
        return False
    return True


def database_vendor() -> str:
    from django.db import connection

    return connection.vendor


@pytest.hookimpl(trylast=True)  # after -m/-k deselection
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    postgres_items = [item for item in items if item.get_closest_marker("postgres")]
    browser_items = [item for item in items if item.get_closest_marker("browser")]

    if postgres_items and database_vendor() != "postgresql":
        if env_flag("REQUIRE_POSTGRES"):
            raise pytest.UsageError(
                "REQUIRE_POSTGRES is set but the tests run on "
                f"{database_vendor()}: set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/NAME."
            )
        skip = pytest.mark.skip(
            reason="needs PostgreSQL: set DATABASE_URL=postgres://... (bash .ci/run does)"
        )
        for item in postgres_items:
            item.add_marker(skip)

    if browser_items and chromium_path() is None:
        if env_flag("REQUIRE_BROWSER"):
            raise pytest.UsageError(
                "REQUIRE_BROWSER is set but no Chromium was found: install the system "
                "`chromium` package or set CHROMIUM_PATH."
            )
        skip = pytest.mark.skip(
            reason="needs Chromium: install `chromium` or set CHROMIUM_PATH (bash .ci/run does)"
        )
        for item in browser_items:
            item.add_marker(skip)

    oracle_items = [item for item in items if item.get_closest_marker("oracle")]
    if oracle_items and not has_oracle():
        if env_flag("REQUIRE_ORACLE"):
            raise pytest.UsageError(
                "REQUIRE_ORACLE is set but pabutools is not installed: "
                "pip install -c constraints.txt -e '.[dev,oracle]'."
            )
        skip = pytest.mark.skip(
            reason="needs pabutools: pip install -c constraints.txt -e '.[dev,oracle]' "
            "(bash .ci/run does)"
        )
        for item in oracle_items:
            item.add_marker(skip)
