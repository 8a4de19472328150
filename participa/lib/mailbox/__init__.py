"""Read contributions out of a mailbox export: ``.eml`` files, an ``mbox`` file or a ZIP of them.

Pure standard library (``email``, ``mailbox``, ``zipfile``, ``html.parser``); no Django imports,
so it can be tested and reused alone. Each message gives one :class:`ParsedMessage`: the sender's
name and address (RFC 2047 headers decoded, diacritics kept), the date it was sent (``None`` and
flagged when the Date header is missing or unreadable), the Message-ID used to never register a
message twice, the subject and the text (``text/plain`` preferred, otherwise the HTML part turned
into text; every declared charset honoured, e.g. ISO-8859-2 and Windows-1250; quoted replies
kept as they are).

The kind of each upload is decided from its content, never its name: a ZIP starts with
``PK\\x03\\x04``, an mbox with a ``From `` line, anything else is read as one message.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import hashlib
import io
import mailbox as std_mailbox
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.utils import parseaddr, parsedate_to_datetime
from html.parser import HTMLParser

# Limits that keep a hostile or broken upload from exhausting the server.
MAX_MESSAGES = 5000
MAX_MESSAGE_BYTES = 25 * 1024 * 1024
MAX_TOTAL_BYTES = 50 * 1024 * 1024
# The standard parser's work on headers grows faster than their size (RFC 2047 encoded words
# above all): headers are measured on the raw bytes first, in one linear pass, and a message
# past these limits is refused before it is parsed. Real mail stays far below them.
MAX_HEADER_BYTES = 256 * 1024
MAX_HEADER_FIELDS = 1000
MAX_HEADER_FIELD_BYTES = 16 * 1024
MAX_ENCODED_WORDS = 500
_HEADER_END = re.compile(rb"\r?\n\r?\n")


class MailboxError(ValueError):
    """An upload that cannot be read; ``code`` tells the web layer which sentence to show."""

    def __init__(self, code: str, name: str = "") -> None:
        super().__init__(code, name)
        self.code = code
        self.name = name


@dataclass
class ParsedMessage:
    raw: bytes
    source_id: str
    sender_name: str = ""
    sender_email: str = ""
    subject: str = ""
    sent_at: datetime.datetime | None = None
    date_missing: bool = False
    body: str = ""
    file_name: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def first_line(self) -> str:
        for line in self.body.splitlines():
            line = line.strip()
            if line and not line.startswith(">"):
                return line[:200]
        return ""


# --- headers ----------------------------------------------------------------------------------

def _decode_header_text(value: object) -> str:
    """A header as text: RFC 2047 encoded words decoded, unknown charsets tolerated."""
    if value is None:
        return ""
    text = str(value)
    if "=?" not in text:
        return " ".join(text.split())
    try:
        return " ".join(str(make_header(decode_header(text))).split())
    except (LookupError, UnicodeDecodeError, ValueError, email.errors.HeaderParseError):
        return " ".join(text.split())


_SURROGATES = re.compile("[\udc80-\udcff]")


def _unescape_8bit(text: str, charsets: Iterable[str]) -> str:
    """Raw 8-bit bytes in a header (non-standard, but common) decoded with the message's own
    charset, else UTF-8, else Windows-1250; never surrogate escapes."""
    if not _SURROGATES.search(text):
        return text
    data = text.encode("utf-8", "surrogateescape")
    for charset in (*charsets, "utf-8", "cp1250"):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def _charsets(message: Message) -> list[str]:
    return [charset for charset in message.get_charsets() if charset]


def _raw_header(message: Message, name: str) -> str:
    """The header as written in the message (no parsing), or ""."""
    raw_items = getattr(message, "raw_items", None)
    items = raw_items() if callable(raw_items) else message.items()
    for key, value in items:
        if key.lower() == name.lower():
            return str(value)
    return ""


def _sender(message: Message) -> tuple[str, str]:
    """(name, address) of the From header (Sender or Reply-To when From is missing)."""
    for header in ("From", "Sender", "Reply-To"):
        raw = _raw_header(message, header)
        if not raw.strip():
            continue
        try:
            addresses = getattr(message[header], "addresses", None)
        except Exception:  # the standard parser fails on some odd headers: read it plainly
            addresses = None
        if addresses:
            first = addresses[0]
            name = " ".join((first.display_name or "").split())
            return name, (first.addr_spec or "").strip()
        name, address = parseaddr(_decode_header_text(raw))
        return " ".join(name.split()), address.strip()
    return "", ""


def _header_text(message: Message, name: str) -> str:
    """A header decoded (RFC 2047), on one line; read plainly when the parser fails on it."""
    try:
        value = message.get(name)
        return " ".join(str(value).split()) if value is not None else ""
    except Exception:  # the standard parser fails on some odd headers: read it plainly
        return _decode_header_text(_raw_header(message, name))


def _date(message: Message) -> datetime.datetime | None:
    raw = " ".join(_raw_header(message, "Date").split())
    if not raw:
        return None
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:  # "-0000": the time is UTC, the zone is unknown
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _message_id(message: Message, raw: bytes) -> str:
    value = _decode_header_text(_raw_header(message, "Message-ID")).strip().strip("<> \t")
    if value:
        return value[:300]
    # No Message-ID: the content identifies the message, so a re-import is still recognised.
    return "sha256:" + hashlib.sha256(raw).hexdigest()


# --- bodies -----------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "td",
    "th", "tr", "ul",
})
_SKIP_TAGS = frozenset({"head", "script", "style", "title", "template"})


class _TextExtractor(HTMLParser):
    """HTML to plain text: tags dropped, blocks on their own lines, quotes marked with ">"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.quote = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "blockquote":
            self.quote += 1
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        text = re.sub(r"[ \t\r\n\f]+", " ", data)
        if self.quote and text.strip():
            # Marked line by line once the text is assembled.
            text = "\x00" * self.quote + text
        self.parts.append(text)


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = []
    for line in "".join(parser.parts).split("\n"):
        depth = line.count("\x00")
        line = line.replace("\x00", "").strip()
        lines.append(("> " * depth + line) if depth and line else line)
    return _tidy("\n".join(lines))


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _part_text(part: Message) -> str:
    """The decoded text of a part, whatever its charset (unknown ones read as UTF-8/Latin-1)."""
    if part.get_param("charset") is None:
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            for candidate in ("utf-8", "cp1250"):
                try:
                    return payload.decode(candidate)
                except UnicodeDecodeError:
                    continue
    try:
        content = part.get_content()  # type: ignore[attr-defined]
        if isinstance(content, str):
            return content
    except (LookupError, UnicodeDecodeError, KeyError, AttributeError, ValueError):
        pass
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(payload or "")
    charset = part.get_content_charset() or "utf-8"
    for candidate in (charset, "utf-8", "cp1250"):
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("latin-1")


