"""Writers of the synthesis report: a standalone accessible HTML file, a tagged PDF (PDF/UA-1),
an XLSX workbook and a CSV file, all fed the same rows chunk by chunk.

Each writer has ``add(rows)`` for a chunk of the table and ``finish()``; none keeps the table's
text in memory. The PDF lays out and writes each chunk as its own file (the contributions as
blocks, not a table), then joins the files into one tagged PDF (``reports.pdf_join``), so that its
memory stays bounded by one chunk whatever the number of contributions.
Call everything inside ``translation.override(report language)``.
"""

from __future__ import annotations

import csv
import datetime
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participa.components.consultations.report_data import (
    ReportData,
    ReportRow,
    flat_columns,
    iter_rows,
)
from participa.opendata.formats import safe_cell
from participa.reports.pdf import ChunkRenderer
from participa.reports.pdf_join import Bookmark, join_pdf_parts
from participa.reports.xlsx import DATETIME_FORMAT, Cell, XLSXBook

FORMATS: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
ALL_FORMATS = tuple(FORMATS)
SENTINEL = "<!--participa-report-rows-->"
PAGINATION_SENTINEL = "<!--participa-report-pagination-->"


def _css_string(text: str) -> str:
    """Text safe inside a CSS string in double quotes (the page margin boxes)."""
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
            .replace("<", "\\3c ").replace(">", "\\3e "))


def _context(data: ReportData, language: str, **extra: Any) -> dict[str, Any]:
    return {
        "data": data,
        "language": language,
        "built_iso": built_on(data).isoformat(timespec="seconds"),
        "pdf_header": _css_string(f"{data.title}: {data.consultation}"[:150]),
        "page_word": _css_string(_("Page")),
        **extra,
    }


def document_parts(data: ReportData, language: str) -> tuple[str, str]:
    """The standalone document split around the table's rows: (before, after)."""
    html = render_to_string("consultations/report_document.html",
                            _context(data, language, rows_placeholder=SENTINEL))
    before, _sep, after = html.partition(SENTINEL)
    return before, after


def rows_html(data: ReportData, rows: list[ReportRow]) -> str:
    return render_to_string("consultations/_report_rows.html", {
        "rows": rows, "columns": data.columns, "profile_pl": data.is_pl,
    })


def built_on(data: ReportData) -> datetime.datetime:
    """The report's build time in the current time zone (the organization's during a build)."""
    return timezone.localtime(data.generated_at)


def built_on_text(data: ReportData) -> str:
    """The build time as the HTML and PDF show it."""
    return date_format(built_on(data), "SHORT_DATETIME_FORMAT")


def row_values(row: ReportRow) -> list[Any]:
    """The row's cells in the XLSX and CSV files (see ``flat_columns``)."""
    return [row.number, row.article, row.type, row.channel, row.received_on,
            _("yes") if row.late else _("no"), row.author, row.signatories, row.text,
            (_("%(outcome)s (draft answer, not published)") % {"outcome": row.outcome})
            if row.answer_draft else row.outcome,
            row.justification]


class HTMLWriter:
    def __init__(self, data: ReportData, language: str, path: Path) -> None:
        self.data = data
        self.before, self.after = document_parts(data, language)
        self.file: IO[str] = path.open("w", encoding="utf-8")
        self.file.write(self.before)
        self.rows = 0

    def add(self, rows: list[ReportRow]) -> None:
        self.rows += len(rows)
        self.file.write(rows_html(self.data, rows))

    def finish(self) -> None:
        if not self.rows:
            self.file.write(rows_html(self.data, []))
        self.file.write(self.after)
        self.file.close()


class CSVWriter:
    """UTF-8 with a byte-order mark (for spreadsheet programs), formula-safe cells.

    The last column holds the report's build time (ISO 8601), the same on every row, so that
    the file alone says when its data was read.
    """

    def __init__(self, data: ReportData, path: Path) -> None:
        self.file: IO[str] = path.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file, lineterminator="\r\n")
        self.built = built_on(data).isoformat(timespec="seconds")
        self.writer.writerow([safe_cell(column) for column in flat_columns()]
                             + [safe_cell(_("Report built on"))])

    def add(self, rows: list[ReportRow]) -> None:
        self.writer.writerows([*(safe_cell(value) for value in row_values(row)), self.built]
                              for row in rows)

    def finish(self) -> None:
        self.file.close()


def _xlsx(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | datetime.date):
        return value
    return safe_cell(value)


