"""What a production install pulls in: the base dependencies of pyproject.toml, walked through
the installed packages' metadata (extras excluded), must not bring scipy or the PB oracle."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _closure(requirements: list[str]) -> set[str]:
    """Canonical names of the requirements and of everything they need, without extras."""
    environment: dict[str, str] = {
        **{key: str(value) for key, value in default_environment().items()}, "extra": ""}
    seen: set[str] = set()
    queue = [Requirement(text) for text in requirements]
    while queue:
        requirement = queue.pop()
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        try:
            needs = metadata.requires(requirement.name) or []
        except metadata.PackageNotFoundError:
            continue
        wanted_extras = requirement.extras
        for text in needs:
            needed = Requirement(text)
            if needed.marker and not any(
                needed.marker.evaluate({**environment, "extra": extra})
                for extra in ("", *wanted_extras)
            ):
                continue
            queue.append(needed)
    return seen


def test_it_keeps_scipy_and_the_oracle_out_of_production_installs():
    production = _closure(_project()["dependencies"])
    assert "numpy" in production
    assert "django" in production
    for heavy in ("scipy", "datasketch", "pabutools", "gurobipy", "pulp", "gmpy2"):
        assert heavy not in production, heavy
