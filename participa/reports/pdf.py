"""The one PDF writer of the platform (WeasyPrint is imported here and nowhere else).

Every PDF is tagged PDF/UA-1 (accessible: structure, language, bookmarks). ``html_to_pdf``
writes a short document at once; ``ChunkRenderer`` writes a long one as several files, one
per chunk of HTML, so that only one chunk's page layouts are ever in memory (WeasyPrint
keeps every laid-out page of a document until it is written). The chunks are joined into one
tagged PDF by ``participa.reports.pdf_join``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydyf
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from participa.reports.pdf_join import Bookmark

CONTENT_TYPE = "application/pdf"
PDF_VARIANT = "pdf/ua-1"
# WeasyPrint's bookmark coordinates are CSS pixels from the page's top-left corner; a PDF
# destination is in points from the bottom-left corner.
PX_TO_PT = 0.75


def html_to_pdf(html: str) -> bytes:
    """A complete HTML document as a tagged PDF (PDF/UA-1)."""
    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT) or b""


def _cache_pdf_page_references() -> None:
    """Make pydyf's ``PDF.page_references`` cached instead of rebuilt on every call.

    pydyf (0.13) builds the tuple of all the pages' references each time, and WeasyPrint's
    tagging reads it once per structure element, so writing a tagged PDF took time growing with
    pages x elements (most of the time of a 2,000-page report; a chunk's file is smaller now,
    but still quadratic). The cache is kept while the pages list keeps its length, so what the
    property returns does not change. Installed once, and only over the original property (not
    if pydyf has changed it). (``gc.freeze()`` is no longer needed: no chunk's pages outlive
    its file, so the garbage collector never walks a heap growing with the report.)
    """
    current = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(current, property) or current.fget is None \
            or getattr(current.fget, "participa_cached", False):
        return
    original = current.fget

    def page_references(self: Any) -> Any:
        kids = self.pages["Kids"]
        key = (id(kids), len(kids))
        cached = self.__dict__.get("_participa_page_references")
        if cached is None or cached[0] != key:
            cached = (key, original(self))
            self.__dict__["_participa_page_references"] = cached
        return cached[1]

    page_references.participa_cached = True  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


@dataclass(frozen=True)
class RenderedChunk:
    pages: int
    bookmarks: list[Bookmark]


class ChunkRenderer:
    """Lays out HTML documents one after the other, each to its own tagged PDF file, with one
    font configuration (the fonts are loaded once). Bookmarks are numbered on from the pages
    of the chunks already written."""

    def __init__(self) -> None:
        self.font_config: Any = None
        self.page_count = 0

    def render(self, html: str, path: Path) -> RenderedChunk:
        if self.font_config is None:
            self.font_config = FontConfiguration()
        document = HTML(string=html).render(font_config=self.font_config,
                                            pdf_variant=PDF_VARIANT)
        bookmarks: list[Bookmark] = []
        for index, page in enumerate(document.pages):
            for level, label, (x, y), state in page.bookmarks:
                bookmarks.append(Bookmark(
                    level=level, label=label, page=self.page_count + index,
                    x=x * PX_TO_PT, y=(page.height - y) * PX_TO_PT, closed=state == "closed"))
        _cache_pdf_page_references()
        document.write_pdf(str(path), pdf_variant=PDF_VARIANT)
        self.page_count += len(document.pages)
        return RenderedChunk(pages=len(document.pages), bookmarks=bookmarks)

    def release(self) -> None:
        self.font_config = None
