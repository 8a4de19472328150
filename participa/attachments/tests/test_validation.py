import io

import pytest
from django.core.exceptions import ValidationError

from participa.attachments.models import FileKind
from participa.attachments.validation import inspect_upload, sniff

from .samples import SAMPLES, ooxml_bytes, png_bytes

LIMIT = 1024 * 1024


def inspect(name, data, limit=LIMIT):
    return inspect_upload(io.BytesIO(data), name=name, size=len(data), max_bytes=limit)


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_it_accepts_every_supported_type_by_its_content(kind):
    name, make = SAMPLES[kind]
    assert inspect(name, make()).kind == FileKind(kind)


def test_it_accepts_jpeg_with_either_extension_in_any_case():
    _name, make = SAMPLES["jpeg"]
    assert inspect("PHOTO.JPEG", make()).kind == FileKind.JPEG


@pytest.mark.parametrize("name,data", [
    ("decision.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
    ("decision.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    ("table.csv", b"<html><body onload=alert(1)></body></html>"),
    ("table.csv", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    ("table.csv", b"a,b\n\x00\x01,2\n"),
    ("table.csv", "a;b\nȘ;1\n".encode("utf-16")),
])
def test_it_rejects_content_that_is_no_accepted_type(name, data):
    with pytest.raises(ValidationError) as error:
        inspect(name, data)
    assert "content is not a" in error.value.messages[0]
    assert name in error.value.messages[0]


def test_it_rejects_a_png_renamed_docx_and_says_what_it_really_is():
    with pytest.raises(ValidationError) as error:
        inspect("report.docx", png_bytes())
    message = error.value.messages[0]
    assert "PNG image" in message
    assert "Word document" in message
    assert ".png" in message


def test_it_rejects_a_docx_renamed_pdf():
    with pytest.raises(ValidationError) as error:
        inspect("report.pdf", SAMPLES["docx"][1]())
    assert "Word document (DOCX)" in error.value.messages[0]


def test_it_rejects_macro_enabled_office_files():
    docm = ooxml_bytes("application/vnd.ms-word.document.macroEnabled.main+xml",
                       {"word/vbaProject.bin": b"\x00" * 10})
    with pytest.raises(ValidationError):
        inspect("report.docx", docm)


def test_it_rejects_a_plain_zip_renamed_xlsx():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    with pytest.raises(ValidationError):
        inspect("budget.xlsx", buffer.getvalue())


def test_it_rejects_unaccepted_extensions():
    with pytest.raises(ValidationError) as error:
        inspect("setup.exe", b"MZ\x90\x00")
    assert "Accepted types" in error.value.messages[0]


def test_it_rejects_files_over_the_size_limit_saying_the_limit():
    with pytest.raises(ValidationError) as error:
        inspect("decision.pdf", b"%PDF-1.4\n" + b"0" * 2048, limit=1024)
    assert "1.0\xa0KB" in error.value.messages[0]


def test_it_rejects_empty_files():
    with pytest.raises(ValidationError):
        inspect("empty.csv", b"")


def test_it_accepts_csv_with_a_byte_order_mark_and_non_breaking_spaces():
    assert sniff(io.BytesIO("\ufeffnume;sumă\nPiața\u00a0Unirii;5\n".encode())) == FileKind.CSV


def test_a_csv_is_not_taken_for_an_e_mail_nor_an_e_mail_for_a_csv():
    from .samples import csv_bytes, eml_bytes

    assert sniff(io.BytesIO(csv_bytes())) == FileKind.CSV
    assert sniff(io.BytesIO(eml_bytes())) == FileKind.EML
    # Header-like first line but no From: it is not a message.
    assert sniff(io.BytesIO(b"Subject: hello\n\nbody\n")) != FileKind.EML
    with pytest.raises(ValidationError):
        inspect("message.eml", "nume;sumă\nNord;1\n".encode())