def _body(message: EmailMessage) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, AttributeError, ValueError):
        part = None
    if part is None:
        # No text part in a recognised place: the first text/* part anywhere.
        for candidate in message.walk():
            if candidate.get_content_maintype() == "text" and not candidate.is_attachment():
                part = candidate
                break
    if part is None:
        return ""
    text = _part_text(part)
    if part.get_content_subtype() == "html":
        return html_to_text(text)
    return _tidy(text)


# --- messages and uploads ---------------------------------------------------------------------

def check_headers(raw: bytes, name: str = "") -> None:
    """Refuse a message whose headers are too large or too many to parse in bounded time
    (``MailboxError`` with code ``headers_too_large``). Linear in the size of the headers."""
    end = _HEADER_END.search(raw, 0, MAX_HEADER_BYTES + 4)
    if end is None and len(raw) > MAX_HEADER_BYTES:
        raise MailboxError("headers_too_large", name)
    headers = raw[:end.start()] if end else raw
    fields = 0
    field_bytes = 0
    for line in headers.splitlines():
        if line[:1] in (b" ", b"\t"):  # a folded continuation of the field above
            field_bytes += len(line)
        else:
            fields += 1
            field_bytes = len(line)
        if fields > MAX_HEADER_FIELDS or field_bytes > MAX_HEADER_FIELD_BYTES:
            raise MailboxError("headers_too_large", name)
    if headers.count(b"=?") > MAX_ENCODED_WORDS:
        raise MailboxError("headers_too_large", name)


