"""openpyxl and WeasyPrint are imported by exactly one module each: every spreadsheet and
every PDF of the platform goes through ``participa.reports.xlsx`` and ``participa.reports.pdf``.

Tests may read the files back (``openpyxl.load_workbook``), so test modules are not counted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import participa

ROOT = Path(participa.__file__).resolve().parent
WRITERS = {
    "openpyxl": "reports/xlsx.py",
    "weasyprint": "reports/pdf.py",
}


def importers(library: str) -> list[str]:
    pattern = re.compile(rf"^\s*(?:import|from)\s+{library}\b", re.MULTILINE)
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or path.name.startswith("test_"):
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            found.append(relative)
    return found


@pytest.mark.parametrize("library", sorted(WRITERS))
def test_it_imports_each_writer_library_in_one_module(library: str) -> None:
    assert importers(library) == [WRITERS[library]]


def test_it_would_notice_a_second_importer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "xlsx.py").write_text("from openpyxl import Workbook\n")
    (tmp_path / "elsewhere.py").write_text("def f():\n    import openpyxl.styles\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("import openpyxl\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert importers("openpyxl") == ["elsewhere.py", "reports/xlsx.py"]
