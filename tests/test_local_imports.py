"""Imports belong at the top of a module, where import-linter and the reader see them. An import
inside a function stays only with a reason: a comment right above it (or above the run of
imports it starts) beginning with ``# Local import:`` (app registry timing in ``ready()``, a
large library loaded only when needed, a cycle still to break)."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "participa"
MARKER = "# Local import:"
SKIPPED_FOLDERS = {"tests", "migrations", "__pycache__"}

Import = ast.Import | ast.ImportFrom


def _sources() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py")
                  if not SKIPPED_FOLDERS & set(path.relative_to(PACKAGE).parts)
                  and path.name != "conftest.py")


def _statement_lists(node: ast.AST) -> Iterator[list[ast.stmt]]:
    for name in ("body", "orelse", "finalbody"):
        statements = getattr(node, name, None)
        if isinstance(statements, list) and statements and isinstance(statements[0], ast.stmt):
            yield statements
    for handler in getattr(node, "handlers", []):
        yield handler.body
    for case in getattr(node, "cases", []):
        yield case.body


def _local_imports(tree: ast.Module) -> Iterator[tuple[Import, Import]]:
    """Every import inside a function, with the first import of the run it belongs to."""

    def walk(statements: Sequence[ast.stmt], in_function: bool) -> Iterator[tuple[Import, Import]]:
        first: Import | None = None
        for statement in statements:
            if isinstance(statement, ast.Import | ast.ImportFrom):
                first = first or statement
                if in_function:
                    yield statement, first
                continue
            first = None
            inner = in_function or isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef)
            for block in _statement_lists(statement):
                yield from walk(block, inner)

    yield from walk(tree.body, False)


def _documented(lines: list[str], first: Import) -> bool:
    """The comment block right above the run's first import starts with the marker."""
    index = first.lineno - 2
    top = None
    while index >= 0 and lines[index].strip().startswith("#"):
        top = lines[index].strip()
        index -= 1
    return top is not None and top.startswith(MARKER)


def undocumented_local_imports(paths: Sequence[Path]) -> list[str]:
    found = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for node, first in _local_imports(ast.parse(source)):
            if not _documented(lines, first):
                found.append(f"{name}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return found


def test_it_finds_no_import_inside_a_function_without_a_reason() -> None:
    assert undocumented_local_imports(_sources()) == []


def test_it_refuses_an_undocumented_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "participa_sample.py"
    module.write_text(
        "import os\n\n\n"
        "def documented():\n"
        "    # Local import: a large library, loaded only when needed\n"
        "    # (the reason may go on).\n"
        "    import json\n"
        "    import csv\n\n"
        "    return json, csv\n\n\n"
        "def bare():\n"
        "    if os:\n"
        "        # a comment that gives no reason\n"
        "        from pathlib import Path\n"
        "        return Path\n\n\n"
        "class Config:\n"
        "    def ready(self):\n"
        "        import re\n"
        "        return re\n",
        encoding="utf-8",
    )
    found = undocumented_local_imports([module])
    assert [line.split(": ", 1)[1] for line in found] == [
        "from pathlib import Path",
        "import re",
    ]
    assert [int(line.split(": ", 1)[0].rsplit(":", 1)[1]) for line in found] == [16, 22]