class XLSXWriter:
    """The shared XLSX writer (write-only: rows go to a temporary file, not into memory)."""

    def __init__(self, data: ReportData, path: Path) -> None:
        self.data = data
        self.path = path
        # The file's own dates are the build time too.
        self.book = XLSXBook(title=f"{data.title}: {data.consultation}",
                             created=data.generated_at)
        self.sheet = self.book.sheet(_("Contributions"))
        self.sheet.freeze("A2")
        self.sheet.append([_xlsx(label) for label in flat_columns()], bold=True)

    def add(self, rows: list[ReportRow]) -> None:
        for row in rows:
            self.sheet.append([_xlsx(value) for value in row_values(row)])

    def finish(self) -> None:
        data = self.data
        stats = self.book.sheet(_("Statistics"))
        stats.append([_xlsx(_("Indicator")), _xlsx(_("Value"))])
        for label, value in [*data.header, *statistics_rows(data)]:
            stats.append([_xlsx(label), _xlsx(value)])
        built = Cell(built_on(data).replace(tzinfo=None), number_format=DATETIME_FORMAT)
        stats.append([_xlsx(_("Report built on")), built])
        debates = self.book.sheet(_("Public debates"))
        debates.append([_xlsx(label) for label in (_("Date"), _("Place"), _("Registered"),
                                                   _("Participants"), _("Minutes"),
                                                   _("Minutes file"))])
        for debate in data.debates:
            debates.append([_xlsx(debate["starts_at"].replace(tzinfo=None)),
                            _xlsx(debate["place"]), debate["registered"],
                            debate["participants"], _xlsx(debate["minutes_text"]),
                            _xlsx(debate["minutes_url"])])
        changes = self.book.sheet(_("Changes"))
        changes.append([_xlsx(label) for label in (_("Article"), _("Change"),
                                                   _("Contributions"), _("Note"))])
        for change in data.changes:
            changes.append([_xlsx(change["article"]), _xlsx(change["kind"]),
                            _xlsx(", ".join(change["contributions"])), _xlsx(change["note"])])
        self.book.save(self.path)


def statistics_rows(data: ReportData) -> list[tuple[str, Any]]:
    """The statistics as (label, value) pairs, for spreadsheets."""
    stats = data.stats
    rows: list[tuple[str, Any]] = [
        (_("Contributions received"), stats["total"]),
        (_("Distinct positions (a campaign counts once)"), stats["positions"]),
    ]
    rows += [(_("Received by channel: %(channel)s") % {"channel": label}, count)
             for label, count in stats["by_channel"]]
    rows += [(_("Received by type: %(type)s") % {"type": label}, count)
             for label, count in stats["by_type"]]
    rows += [(_("Outcome: %(outcome)s") % {"outcome": label}, count)
             for label, count in stats["by_outcome"]]
    rows += [
        (_("Positions without a published answer"), stats["unanswered"]),
        (_("Campaigns"), stats["campaigns"]),
        (_("Signatories of campaigns"), stats["signatories"]),
        (_("Late contributions"), stats["late"]),
        (_("Contributions not published (counted only)"), stats["hidden"]),
        (_("Public debates"), stats["debates"]),
        (_("Participants in public debates"), stats["participants"]),
        (_("Written requests for a public debate"), stats["requests"]),
        (_("Urgency procedure"), _("yes") if data.consultation.urgency else _("no")),
    ]
    if data.consultation.urgency:
        rows.append((_("Reason for the urgency procedure"), data.consultation.urgency_reason))
    return rows


PDF_ENTRIES_CLOSE = "</div></section></main></body></html>"


def pdf_document_parts(data: ReportData, language: str) -> tuple[str, str]:
    """The PDF's first document split around the contributions: (before, after)."""
    html = render_to_string("consultations/report_document.html",
                            _context(data, language, rows_placeholder=SENTINEL, pdf=True))
    before, _sep, after = html.partition(SENTINEL)
    return before, after


def pdf_labels(data: ReportData) -> dict[str, str]:
    """The table's column headings reused as the labels of each contribution in the PDF."""
    columns = data.columns
    return {"number": columns[0], "outcome": columns[-2], "justification": columns[-1],
            "author": "" if data.is_pl else columns[3]}


