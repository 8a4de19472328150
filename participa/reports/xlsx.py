"""The one XLSX writer of the platform (openpyxl is imported here and nowhere else).

Workbooks are written in openpyxl's write-only mode: rows go to a temporary file, not into
memory, so a sheet of any length costs one row of memory. Text cells lose the control
characters that XLSX cannot hold; making a cell safe against formula injection is the
caller's business (``opendata.formats.safe_cell``), because only the caller knows which
values are text typed by people. Numbers, dates and booleans are written as they are.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def strip_illegal(text: str) -> str:
    """``text`` without the control characters an XLSX file cannot hold."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def sheet_title(title: str) -> str:
    """A valid sheet name: no ``[]:*?/\\``, at most 31 characters, never empty."""
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\").strip()
    return (cleaned or "data")[:31]


@dataclass(frozen=True)
class Cell:
    """A cell with a style: bold text, or a number format (e.g. ``DATETIME_FORMAT``)."""

    value: Any
    bold: bool = False
    number_format: str | None = None


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return strip_illegal(value)
    return value


class Sheet:
    def __init__(self, book: XLSXBook, title: str) -> None:
        self._sheet = book._workbook.create_sheet(sheet_title(title))
        self._bold = book._bold

    def set_widths(self, widths: Mapping[str, float]) -> None:
        """Column widths by letter (before the first row)."""
        for letter, width in widths.items():
            self._sheet.column_dimensions[letter].width = width

    def freeze(self, cell: str) -> None:
        """Keep the rows above and the columns left of ``cell`` in view (e.g. "A2")."""
        self._sheet.freeze_panes = cell

    def append(self, values: Iterable[Any], *, bold: bool = False) -> None:
        """One row; ``bold`` makes every cell of it bold (a heading row)."""
        row: list[Any] = []
        for value in values:
            if isinstance(value, Cell) or bold:
                spec = value if isinstance(value, Cell) else Cell(value, bold=True)
                cell = WriteOnlyCell(self._sheet, value=_value(spec.value))
                if spec.bold or bold:
                    cell.font = self._bold
                if spec.number_format:
                    cell.number_format = spec.number_format
                row.append(cell)
            else:
                row.append(_value(value))
        self._sheet.append(row)


class XLSXBook:
    """A workbook of write-only sheets.

    ``created``, when given, is the time the data was read: the file's own "created" and
    "modified" dates are that time (openpyxl would write "now" on save), so that the file
    alone says when its data was read.
    """

    def __init__(self, *, title: str = "", created: datetime.datetime | None = None) -> None:
        self._workbook = Workbook(write_only=True)
        self._bold = Font(bold=True)
        self._created = created
        if title:
            self._workbook.properties.title = title[:250]
        if created is not None:
            self._workbook.properties.language = None
            moment = created.astimezone(datetime.UTC).replace(tzinfo=None) \
                if created.tzinfo else created
            self._workbook.properties.created = moment
            self._workbook.properties.modified = moment

    def sheet(self, title: str) -> Sheet:
        return Sheet(self, title)

    def save(self, target: Path | IO[bytes]) -> None:
        if self._created is None:
            self._workbook.save(target)
            return
        # ``Workbook.save`` without its "modified = now" (the build time stays).
        destination = str(target) if isinstance(target, Path) else target
        with ZipFile(destination, "w", ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(self._workbook, archive).save()

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()
