"""The counting library stands alone (participa/lib/pb/pyproject.toml, docs/recount.md).

A citizen installs it without the web application, so it may import nothing but the standard
library, NumPy and itself — also inside functions.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np

from .conftest import data_file

PACKAGE = Path(__file__).resolve().parents[1]
NAME = "participa.lib.pb"


def _modules() -> list[Path]:
    """Every module shipped: all but the tests (and a local build's copies)."""
    return sorted(path for path in PACKAGE.rglob("*.py")
                  if not {"tests", "build"} & set(path.relative_to(PACKAGE).parts))


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, relative ones resolved."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = NAME.rsplit(".", node.level - 1)[0] if node.level > 1 else NAME
                found.append((node.lineno, f"{base}.{node.module}" if node.module else base))
            else:
                found.append((node.lineno, node.module or ""))
    return found


def _allowed(module: str) -> bool:
    top = module.split(".")[0]
    return (top in sys.stdlib_module_names or top == "numpy"
            or module == NAME or module.startswith(f"{NAME}."))


def test_it_walks_every_module_of_the_package():
    names = {str(path.relative_to(PACKAGE)) for path in _modules()}
    assert {"__init__.py", "__main__.py", "model.py", "pabulib.py", "result.py", "rules.py",
            "stats.py"} <= names
    assert not any(name.startswith("tests") for name in names)


def test_it_imports_only_the_standard_library_numpy_and_itself():
    outside = [f"{path.name}:{line}: {module}"
               for path in _modules() for line, module in _imports(path)
               if not _allowed(module)]
    assert outside == []


def test_the_rule_refuses_an_outside_import():
    assert not _allowed("django.conf")
    assert not _allowed("participa.lib.similarity")
    assert not _allowed("pabutools.rules")
    assert _allowed("fractions") and _allowed("numpy.typing") and _allowed(f"{NAME}.rules")


def test_its_own_project_needs_numpy_only_and_ships_the_command():
    project = tomllib.loads((PACKAGE / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "participa-pb"
    assert project["project"]["dependencies"] == ["numpy>=1.26"]
    assert project["project"]["scripts"] == {"participa-pb": f"{NAME}.__main__:main"}
    assert project["tool"]["setuptools"]["packages"] == [NAME]
    assert project["tool"]["setuptools"]["package-dir"] == {NAME: "."}


def test_it_recounts_from_its_own_files_alone(tmp_path):
    """The installed layout (participa/lib/pb with no participa/__init__.py above it), run
    without site packages: only NumPy's folder is on the path besides the copy."""
    path = data_file("Netherlands_Assen_2024.pb")
    shutil.copytree(PACKAGE, tmp_path / "participa" / "lib" / "pb",
                    ignore=shutil.ignore_patterns("tests", "__pycache__", "build", "*.egg-info"))
    numpy_parent = str(Path(np.__file__).resolve().parents[1])
    env = {"PATH": os.environ.get("PATH", ""),
           "PYTHONPATH": f"{tmp_path}{os.pathsep}{numpy_parent}"}
    result = subprocess.run(
        [sys.executable, "-S", "-c",
         "import runpy, sys, participa.lib.pb as pb; print(pb.__file__, file=sys.stderr); "
         "sys.argv = ['participa-pb', 'verify', sys.argv[1]]; "
         "runpy.run_module('participa.lib.pb', run_name='__main__')", str(path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == str(tmp_path / "participa" / "lib" / "pb" / "__init__.py")
    assert "MATCH: the recount selects the same 9 projects as the file" in result.stdout
    assert "sha256:  1161af741c23519f7d4de3d475f32b6a8c0e2b6471d5b7576c65c9776584c221" in (
        result.stdout)