class PDFWriter:
    """A tagged PDF (PDF/UA-1): each contribution is a block (a heading, then paragraphs).

    A long table is slow to lay out in WeasyPrint (column widths are measured word by word on
    every page), so the PDF shows the contributions as blocks instead, in sections of one chunk.
    Each chunk is its own HTML document, laid out and written to its own PDF file at once, so
    that only one chunk's page layouts are ever in memory (WeasyPrint keeps every laid-out
    page of a document until it is written); its page numbering continues from the previous
    chunk. ``finish`` joins the files into one PDF with one structure tree and one outline
    (``reports.pdf_join.join_pdf_parts``).
    """

    def __init__(self, data: ReportData, language: str, path: Path) -> None:
        self.data = data
        self.language = language
        self.path = path
        self.before, self.after = pdf_document_parts(data, language)
        self.labels = pdf_labels(data)
        self.parts_dir = Path(tempfile.mkdtemp(prefix="pdf-parts-", dir=path.parent))
        self.parts: list[Path] = []
        self.bookmarks: list[Bookmark] = []
        self.page_count = 0
        self.pending: list[ReportRow] | None = None
        # One font configuration for every chunk: the fonts are loaded once.
        self.renderer = ChunkRenderer()

    def _render(self, html: str) -> None:
        part = self.parts_dir / f"part-{len(self.parts):05d}.pdf"
        chunk = self.renderer.render(html, part)
        self.bookmarks.extend(chunk.bookmarks)
        self.page_count += chunk.pages
        self.parts.append(part)

    def _chunk_document(self, rows: list[ReportRow], *, last: bool) -> str:
        body = render_to_string("consultations/_report_pdf_rows.html",
                                {"rows": rows, "labels": self.labels})
        if not self.parts:
            start = self.before
        else:
            start = render_to_string("consultations/_report_pdf_head.html",
                                     _context(self.data, self.language,
                                              first_page=self.page_count + 1))
            start += '<section><div class="report-entries">'
        end = self.after if last else PDF_ENTRIES_CLOSE
        return start + body + end

    def add(self, rows: list[ReportRow]) -> None:
        # One chunk is held back so that the last one carries the end of the document.
        if self.pending is not None:
            self._render(self._chunk_document(self.pending, last=False))
        self.pending = rows

    def finish(self) -> None:
        try:
            self._render(self._chunk_document(self.pending or [], last=True))
            join_pdf_parts(self.parts, self.bookmarks, self.path)
        finally:
            self.release()

    def release(self) -> None:
        """Remove the chunks' files (also when the build fails)."""
        self.renderer.release()
        self.pending = None
        shutil.rmtree(self.parts_dir, ignore_errors=True)


def page_fragments(data: ReportData, language: str) -> dict[str, str]:
    """The report's body on the public page, around the table's rows and its pagination:
    ``head`` (up to the first row), ``table_end`` (closes the table), ``tail`` (the rest),
    and the report's ``title``."""
    html = render_to_string("consultations/_report_body.html",
                            _context(data, language, rows_placeholder=SENTINEL,
                                     pagination_placeholder=PAGINATION_SENTINEL))
    head, _sep, rest = html.partition(SENTINEL)
    table_end, _sep, tail = rest.partition(PAGINATION_SENTINEL)
    return {"title": data.title, "head": head, "table_end": table_end, "tail": tail}


StoredPage = tuple[int, int, str]  # (number from 1, rows, HTML of the rows)


class PagesWriter:
    """The table of the public page in pages of ``page_size`` rows, rendered once at build
    time and handed to ``store`` a few pages at a time (never the whole table in memory)."""

    BATCH = 20

    def __init__(self, data: ReportData, *, page_size: int,
                 store: Callable[[list[StoredPage]], None]) -> None:
        self.data = data
        self.page_size = page_size
        self.store = store
        self.rows: list[ReportRow] = []
        self.batch: list[StoredPage] = []
        self.number = 0

    def _page(self, rows: list[ReportRow]) -> None:
        self.number += 1
        self.batch.append((self.number, len(rows), rows_html(self.data, rows)))
        if len(self.batch) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.batch:
            self.store(self.batch)
            self.batch = []

    def add(self, rows: list[ReportRow]) -> None:
        self.rows.extend(rows)
        while len(self.rows) >= self.page_size:
            self._page(self.rows[:self.page_size])
            del self.rows[:self.page_size]

    def finish(self) -> None:
        if self.rows or self.number == 0:  # an empty table still has its page (its message)
            self._page(self.rows)
            self.rows = []
        self._flush()


def open_writers(data: ReportData, language: str, directory: Path,
                 formats: Iterable[str] = ALL_FORMATS) -> dict[str, Any]:
    writers: dict[str, Any] = {}
    for fmt in formats:
        path = directory / f"report.{fmt}"
        if fmt == "html":
            writers[fmt] = HTMLWriter(data, language, path)
        elif fmt == "csv":
            writers[fmt] = CSVWriter(data, path)
        elif fmt == "xlsx":
            writers[fmt] = XLSXWriter(data, path)
        elif fmt == "pdf":
            writers[fmt] = PDFWriter(data, language, path)
        else:
            raise ValueError(f"Unknown report format {fmt!r}")
    return writers


def write_report(data: ReportData, language: str, directory: Path, *,
                 formats: Iterable[str] = ALL_FORMATS, chunk_size: int = 500,
                 progress: Any = None, pages: PagesWriter | None = None) -> dict[str, Path]:
    """Write the report files into ``directory`` (and the public page's table into ``pages``);
    ``progress(rows_done)`` after every chunk."""
    files = open_writers(data, language, directory, formats)
    writers: dict[str, Any] = {**files, **({"pages": pages} if pages is not None else {})}
    try:
        done = 0
        for rows in iter_rows(data.consultation, published_only=data.published_only,
                              chunk_size=chunk_size):
            for writer in writers.values():
                writer.add(rows)
            done += len(rows)
            if progress is not None:
                progress(done)
        for writer in writers.values():
            writer.finish()
    except BaseException:
        for writer in writers.values():
            if isinstance(writer, PDFWriter):
                writer.release()
        raise
    return {fmt: directory / f"report.{fmt}" for fmt in files}
