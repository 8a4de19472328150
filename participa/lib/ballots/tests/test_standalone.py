"""The voting library stays in the bottom layer: the standard library, PyNaCl, NumPy (through
the counting library) and participa.lib.pb only — also inside functions — so that the
commission's offline tool runs without Django or a database."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import participa.lib.ballots as ballots

PACKAGE = Path(__file__).resolve().parents[1]
NAME = "participa.lib.ballots"
ALLOWED = ("nacl", "numpy", "participa.lib.pb", NAME)


def _modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py")
                  if "tests" not in path.relative_to(PACKAGE).parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                found.append((node.lineno, f"{NAME}.{node.module}" if node.module else NAME))
            else:
                found.append((node.lineno, node.module or ""))
    return found


def _allowed(module: str) -> bool:
    return module.split(".")[0] in sys.stdlib_module_names or any(
        module == name or module.startswith(f"{name}.") for name in ALLOWED)


def test_it_walks_every_module_of_the_package():
    assert {path.name for path in _modules()} == {
        "__init__.py", "__main__.py", "fraud.py", "methods.py", "pabulib_export.py",
        "receipts.py", "sealing.py"}


def test_it_imports_nothing_but_the_standard_library_pynacl_and_the_counting_library():
    outside = [f"{path.name}:{line}: {module}" for path in _modules()
               for line, module in _imports(path) if not _allowed(module)]
    assert outside == []
    assert not _allowed("django.db") and not _allowed("participa.core")


def test_it_exports_every_public_name_it_lists():
    assert all(hasattr(ballots, name) for name in ballots.__all__)
    assert len(ballots.__all__) == 30
