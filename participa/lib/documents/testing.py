"""Small real DOCX and ODT files for tests (python-docx is not a dependency).

    make_docx([("h1", "Capitolul I"), ("p", "Art. 1. - (1) Text"), ("li", "numbered item")])
    make_odt([("h1", "Rozdział 1"), ("p", "§ 1. Treść")])

Each item is (kind, text) with kind "h1".."h6" (heading of that level), "p" (paragraph) or
"li" (item of a numbered list; consecutive items form one list). A paragraph's text may contain
"**" to split it into runs (DOCX) or spans (ODT) with bold ones, as word processors do.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from odfdo import Document, Header, List, ListItem, Paragraph, Span

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Relationships xmlns="{_PKG}">'
    f'<Relationship Id="rId1" Type="{_DOC_TYPE}" Target="word/document.xml"/>'
    "</Relationships>"
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Relationships xmlns="{_PKG}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/numbering" Target="numbering.xml"/>'
    "</Relationships>"
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:styles xmlns:w="{_W}">'
    + "".join(
        f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
        "</w:style>"
        for n in range(1, 7)
    )
    + "</w:styles>"
)
_NUMBERING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:numbering xmlns:w="{_W}">'
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    "</w:numbering>"
)


def _runs(text: str) -> str:
    parts = text.split("**")
    runs = []
    for i, part in enumerate(parts):
        if not part:
            continue
        bold = "<w:rPr><w:b/></w:rPr>" if i % 2 else ""
        runs.append(f'<w:r>{bold}<w:t xml:space="preserve">{escape(part)}</w:t></w:r>')
    return "".join(runs)


def make_docx(items: Sequence[tuple[str, str]]) -> bytes:
    body = []
    for kind, text in items:
        props = ""
        if kind.startswith("h") and kind[1:].isdigit():
            props = f'<w:pPr><w:pStyle w:val="Heading{kind[1:]}"/></w:pPr>'
        elif kind == "li":
            props = ('<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
                     "</w:pPr>")
        body.append(f"<w:p>{props}{_runs(text)}</w:p>")
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>{"".join(body)}</w:body>'
        "</w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", _STYLES)
        archive.writestr("word/numbering.xml", _NUMBERING)
    return buffer.getvalue()


def make_odt(items: Sequence[tuple[str, str]]) -> bytes:
    document = Document("text")
    body = document.body
    current_list = None
    for kind, text in items:
        if kind == "li":
            if current_list is None:
                current_list = List()
                body.append(current_list)
            current_list.append(ListItem(text))
            continue
        current_list = None
        element = Header(int(kind[1:])) if kind.startswith("h") else Paragraph()
        for i, part in enumerate(text.split("**")):
            if i % 2:
                element.append(Span(part))
            elif part:
                element.append(part)
        body.append(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
