"""Read DOCX, ODT, Markdown and plain text into blocks (paragraphs and headings)."""

from __future__ import annotations

import io
import re
import unicodedata
from html.parser import HTMLParser
from typing import Any

import mammoth
from odfdo import Document

from .splitting import Block

# Localised names of Word's heading styles (Romanian, Polish) and "Title".
_STYLE_MAP = "\n".join(
    f"p[style-name='{name} {level}'] => h{level}:fresh"
    for name in ("Titlu", "Nagłówek", "Naglowek", "Heading")
    for level in range(1, 7)
) + "\np[style-name='Title'] => h1:fresh\np[style-name='Tytuł'] => h1:fresh"


_CE_LETTERS = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻăâîșțşţĂÂÎȘȚŞŢ")


def _legacy_decode(data: bytes) -> str:
    """cp1250 or ISO-8859-2, whichever yields more Polish and Romanian letters (cp1250 on a
    tie; ISO-8859-2 never when it would give control characters)."""
    candidates: list[tuple[int, int, str]] = []
    for encoding in ("cp1250", "iso-8859-2"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "iso-8859-2" and any("\x80" <= ch <= "\x9f" for ch in text):
            continue
        candidates.append((sum(ch in _CE_LETTERS for ch in text), -len(candidates), text))
    return max(candidates)[2] if candidates else data.decode("utf-8", "replace")


def decode_text(data: bytes) -> str:
    """Plain text: UTF-8 (with or without BOM) or UTF-16 with BOM; old Windows files in
    cp1250 (Central European) or ISO-8859-2; line endings normalised to ``\\n``; NFC."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", "replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _legacy_decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return unicodedata.normalize("NFC", text)


# -- Markdown and plain text ---------------------------------------------------------------

WRAP_WIDTH = 60
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# Lines that start a new block even without a blank line before them: numbered or listed.
_NEW_LINE_BLOCK = re.compile(
    r"^(?:[-*+]\s|\d+[.)]\s|\(\d+[a-z]?\)|[a-z]\)\s|lit\.|pkt|alin\.|ust\.|§"
    r"|art(?:\.|icolul|ykuł|icle)?\s*\d|capitolul|rozdział|chapter|section|anexa|załącznik"
    r"|annex|titlul|secțiunea|secţiunea)",
    re.IGNORECASE,
)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")


def _wrapped(lines: list[str]) -> bool:
    """Whether the last line looks hard-wrapped (long, not at the end of a sentence)."""
    return bool(lines) and len(lines[-1]) >= WRAP_WIDTH and not lines[-1].endswith(
        (".", ";", ":", "!", "?")
    )


def markdown_blocks(text: str) -> list[Block]:
    """Blocks of Markdown (or plain text): headings ``#``…``######`` and lines.

    A line continues the previous one (joined with a space) only when that one looks
    hard-wrapped: at least ``WRAP_WIDTH`` characters, not ending a sentence, and the new line
    does not start with a number or a list marker. Otherwise every line is its own block, as in
    text exported from a word processor."""
    blocks: list[Block] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(Block(" ".join(current)))
            current.clear()

    for raw in text.splitlines():
        line = _MD_ESCAPE.sub(r"\1", _MD_EMPHASIS.sub(r"\2", raw.strip()))
        if not line or re.fullmatch(r"[-*_=]{3,}", line):
            flush()
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            flush()
            blocks.append(Block(heading.group(2), len(heading.group(1))))
            continue
        if line.startswith(">"):
            line = line.lstrip("> ").strip()
        if _NEW_LINE_BLOCK.match(line) or not _wrapped(current):
            flush()
        current.append(line)
    flush()
    return blocks


# -- DOCX (mammoth → HTML → blocks) --------------------------------------------------------

_VOID = {"br", "img", "hr", "wbr", "col", "input", "meta", "link"}


class _HtmlBlocks(HTMLParser):
    """Collect paragraphs, headings and list items of mammoth's HTML.

    Word's automatic list numbers are not text in the file; items of numbered lists get
    "1.", "2.", … (and "a)", "b)", … one level down) so that the numbering is kept."""

    _BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "caption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.level = 0
        self.lists: list[list[Any]] = []  # [tag, counter]
        self.skip = 0

    def _flush(self) -> None:
        text = "".join(self.parts)
        self.parts = []
        for line in text.split("\n"):
            line = line.strip()
            if line:
                self.blocks.append(Block(line, self.level))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self.skip:
                self.parts.append("\n")
            return
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_startendtag(tag, attrs)
            return
        attributes = dict(attrs)
        if self.skip:
            self.skip += 1
            return
        ident = attributes.get("id") or ""
        href = attributes.get("href") or ""
        if (tag == "li" and ident.startswith(("footnote-", "endnote-", "comment-"))) or (
            tag == "a" and href.startswith(("#footnote-", "#endnote-", "#comment-"))
        ):
            self.skip = 1
            return
        if tag in {"ol", "ul"}:
            self._flush()
            self.lists.append([tag, 0])
        elif tag in self._BLOCKS:
            self._flush()
            self.level = int(tag[1]) if tag[0] == "h" and tag[1:].isdigit() else 0
            if tag == "li" and self.lists:
                kind = self.lists[-1]
                kind[1] += 1
                if kind[0] == "ol":
                    depth = sum(1 for t, _ in self.lists if t == "ol")
                    n = kind[1]
                    self.parts.append(f"{n}. " if depth == 1 else f"{chr(96 + min(n, 26))}) ")
                else:
                    self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.skip:
            self.skip -= 1
            return
        if tag in {"ol", "ul"}:
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag in self._BLOCKS:
            self._flush()
            self.level = 0

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data.replace("\n", " "))

    def close(self) -> None:
        super().close()
        self._flush()


def docx_blocks(data: bytes) -> list[Block]:
    # Images are left out of the HTML (no base64 copies of every picture).
    no_images = mammoth.images.img_element(lambda image: {"src": ""})
    result = mammoth.convert_to_html(io.BytesIO(data), style_map=_STYLE_MAP,
                                     convert_image=no_images)
    parser = _HtmlBlocks()
    parser.feed(result.value)
    parser.close()
    return [Block(unicodedata.normalize("NFC", b.text), b.heading_level)
            for b in parser.blocks]


# -- ODT (odfdo) ----------------------------------------------------------------------------

_ODT_SKIP = {
    "text:tracked-changes", "office:annotation", "office:annotation-end", "text:note",
    "text:sequence-decls", "text:variable-decls", "text:user-field-decls", "draw:frame",
    "text:table-of-content", "text:alphabetical-index", "text:bookmark", "text:bookmark-start",
    "text:bookmark-end", "text:soft-page-break", "text:deletion", "text:change",
    "text:change-start", "text:change-end",
}
_ODT_CONTAINERS = {
    "text:list", "text:list-item", "text:list-header", "text:section", "table:table",
    "table:table-row", "table:table-cell", "table:table-rows", "table:table-header-rows",
    "table:table-column-group", "text:numbered-paragraph", "office:text",
}


def _odt_inline(element: Any, out: list[str]) -> None:
    if element.text:
        out.append(element.text)
    for child in element.children:
        tag = child.tag
        if tag == "text:s":
            out.append(" " * int(child.get_attribute("text:c") or 1))
        elif tag == "text:tab":
            out.append("\t")
        elif tag == "text:line-break":
            out.append("\n")
        elif tag not in _ODT_SKIP:
            _odt_inline(child, out)
        if child.tail:
            out.append(child.tail)


def _odt_walk(element: Any, blocks: list[Block]) -> None:
    for child in element.children:
        tag = child.tag
        if tag in ("text:p", "text:h"):
            parts: list[str] = []
            _odt_inline(child, parts)
            level = 0
            if tag == "text:h":
                level = int(child.get_attribute("text:outline-level") or 1)
            for line in "".join(parts).split("\n"):
                line = unicodedata.normalize("NFC", line.strip())
                if line:
                    blocks.append(Block(line, level))
        elif tag in _ODT_CONTAINERS:
            _odt_walk(child, blocks)


def odt_blocks(data: bytes) -> list[Block]:
    document = Document(io.BytesIO(data))
    blocks: list[Block] = []
    _odt_walk(document.body, blocks)
    return blocks
