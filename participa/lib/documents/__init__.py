"""Draft decisions read from DOCX, ODT, Markdown or plain text (no Django imports).

API (stable; other code depends on it):

    Unit(key, number, heading, body, level)        # level 0 heading, 1 article, 2 paragraph
    parse_markdown(text) -> list[Unit]
    parse_document(data: bytes, filename: str) -> list[Unit]   # .docx .odt .md .txt
    extract_text(data: bytes, filename: str) -> str            # .docx .odt .txt .md
    DocumentError(ValueError) with .code ("unsupported", "unreadable", "empty")
    SUPPORTED_EXTENSIONS: tuple[str, ...]

How the text is split into units and how keys are made from the document's own numbering
("Art. 3", "Articolul 3", "§ 2", "Capitolul I", "(1)", "alin. (2)", "ust. 2", "1.") is described
in :mod:`participa.lib.documents.splitting`. Keys are stable slugs (``preamble``, ``cap-1``,
``art-3``, ``art-3.2``, ``par-2``), unique within a document.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from .readers import decode_text, docx_blocks, markdown_blocks, odt_blocks
from .splitting import Block, split_blocks

SUPPORTED_EXTENSIONS = (".docx", ".odt", ".md", ".markdown", ".txt")


class DocumentError(ValueError):
    """``code``: "unsupported" (file type), "unreadable" (corrupt file), "empty" (no text)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code


@dataclass(frozen=True)
class Unit:
    key: str
    number: str
    heading: str
    body: str
    level: int = 1


def _units(blocks: list[Block]) -> list[Unit]:
    units = [Unit(key, number, heading, body, level)
             for key, number, heading, body, level in split_blocks(blocks)]
    if not any(u.body or u.heading or u.number for u in units):
        raise DocumentError("empty", "no text found")
    return units


def _extension(filename: str) -> str:
    name = filename.lower().rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""


def _blocks(data: bytes, filename: str) -> list[Block]:
    ext = _extension(filename)
    if ext not in SUPPORTED_EXTENSIONS:
        raise DocumentError("unsupported", f"unsupported file type {ext or filename!r}")
    if ext in (".md", ".markdown", ".txt"):
        return markdown_blocks(decode_text(data))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError("unreadable", "not a zip container")
    try:
        return docx_blocks(data) if ext == ".docx" else odt_blocks(data)
    except DocumentError:
        raise
    except Exception as exc:  # corrupt files raise anything: KeyError, XML errors, …
        raise DocumentError("unreadable", f"{type(exc).__name__}: {exc}") from exc


def parse_markdown(text: str) -> list[Unit]:
    """Units of a Markdown or plain-text draft; raises ``DocumentError("empty")``."""
    return _units(markdown_blocks(text))


def parse_document(data: bytes, filename: str) -> list[Unit]:
    """Units of a .docx, .odt, .md or .txt file, chosen by ``filename``'s extension."""
    return _units(_blocks(data, filename))


def extract_text(data: bytes, filename: str) -> str:
    """Plain text of a .docx, .odt, .md or .txt file, one paragraph a line.

    Text files come back as written (decoded, line endings normalised); DOCX and ODT as their
    paragraphs, with the numbers of numbered lists written out."""
    ext = _extension(filename)
    if ext in (".md", ".markdown", ".txt"):
        return decode_text(data)
    return "\n".join(block.text for block in _blocks(data, filename))
