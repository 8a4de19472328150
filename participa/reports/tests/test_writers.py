"""The shared XLSX and PDF writers."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader

from participa.reports.pdf import ChunkRenderer, html_to_pdf
from participa.reports.pdf_join import join_pdf_parts
from participa.reports.xlsx import DATETIME_FORMAT, Cell, XLSXBook, sheet_title

BUILT = datetime.datetime(2026, 3, 4, 10, 30, tzinfo=datetime.UTC)


def test_it_writes_sheets_with_bold_headings_and_clean_text() -> None:
    book = XLSXBook(title="Raport: consultare")
    sheet = book.sheet("Contribuții [2026]?")
    sheet.set_widths({"A": 70})
    sheet.freeze("A2")
    sheet.append(["Număr", "Text"], bold=True)
    sheet.append([1, "Bună\x00 ziua\x07", True, Cell(BUILT.replace(tzinfo=None),
                                                      number_format=DATETIME_FORMAT)])
    workbook = load_workbook(io.BytesIO(book.to_bytes()))
    [worksheet] = workbook.worksheets
    assert worksheet.title == "Contribuții 2026"
    assert workbook.properties.title == "Raport: consultare"
    assert [cell.font.b for cell in worksheet[1]][:2] == [True, True]
    assert worksheet["A2"].font.b is False
    assert [cell.value for cell in worksheet[2]] == [
        1, "Bună ziua", True, datetime.datetime(2026, 3, 4, 10, 30)]
    assert worksheet["D2"].number_format == DATETIME_FORMAT
    assert worksheet.column_dimensions["A"].width == 70
    assert worksheet.freeze_panes == "A2"


def test_it_keeps_the_build_time_as_the_files_own_dates(tmp_path: Path) -> None:
    book = XLSXBook(created=BUILT)
    book.sheet("data").append(["x"])
    book.save(tmp_path / "report.xlsx")
    properties = load_workbook(tmp_path / "report.xlsx").properties
    assert (properties.created, properties.modified) == (datetime.datetime(2026, 3, 4, 10, 30),
                                                         datetime.datetime(2026, 3, 4, 10, 30))


def test_it_names_sheets_validly() -> None:
    assert sheet_title("a/b:c*d?e[f]g\\h") == "abcdefgh"
    assert sheet_title(" ?? ") == "data"
    assert sheet_title("x" * 40) == "x" * 31


DOCUMENT = ('<!doctype html><html lang="ro"><head><meta charset="utf-8"><title>Raport</title>'
            '</head><body><h1>Raport de sinteză</h1><p>{text}</p></body></html>')


def test_it_writes_a_tagged_pdf() -> None:
    content = html_to_pdf(DOCUMENT.format(text="Mulțumim pentru contribuții."))
    reader = PdfReader(io.BytesIO(content))
    assert "Mulțumim pentru contribuții." in reader.pages[0].extract_text()
    catalog: Any = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean object)
    assert catalog["/Lang"] == "ro"


def test_it_writes_chunks_and_joins_them_with_bookmarks(tmp_path: Path) -> None:
    renderer = ChunkRenderer()
    parts, bookmarks = [], []
    for index in range(2):
        part = tmp_path / f"part-{index}.pdf"
        chunk = renderer.render(DOCUMENT.format(text=f"Partea {index + 1}"), part)
        assert chunk.pages == 1
        bookmarks.extend(chunk.bookmarks)
        parts.append(part)
    assert [(mark.label, mark.page) for mark in bookmarks] == [
        ("Raport de sinteză", 0), ("Raport de sinteză", 1)]
    join_pdf_parts(parts, bookmarks, tmp_path / "report.pdf")
    reader = PdfReader(tmp_path / "report.pdf")
    assert [page.extract_text().strip().splitlines()[-1] for page in reader.pages] == [
        "Partea 1", "Partea 2"]
    outline: list[Any] = list(reader.outline)
    assert [item.title for item in outline] == ["Raport de sinteză", "Raport de sinteză"]