def parse_message(raw: bytes, *, file_name: str = "",
                  fallback_time: datetime.datetime | None = None) -> ParsedMessage:
    """One message from its bytes. A missing Date gives ``fallback_time`` and ``date_missing``.

    Headers past the limits raise ``MailboxError("headers_too_large")`` before any parsing."""
    check_headers(raw, file_name)
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    charsets = _charsets(message)
    name, address = (_unescape_8bit(value, charsets) for value in _sender(message))
    sent_at = _date(message)
    parsed = ParsedMessage(
        raw=raw, source_id=_unescape_8bit(_message_id(message, raw), charsets),
        sender_name=name, sender_email=address,
        subject=_unescape_8bit(_header_text(message, "Subject"), charsets),
        sent_at=sent_at,
        date_missing=sent_at is None, body=_body(message), file_name=file_name,
    )
    if parsed.date_missing:
        parsed.sent_at = fallback_time
        parsed.problems.append("date_missing")
    if not parsed.body.strip():
        parsed.problems.append("empty_body")
    if not address:
        parsed.problems.append("no_sender")
    return parsed


def kind_of(data: bytes) -> str:
    """``zip``, ``mbox`` or ``eml``, from the content."""
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.lstrip(b"\r\n").startswith(b"From "):
        return "mbox"
    return "eml"


def _looks_like_message(data: bytes) -> bool:
    return bool(re.match(rb"[!-9;-~]+:", data.lstrip(b"\r\n")[:1000]))


def _mbox_messages(data: bytes) -> list[bytes]:
    handle, path = tempfile.mkstemp(suffix=".mbox")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.lstrip(b"\r\n"))
        box = std_mailbox.mbox(path, create=False)
        try:
            return [box.get_bytes(key) for key in box.iterkeys()]
        finally:
            box.close()
    finally:
        os.unlink(path)


def _zip_time(info: zipfile.ZipInfo,
              zone: datetime.tzinfo | None) -> datetime.datetime | None:
    """When the file was last changed, as written in the archive (local time of its maker)."""
    try:
        return datetime.datetime(*info.date_time, tzinfo=zone or datetime.UTC)
    except (TypeError, ValueError):
        return None


