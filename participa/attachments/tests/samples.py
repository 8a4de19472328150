"""Sample files of every accepted type, built in memory (no Django)."""

from __future__ import annotations

import io
import zipfile

from PIL import ExifTags, Image


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def ooxml_bytes(main: str, extra: dict[str, bytes] | None = None) -> bytes:
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/main.xml" ContentType="{main}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("main.xml", "<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return ooxml_bytes(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )


def xlsx_bytes() -> bytes:
    return ooxml_bytes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")


def opendocument_bytes(mimetype: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    return opendocument_bytes("application/vnd.oasis.opendocument.text")


def ods_bytes() -> bytes:
    return opendocument_bytes("application/vnd.oasis.opendocument.spreadsheet")


def csv_bytes() -> bytes:
    return "cartier;buget\nNord;1000\nȘtefan cel Mare;2500\n".encode()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_with_gps_bytes() -> bytes:
    """A JPEG carrying a camera make and GPS coordinates in its EXIF data."""
    image = Image.new("RGB", (16, 12), (10, 120, 200))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (45.0, 45.0, 36.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (21.0, 13.0, 48.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def eml_bytes() -> bytes:
    """An e-mail as saved by a mail program: folded headers, an 8-bit Polish body."""
    return (
        b"Return-Path: <anna@example.pl>\r\n"
        b"From: =?utf-8?q?Anna_W=C3=B3jcik?= <anna@example.pl>\r\n"
        b"To: konsultacje@um.example.pl\r\n"
        b"Subject: Uwagi do projektu\r\n"
        b"Date: Mon, 16 Nov 2026 10:00:00 +0100\r\n"
        b"Message-ID: <abc@example.pl>\r\n"
        b"Content-Type: text/plain;\r\n\tcharset=iso-8859-2\r\n"
        b"\r\n"
    ) + "Proszę o więcej ławek.\r\n".encode("iso-8859-2")


SAMPLES = {
    "pdf": ("decision.pdf", pdf_bytes),
    "docx": ("draft.docx", docx_bytes),
    "odt": ("draft.odt", odt_bytes),
    "xlsx": ("budget.xlsx", xlsx_bytes),
    "ods": ("budget.ods", ods_bytes),
    "csv": ("budget.csv", csv_bytes),
    "png": ("map.png", png_bytes),
    "jpeg": ("photo.jpg", jpeg_with_gps_bytes),
    "eml": ("message.eml", eml_bytes),
}
