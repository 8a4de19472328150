"""What an uploaded file really is, decided from its content (magic bytes), never its name.

Office files are ZIP containers: OOXML (DOCX, XLSX) is told apart by the main part's content
type in ``[Content_Types].xml``, OpenDocument (ODT, ODS) by its ``mimetype`` entry. Macro-enabled
variants (DOCM, XLSM) and anything else are refused. A CSV must be UTF-8 text without NUL bytes
and must not look like markup (HTML, SVG, XML). An e-mail message (EML) is text that starts
with a block of RFC 5322 header lines including From and a Date, Message-ID, Subject or
Received header.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from participa.attachments.models import EXTENSIONS, FileKind

# Reading more than this of a ZIP's small descriptor parts means something is wrong.
_MAX_DESCRIPTOR_BYTES = 1024 * 1024

_OOXML = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":
        FileKind.DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":
        FileKind.XLSX,
}
_OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text": FileKind.ODT,
    "application/vnd.oasis.opendocument.spreadsheet": FileKind.ODS,
}
_MARKUP_STARTS = ("<", "\ufeff<")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
_MESSAGE_HEADERS = (b"date", b"message-id", b"subject", b"received")


@dataclass(frozen=True)
class Inspection:
    kind: FileKind
    extension: str


def accepted_extensions() -> list[str]:
    return [extension for extensions in EXTENSIONS.values() for extension in extensions]


def _zip_kind(data: IO[bytes]) -> FileKind | None:
    try:
        archive = zipfile.ZipFile(data)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with archive:
        names = set(archive.namelist())
        if "mimetype" in names:
            info = archive.getinfo("mimetype")
            if info.file_size > 200:
                return None
            mimetype = archive.read(info).decode("ascii", "replace").strip()
            return _OPENDOCUMENT.get(mimetype)
        if "[Content_Types].xml" in names:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _MAX_DESCRIPTOR_BYTES:
                return None
            types = archive.read(info).decode("utf-8", "replace")
            found = {kind for content_type, kind in _OOXML.items()
                     if f'ContentType="{content_type}"' in types}
            if len(found) == 1 and "vbaProject" not in types:
                return found.pop()
    return None


def _is_csv(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    stripped = text.lstrip()
    if not stripped or stripped.startswith(_MARKUP_STARTS):
        return False
    # Text only: no control characters except tabs and line breaks.
    return _CONTROL.search(stripped) is None


def _is_email_message(data: bytes) -> bool:
    """Header lines (with folded continuations) up to the first blank line, From among them."""
    if b"\x00" in data[:65536]:
        return False
    head = data[:65536].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    names: set[bytes] = set()
    for number, line in enumerate(head.split(b"\n")):
        if number == 0 and line.startswith(b"From "):  # an mbox-style envelope line
            continue
        if line[:1] in (b" ", b"\t") and names:
            continue
        if not _HEADER_LINE.match(line):
            return False
        names.add(line.split(b":", 1)[0].strip().lower())
    return b"from" in names and any(name in names for name in _MESSAGE_HEADERS)


def sniff(file: IO[bytes]) -> FileKind | None:
    """The accepted kind the content is, or None. ``file`` is read whole (size checked first)."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    if data.startswith(b"%PDF-"):
        return FileKind.PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(io.BytesIO(data))
    if _is_email_message(data):
        return FileKind.EML
    if _is_csv(data):
        return FileKind.CSV
    return None


def kind_for_extension(name: str) -> FileKind | None:
    extension = os.path.splitext(name)[1].lower()
    for kind, extensions in EXTENSIONS.items():
        if extension in extensions:
            return FileKind(kind)
    return None


def inspect_upload(file: IO[bytes], *, name: str, size: int, max_bytes: int) -> Inspection:
    """Check an upload; raise ``ValidationError`` with a message a person can act on."""
    if size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s. Make it smaller (for example, "
              "export it again with lower image quality) or split it."),
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    claimed = kind_for_extension(name)
    accepted = ", ".join(ext.lstrip(".").upper() for ext in accepted_extensions())
    if claimed is None:
        raise ValidationError(
            _("Files of this type can't be attached. Accepted types: %(types)s."),
            params={"types": accepted}, code="extension",
        )
    actual = sniff(file)
    if actual is None:
        raise ValidationError(
            _("The file is named “%(name)s” but its content is not a %(claimed)s file (nor "
              "any accepted type). It may be damaged or of another type. Accepted types: "
              "%(types)s."),
            params={"name": name, "claimed": claimed.label, "types": accepted},
            code="content",
        )
    if actual != claimed:
        raise ValidationError(
            _("The file is named “%(name)s” but its content is a %(actual)s, not a %(claimed)s. "
              "Rename it with the right extension (%(extension)s) or choose the right file."),
            params={"name": name, "actual": actual.label, "claimed": claimed.label,
                    "extension": EXTENSIONS[actual][0]},
            code="mismatch",
        )
    return Inspection(kind=actual, extension=os.path.splitext(name)[1].lower())
