"""The pure mailbox parser: real messages as mail programs write them, odd input, hostile
headers. No Django: these tests run without settings."""

from __future__ import annotations

import datetime
import io
import zipfile
from email.header import Header
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participa.lib import mailbox

# --- real messages, as mail programs write them -----------------------------------------------

ROMANIAN = (
    "From: =?UTF-8?B?yJh0ZWZhbiBCxINsxINuZXNjdQ==?= <stefan.balanescu@example.ro>\r\n"
    "To: consultare@primaria.example\r\n"
    "Subject: =?UTF-8?Q?Propunere_privind_taxa_de_parcare_=C8=99i_abonamente?=\r\n"
    "Date: Tue, 3 Mar 2026 10:15:00 +0200\r\n"
    "Message-ID: <ro-1@mail.example.ro>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/alternative; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Bun=C4=83 ziua,\r\n"
    "Propun ca taxa s=C4=83 fie 3 lei pe or=C4=83 =C3=AEn zona central=C4=83.\r\n"
    "\r\n"
    "> Pe 1 martie, Prim=C4=83ria a scris:\r\n"
    "> Proiectul este supus consult=C4=83rii.\r\n"
    "\r\n"
    "Cu stim=C4=83,\r\n"
    "=C8=98tefan B=C4=83l=C4=83nescu\r\n"
    "--b1\r\n"
    "Content-Type: text/html; charset=UTF-8\r\n"
    "\r\n"
    "<p>HTML version that must not be used</p>\r\n"
    "--b1--\r\n"
).encode("ascii")


def polish_latin2() -> bytes:
    name = Header("Łukasz Żółkiewski", "iso-8859-2").encode()
    head = (
        f"From: {name} <lukasz@example.pl>\r\n"
        "To: konsultacje@urzad.example\r\n"
        "Subject: =?ISO-8859-2?Q?Uwagi_do_=A6wiadczenia?=\r\n"
        "Date: Wed, 4 Mar 2026 09:00:00 +0100\r\n"
        "Message-ID: <pl-1@poczta.example.pl>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=ISO-8859-2\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode("ascii")
    body = "Proszę o zmianę opłat w strefie.\r\n\r\nZ poważaniem,\r\nŁukasz Żółkiewski\r\n"
    return head + body.encode("iso-8859-2")


def html_only_cp1250() -> bytes:
    head = (
        "From: \"Ana-Maria Ţepeş\" <ana@example.ro>\r\n".encode("cp1250")
        + b"Subject: Observatie\r\n"
        b"Message-ID: <html-1@example.ro>\r\n"
        b"Date: Thu, 5 Mar 2026 12:30:00 +0200\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/html; charset=windows-1250\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
    )
    body = ("<html><head><style>p{color:red}</style></head><body>"
            "<p>Susţin proiectul &amp; propun o pistă de biciclete.</p>"
            "<blockquote>Mesajul anterior</blockquote><script>alert(1)</script>"
            "</body></html>")
    return head + body.encode("cp1250")


NO_DATE = (
    b"From: plain@example.org\r\n"
    b"Subject: No date here\r\n"
    b"Content-Type: text/plain; charset=us-ascii\r\n\r\n"
    b"I object to article 2.\r\n"
)


def mbox(*messages: bytes) -> bytes:
    out = b""
    for index, message in enumerate(messages):
        out += f"From sender{index}@example Tue Mar  3 10:15:00 2026\n".encode()
        out += message.replace(b"\r\n", b"\n") + b"\n"
    return out


def zipped(**files: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 3, 2, 8, 0, 0)), data)
    return buffer.getvalue()


# --- parsing ----------------------------------------------------------------------------------

def test_it_reads_a_romanian_multipart_message() -> None:
    [message] = mailbox.parse_upload("ro.eml", ROMANIAN)
    assert message.sender_name == "Ștefan Bălănescu"
    assert message.sender_email == "stefan.balanescu@example.ro"
    assert message.subject == "Propunere privind taxa de parcare și abonamente"
    assert message.sent_at == datetime.datetime(2026, 3, 3, 8, 15, tzinfo=datetime.UTC)
    assert message.source_id == "ro-1@mail.example.ro"
    assert "3 lei pe oră în zona centrală" in message.body
    assert "> Proiectul este supus consultării." in message.body  # quoted reply kept
    assert "HTML version" not in message.body  # text/plain preferred
    assert message.first_line == "Bună ziua,"
    assert not message.date_missing and not message.problems


def test_it_reads_an_iso_8859_2_polish_message() -> None:
    [message] = mailbox.parse_upload("pl.eml", polish_latin2())
    assert message.sender_name == "Łukasz Żółkiewski"
    assert message.subject == "Uwagi do Świadczenia"
    assert "Proszę o zmianę opłat w strefie." in message.body
    assert "Z poważaniem,\nŁukasz Żółkiewski" in message.body


def test_it_turns_an_html_only_windows_1250_message_into_text() -> None:
    [message] = mailbox.parse_upload("html.eml", html_only_cp1250())
    assert message.sender_name == "Ana-Maria Ţepeş"
    assert "Susţin proiectul & propun o pistă de biciclete." in message.body
    assert "> Mesajul anterior" in message.body
    assert "alert" not in message.body and "color" not in message.body and "<" not in message.body


def test_it_flags_a_message_without_a_date_and_identifies_it_by_content() -> None:
    fallback = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
    [message] = mailbox.parse_upload("nodate.eml", NO_DATE, fallback_time=fallback)
    assert message.date_missing and "date_missing" in message.problems
    assert message.sent_at == fallback
    assert message.sender_email == "plain@example.org" and message.sender_name == ""
    assert message.source_id.startswith("sha256:")
    [again] = mailbox.parse_upload("copy.eml", NO_DATE)
    assert again.source_id == message.source_id


