"""Draft decisions read from DOCX, ODT, Markdown or plain text (no Django imports).

API (stable; other code depends on it):

    Unit(key, number, heading, body, level)        # level 0 heading, 1 article, 2 paragraph
    parse_markdown(text) -> list[Unit]
    parse_document(data: bytes, filename: str) -> list[Unit]   # .docx .odt .md .txt
    extract_text(data: bytes, filename: str) -> str            # .docx .odt .txt .md
    DocumentError(ValueError) with .code ("unsupported", "unreadable", "empty")
"""

from __future__ import annotations

from dataclasses import dataclass


class DocumentError(ValueError):
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


def parse_markdown(text: str) -> list[Unit]:
    raise DocumentError("unsupported", "not implemented yet")


def parse_document(data: bytes, filename: str) -> list[Unit]:
    raise DocumentError("unsupported", "not implemented yet")


def extract_text(data: bytes, filename: str) -> str:
    if filename.lower().endswith((".txt", ".md")):
        return data.decode("utf-8-sig")
    raise DocumentError("unsupported", "not implemented yet")
