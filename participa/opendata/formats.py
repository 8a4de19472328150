"""Turning rows (dicts) into CSV, XLSX and JSON files.

CSV is UTF-8 with a byte-order mark so that spreadsheet programs read the diacritics right, and
cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) are prefixed with an apostrophe. Dates and times are ISO 8601.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from participa.reports.xlsx import XLSXBook

FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def plain_value(value: Any) -> Any:
    """A JSON-ready value: dates as ISO text, decimals as text, nested data kept."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain_value(v) for v in value]
    return value


def cell_text(value: Any) -> str:
    """The text of one spreadsheet cell (None is empty; lists and dicts become JSON)."""
    value = plain_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def safe_cell(value: Any) -> str:
    """``cell_text`` defused against formula injection."""
    text = cell_text(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def columns_of(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every key of ``rows`` in order of first appearance."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(str(key), None)
    return list(seen)


def to_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(columns: Sequence[str], rows: Iterable[Mapping[str, Any]], *,
            title: str = "data") -> bytes:
    book = XLSXBook()
    sheet = book.sheet(title)
    sheet.append([safe_cell(c) for c in columns])
    for row in rows:
        values: list[Any] = []
        for column in columns:
            value = plain_value(row.get(column))
            if isinstance(value, bool | int | float) and not isinstance(value, str):
                values.append(value)
            else:
                values.append(safe_cell(value))
        sheet.append(values)
    return book.to_bytes()


def to_json(rows: Iterable[Mapping[str, Any]]) -> bytes:
    data = [plain_value(dict(row)) for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def render(fmt: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]], *,
           title: str = "data") -> bytes:
    if fmt == "csv":
        return to_csv(columns, rows)
    if fmt == "xlsx":
        return to_xlsx(columns, rows, title=title)
    if fmt == "json":
        return to_json(rows)
    raise ValueError(f"Unknown format {fmt!r}")
