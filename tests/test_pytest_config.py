"""Plain ``pytest`` works in a fresh clone: no SECRET_KEY, DEBUG or settings module set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
TINY = "tests/test_pytest_config.py::test_it_runs_on_the_test_settings"


def test_it_runs_on_the_test_settings():
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "participa.settings_test"
    assert settings.SECRET_KEY


def test_plain_pytest_passes_without_any_environment():
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL",
             "PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST"}
    env = {name: value for name, value in os.environ.items() if name not in unset}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", TINY],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