def _zip_members(data: bytes, name: str,
                 zone: datetime.tzinfo | None = None,
                 ) -> list[tuple[str, bytes, datetime.datetime | None]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise MailboxError("bad_zip", name) from error
    members: list[tuple[str, bytes, datetime.datetime | None]] = []
    total = 0
    with archive:
        for info in archive.infolist():
            if info.is_dir() or os.path.basename(info.filename).startswith("."):
                continue
            if info.file_size > MAX_MESSAGE_BYTES:
                raise MailboxError("too_large", info.filename)
            total += info.file_size
            if total > MAX_TOTAL_BYTES or len(members) >= MAX_MESSAGES:
                raise MailboxError("too_many", name)
            content = archive.read(info)
            if kind_of(content) == "zip":
                continue  # no nested archives
            members.append((info.filename, content, _zip_time(info, zone)))
    return members


def parse_upload(name: str, data: bytes, *,
                 fallback_time: datetime.datetime | None = None,
                 rejected: list[MailboxError] | None = None) -> list[ParsedMessage]:
    """Every message of one uploaded file (an .eml, an mbox, or a ZIP of .eml/mbox files).

    A message refused on its own (headers too large) inside an mbox or a ZIP is added to
    ``rejected`` and the others are kept; given no list, it fails the whole upload."""
    if not data.strip():
        raise MailboxError("empty", name)
    kind = kind_of(data)
    if kind == "zip":
        found: list[ParsedMessage] = []
        zone = fallback_time.tzinfo if fallback_time else None
        for member, content, changed_at in _zip_members(data, name, zone):
            try:
                found.extend(parse_upload(member, content,
                                          fallback_time=changed_at or fallback_time,
                                          rejected=rejected))
            except MailboxError as error:
                if error.code == "headers_too_large" and rejected is not None:
                    rejected.append(error)
                continue  # a README or a stray file in the archive: not a message
            if len(found) > MAX_MESSAGES:
                raise MailboxError("too_many", name)
        if not found:
            raise MailboxError("no_messages", name)
        return found
    if kind == "mbox":
        raws = _mbox_messages(data)
        if len(raws) > MAX_MESSAGES:
            raise MailboxError("too_many", name)
        messages = []
        for index, raw in enumerate(raws, start=1):
            if not raw.strip():
                continue
            try:
                messages.append(parse_message(raw, file_name=name,
                                              fallback_time=fallback_time))
            except MailboxError as error:
                if rejected is None:
                    raise
                rejected.append(MailboxError(error.code, f"{name} ({index})"))
        if not messages and rejected:
            raise MailboxError("no_messages", name)
        if not messages:
            raise MailboxError("no_messages", name)
        return messages
    if not _looks_like_message(data):
        raise MailboxError("not_a_message", name)
    return [parse_message(data, file_name=name, fallback_time=fallback_time)]


def screen_upload(name: str, data: bytes,
                  rejected: list[MailboxError] | None = None) -> int:
    """How many messages one upload holds, checked without parsing any of them: the kind of
    file, the archive, the count and every message's headers (all linear in the size). Raises
    ``MailboxError`` when the upload holds no readable message; messages refused on their own
    (headers too large) are added to ``rejected``. The full parse runs in the background."""
    if not data.strip():
        raise MailboxError("empty", name)
    kind = kind_of(data)
    count = 0
    if kind == "zip":
        for member, content, _changed_at in _zip_members(data, name):
            try:
                count += screen_upload(member, content, rejected)
            except MailboxError as error:
                if error.code == "headers_too_large" and rejected is not None:
                    rejected.append(error)
            if count > MAX_MESSAGES:
                raise MailboxError("too_many", name)
    elif kind == "mbox":
        raws = [raw for raw in _mbox_messages(data) if raw.strip()]
        if len(raws) > MAX_MESSAGES:
            raise MailboxError("too_many", name)
        for index, raw in enumerate(raws, start=1):
            try:
                check_headers(raw, name)
            except MailboxError as error:
                if rejected is None:
                    raise
                rejected.append(MailboxError(error.code, f"{name} ({index})"))
            else:
                count += 1
    else:
        if not _looks_like_message(data):
            raise MailboxError("not_a_message", name)
        check_headers(data, name)
        count = 1
    if not count:
        raise MailboxError("no_messages", name)
    return count


def screen_uploads(files: Iterable[tuple[str, bytes]]) -> tuple[int, list[MailboxError]]:
    """The number of messages of several uploads (duplicates counted) and the problems."""
    total = 0
    errors: list[MailboxError] = []
    for name, data in files:
        try:
            total += screen_upload(name, data, errors)
        except MailboxError as error:
            errors.append(error)
        except Exception:  # untrusted input: any failure means "unreadable"
            errors.append(MailboxError("unreadable", name))
        if total > MAX_MESSAGES:
            errors.append(MailboxError("too_many", name))
            break
    return total, errors


def parse_uploads(files: Iterable[tuple[str, bytes]], *,
                  fallback_time: datetime.datetime | None = None,
                  ) -> tuple[list[ParsedMessage], list[MailboxError]]:
    """All messages of several uploads, in order, and the uploads that could not be read.

    A message found twice in the same batch (same Message-ID) is kept once.
    """
    messages: list[ParsedMessage] = []
    errors: list[MailboxError] = []
    seen: set[str] = set()
    for name, data in files:
        try:
            found = parse_upload(name, data, fallback_time=fallback_time, rejected=errors)
        except MailboxError as error:
            errors.append(error)
            continue
        except Exception:  # untrusted input: any parser failure means "unreadable"
            errors.append(MailboxError("unreadable", name))
            continue
        for message in found:
            if message.source_id in seen:
                continue
            seen.add(message.source_id)
            messages.append(message)
            if len(messages) > MAX_MESSAGES:
                errors.append(MailboxError("too_many", name))
                return messages[:MAX_MESSAGES], errors
    return messages, errors


def original_text(message: ParsedMessage) -> bytes:
    """The message as received, as UTF-8 text (8-bit bodies in other charsets re-encoded)."""
    try:
        message.raw.decode("utf-8")
        return message.raw
    except UnicodeDecodeError:
        pass
    try:
        # 8-bit parts re-encoded as quoted-printable in their own declared charset.
        parsed = email.message_from_bytes(message.raw, policy=email.policy.default)
        generator_policy = email.policy.default.clone(cte_type="7bit", linesep="\n")
        return parsed.as_bytes(policy=generator_policy)
    except (UnicodeError, LookupError, ValueError, TypeError, AttributeError):
        # Bytes in no declared charset: kept readable, unknown bytes replaced.
        return message.raw.decode("utf-8", "replace").encode("utf-8")
