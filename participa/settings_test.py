"""Settings of the test suite: the production settings with a test-only secret key.

``pytest`` uses this module (``[tool.pytest.ini_options]`` in pyproject.toml), so plain
``pytest`` works in a fresh clone with no environment. Every variable set in the environment
still wins (``make test`` sets its own; ``DATABASE_URL`` selects PostgreSQL as everywhere).
"""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")

from participa.settings import *  # noqa: F403
