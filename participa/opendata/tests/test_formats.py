"""CSV / XLSX / JSON writing: safe against formula injection, readable by spreadsheets."""

from __future__ import annotations

import datetime
import io
import json

from openpyxl import load_workbook

from participa.opendata import formats

ROWS = [
    {"id": 1, "text": "=HYPERLINK(\"http://evil\")", "when": datetime.date(2026, 3, 1)},
    {"id": 2, "text": "+40 721", "when": datetime.datetime(2026, 3, 1, 10, 30,
                                                         tzinfo=datetime.UTC)},
    {"id": 3, "text": "-1+2", "extra": {"ro": "ședință"}},
    {"id": 4, "text": "@SUM(A1)"},
    {"id": 5, "text": "plain ș text"},
]


def test_it_prefixes_cells_that_spreadsheets_would_run_as_formulas():
    assert formats.safe_cell("=1+1") == "'=1+1"
    assert formats.safe_cell("+1") == "'+1"
    assert formats.safe_cell("-1") == "'-1"
    assert formats.safe_cell("@x") == "'@x"
    assert formats.safe_cell("\t=1") == "'\t=1"
    assert formats.safe_cell("a=1") == "a=1"


def test_it_writes_csv_in_utf8_with_a_byte_order_mark_and_iso_dates():
    content = formats.to_csv(formats.columns_of(ROWS), ROWS)
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0] == "id,text,when,extra"
    assert "'=HYPERLINK" in text and "'+40 721" in text and "'@SUM" in text
    assert "2026-03-01," in text and "2026-03-01T10:30:00+00:00" in text
    assert "ședință" in text and "plain ș text" in text


def test_it_writes_xlsx_that_opens_with_text_cells_defused():
    content = formats.to_xlsx(formats.columns_of(ROWS), ROWS, title="Pages: [all]")
    sheet = load_workbook(io.BytesIO(content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("id", "text", "when", "extra")
    assert values[1][0] == 1
    assert values[1][1] == "'=HYPERLINK(\"http://evil\")"
    assert values[1][2] == "2026-03-01"
    assert sheet.title == "Pages all"


def test_it_writes_json_with_iso_dates_and_nested_texts():
    data = json.loads(formats.to_json(ROWS))
    assert data[0]["when"] == "2026-03-01"
    assert data[2]["extra"] == {"ro": "ședință"}
    assert data[0]["text"].startswith("=")  # JSON is not run by spreadsheets: kept as written


def test_it_writes_xlsx_even_when_a_text_holds_control_characters():
    rows = [{"id": 1, "text": "bell\x07 and vertical\x0btab"}]
    sheet = load_workbook(io.BytesIO(formats.to_xlsx(["id", "text"], rows))).active
    assert list(sheet.iter_rows(values_only=True))[1] == (1, "bell and verticaltab")