def test_it_reads_every_message_of_an_mbox() -> None:
    messages = mailbox.parse_upload("export.mbox", mbox(ROMANIAN, polish_latin2(), NO_DATE))
    assert [m.sender_email for m in messages] == [
        "stefan.balanescu@example.ro", "lukasz@example.pl", "plain@example.org"]
    assert "Proszę o zmianę opłat" in messages[1].body


def test_it_reads_a_zip_of_eml_files_and_uses_the_file_time_when_the_date_is_missing() -> None:
    data = zipped(**{"a.eml": ROMANIAN, "b.eml": NO_DATE, "README.txt": b"\x00\x01binary"})
    messages = mailbox.parse_upload("batch.zip", data)
    assert len(messages) == 2
    assert messages[1].sent_at == datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


def test_it_refuses_what_is_not_a_message() -> None:
    with pytest.raises(mailbox.MailboxError) as error:
        mailbox.parse_upload("photo.eml", b"\x89PNG\r\n\x1a\n....")
    assert error.value.code == "not_a_message"
    messages, errors = mailbox.parse_uploads([("a.eml", ROMANIAN), ("b.eml", b"   "),
                                              ("c.eml", ROMANIAN)])
    assert len(messages) == 1  # the same message twice in one batch counts once
    assert [e.code for e in errors] == ["empty"]


def test_it_keeps_the_original_as_utf8_text() -> None:
    [message] = mailbox.parse_upload("pl.eml", polish_latin2())
    original = mailbox.original_text(message)
    original.decode("utf-8")  # valid UTF-8 even though the body was ISO-8859-2
    assert b"Message-ID: <pl-1@poczta.example.pl>" in original


# --- the staff import -------------------------------------------------------------------------


@given(st.binary(max_size=400), st.text(max_size=60))
@settings(max_examples=150, deadline=None)
def test_it_never_fails_on_odd_input_and_returns_clean_text(junk: bytes, name: str) -> None:
    raw = (b"From: " + name.encode("utf-8", "replace") + b" <a@example.org>\r\n"
           b"Subject: " + junk[:40].replace(b"\n", b" ") + b"\r\n\r\n" + junk)
    message = mailbox.parse_message(raw)
    for text in (message.sender_name, message.subject, message.body, message.source_id):
        text.encode("utf-8")  # no surrogate escapes: storable as it is
    mailbox.original_text(message).decode("utf-8")



# --- hostile headers ---------------------------------------------------------------------------

def many_encoded_words(count: int = 50_000) -> bytes:
    """About 1 MB: a Subject of ``count`` RFC 2047 encoded words (parse time of the standard
    parser grows faster than the size)."""
    words = " ".join("=?UTF-8?B?w6TDpA==?=" for _ in range(count))
    return (f"From: spam@example.org\r\nSubject: {words}\r\nMessage-ID: <spam@x>\r\n"
            "\r\nBuy now.\r\n").encode("ascii")


def test_it_refuses_a_header_of_many_encoded_words_before_parsing_it(monkeypatch: Any) -> None:
    raw = many_encoded_words()
    assert len(raw) > 1_000_000

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the message must be refused before the e-mail parser runs")

    monkeypatch.setattr(mailbox.email, "message_from_bytes", never)
    with pytest.raises(mailbox.MailboxError) as refused:
        mailbox.parse_message(raw, file_name="spam.eml")
    assert (refused.value.code, refused.value.name) == ("headers_too_large", "spam.eml")


@pytest.mark.parametrize("raw", [
    b"Subject: " + b"x" * (mailbox.MAX_HEADER_FIELD_BYTES + 1) + b"\r\n\r\nBody\r\n",
    b"".join(b"X-Tag-%d: a\r\n" % n for n in range(mailbox.MAX_HEADER_FIELDS + 1))
    + b"\r\nBody\r\n",
    b"X-Long: a\r\n" + b" folded\r\n" * (mailbox.MAX_HEADER_BYTES // 9) + b"\r\nBody\r\n",
])
def test_it_refuses_headers_too_large_or_too_many(raw: bytes) -> None:
    errors: list[mailbox.MailboxError] = []
    found, errors = mailbox.parse_uploads([("odd.eml", raw)])
    assert found == []
    assert [(error.code, error.name) for error in errors] == [("headers_too_large", "odd.eml")]


def test_it_keeps_the_other_messages_of_an_mbox() -> None:
    good = ROMANIAN.replace(b"\r\n", b"\n")
    bad = many_encoded_words(2_000).replace(b"\r\n", b"\n")
    data = b"From a@b Tue Mar  3 10:15:00 2026\n" + good + b"\n" + \
        b"From c@d Tue Mar  3 10:16:00 2026\n" + bad
    found, errors = mailbox.parse_uploads([("box.mbox", data)])
    assert [message.source_id for message in found] == ["ro-1@mail.example.ro"]
    assert [(error.code, error.name) for error in errors] == [
        ("headers_too_large", "box.mbox (2)")]


def test_it_imports_without_django() -> None:
    """The parser is pure Python: importing it loads no Django module and needs no settings."""
    import subprocess
    import sys

    code = ("import sys; import participa.lib.mailbox; "
            "print(sorted(name for name in sys.modules if name.split('.')[0] == 'django'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={"PATH": "", "PYTHONPATH": ":".join(sys.path)})
    assert result.stdout.strip() == "[]"
