"""Split a sequence of text blocks (paragraphs, headings) into numbered units.

The document's own numbering is kept as written in ``Unit.number``; ``Unit.key`` is a stable
slug derived from it so that the same article can be found in another version of the text:

=====================================  =========  =====  ====================
numbering as written                   key        level  note
=====================================  =========  =====  ====================
text before the first unit             preamble   0
Capitolul I / Rozdział 1 / Chapter 1   cap-1      0      roman → arabic
Titlul II / Dział II / Part 2          part-2     0
Secțiunea a 2-a / Oddział 2            sect-2     0
Anexa nr. 1 / Załącznik nr 1 / Annex   annex-1    0
other headings (Markdown #, styles)    h-<slug>   0
Art. 3 / Articolul 3 / Artykuł 3       art-3      1      Art. 3^1 → art-3_1,
                                                         Art. II → art-ii
§ 2                                    par-2      1
Section 2                              sec-2      1
1. (only when nothing else numbers     art-1      1
the articles)
(2) / alin. (2) / 2. / ust. 2          art-3.2    2      inside an article
=====================================  =========  =====  ====================

Letters and points ("a)", "lit. a)", "1)", "pkt 1)") stay, as written, in the body of the
paragraph that contains them: the data model has three levels only. Inside one article the
first paragraph marker seen decides the style: after "(1)", lines starting with "1." are points
of that paragraph, not new paragraphs.

A key that repeats (e.g. an annex that numbers its articles from 1 again) gets a suffix:
``art-1``, ``art-1-2``, ``art-1-3``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# A unit's number as typed may be long ("Articolul unic"); keys stay short (model: 60 chars).
MAX_KEY = 60
MAX_HEADING = 300
# A short line without final punctuation right after a bare "Art. 1" is taken as its heading.
MAX_NEXT_LINE_HEADING = 120


@dataclass(frozen=True)
class Block:
    """One paragraph of the source; ``heading_level`` > 0 for headings (Markdown #, styles)."""

    text: str
    heading_level: int = 0


@dataclass
class _Draft:
    key: str
    number: str
    heading: str
    lines: list[str]
    level: int
    # For articles: the paragraph style chosen by the first marker ("paren" or "dot").
    style: str = ""


# Citations at the start of a sentence ("Art. 5 din Legea nr. 52/2003 …") are not articles.
# A header has a dot after its number ("Art. 5. Se aprobă", "§ 2. Treść") or is not followed
# by these words ("Art. 5 din Legea …", "art. 5 ust. 2", "Article 5 of the Treaty").
_NOT_A_HEADER = (
    r"(?:\.|(?!\s*(?:(?:din|al|ale|alin|alineatul|lit|litera|pct|punctul|se|va|și|şi|z|ust"
    r"|pkt|otrzymuje|of|para|shall|is)\b|§)))"
)
_NUM = r"\d+(?:\s*\^\s*\d+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)?[a-z]?"
_ROMAN_OR_NUM = r"(?:[IVXLCDM]+|\d+)"

_ARTICLE = re.compile(
    r"^(?P<marker>(?:art(?:icolul|ykuł|icle|\.)?)\s*(?P<num>" + _NUM
    + r"|unic|(?<=[.a-z]\s)(?-i:[IVXLC]+)|(?<=\.)(?-i:[IVXLC]+))\b" + _NOT_A_HEADER + ")",
    re.IGNORECASE,
)
_PARAGRAPH_SIGN = re.compile(
    r"^(?P<marker>§\s*(?P<num>" + _NUM + r")\b" + _NOT_A_HEADER + ")", re.IGNORECASE
)
_SECTION = re.compile(
    r"^(?P<marker>section\s+(?P<num>\d+[a-z]?)\b" + _NOT_A_HEADER + ")", re.IGNORECASE
)
_CHAPTER = re.compile(
    r"^(?P<marker>(?:capitolul|capitol|cap\.|rozdział|chapter)\s*(?P<num>" + _ROMAN_OR_NUM
    + r")\b\.?)",
    re.IGNORECASE,
)
_PART = re.compile(
    r"^(?P<marker>(?:titlul|dział|tytuł|part)\s+(?P<num>" + _ROMAN_OR_NUM + r")\b\.?)",
    re.IGNORECASE,
)
_SECTION_GROUP = re.compile(
    r"^(?P<marker>(?:secțiunea|secţiunea|sectiunea|oddział)\s+(?:a\s+)?(?P<num>"
    + _ROMAN_OR_NUM + r")(?:-a)?\b\.?)",
    re.IGNORECASE,
)
_ANNEX = re.compile(
    r"^(?P<marker>(?:anexa|anexă|załącznik|annex)(?:\s+(?:nr\.?\s*)?(?P<num>"
    + _ROMAN_OR_NUM + r"))?\b\.?)(?=\s*(?:$|[-\u2013\u2014:.]|la\b|do\b|to\b))",
    re.IGNORECASE,
)
_PAREN_PARAGRAPH = re.compile(r"^(?P<marker>(?:alin(?:\.|iatul)\s*)?\((?P<num>\d+[a-z]?)\))")
_DOT_PARAGRAPH = re.compile(
    r"^(?P<marker>(?:ust\.\s*(?P<ust>\d+[a-z]?)\.?)|(?:(?P<num>\d+[a-z]?)\.))(?=\s|$)"
)
_SEPARATOR = re.compile("^[\\s.:\\-\u2013\u2014]+")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")


def roman_to_int(text: str) -> int | None:
    """``"XIV"`` → 14; ``None`` when ``text`` is not a roman numeral."""
    text = text.upper()
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        if i + 1 < len(text) and _ROMAN[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def slugify(text: str, max_length: int = 40) -> str:
    """ASCII slug: ``"Dispoziții generale"`` → ``"dispozitii-generale"``."""
    text = text.replace("ł", "l").replace("Ł", "L")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def _num_slug(num: str, roman_as_number: bool = True) -> str:
    """Number as it goes into a key: ``"3^1"``/``"3¹"`` → ``"3_1"``; ``"IV"`` → ``"4"`` (or
    ``"iv"``: amending acts number their articles "Art. I", "Art. II" besides the "Art. 1" they
    quote)."""
    num = num.strip()
    roman = roman_to_int(num)
    if roman is not None and not num.isdigit():
        return str(roman) if roman_as_number else num.lower()
    sup = re.fullmatch(r"(\d+)\s*\^\s*(\d+)([a-z]?)", num, re.IGNORECASE)
    if sup:
        return f"{sup.group(1)}_{sup.group(2)}{sup.group(3).lower()}"
    plain = re.fullmatch(r"(\d+)([¹²³⁴⁵⁶⁷⁸⁹⁰]+)([a-z]?)", num, re.IGNORECASE)
    if plain:
        return f"{plain.group(1)}_{plain.group(2).translate(_SUPERSCRIPTS)}{plain.group(3)}"
    return slugify(num, 20) or "x"


def _clean(text: str) -> str:
    """Normalised spaces (non-breaking ones included), no spaces at either end."""
    return re.sub(r"[ \t\u00a0\u2007\u202f]+", " ", text).strip()


def _rest(text: str, end: int) -> str:
    return _SEPARATOR.sub("", text[end:], count=1).strip()


def _looks_like_heading(text: str) -> bool:
    return (
        0 < len(text) <= MAX_NEXT_LINE_HEADING
        and not text.endswith((".", ";", ":", ",", "!", "?"))
        and not _starts_unit(text)
        and not _PAREN_PARAGRAPH.match(text)
        and not _DOT_PARAGRAPH.match(text)
        and not re.match(r"^(?:[a-z]\)|lit\.|pkt|\d+\))", text)
    )


def _starts_unit(text: str) -> bool:
    return any(
        pattern.match(text)
        for pattern in (_ARTICLE, _PARAGRAPH_SIGN, _SECTION, _CHAPTER, _PART, _SECTION_GROUP,
                        _ANNEX)
    )


class _Splitter:
    def __init__(self, numbered_articles: bool) -> None:
        # True when no "Art."/"§"/"Section" marker exists: top-level "1." lines are articles.
        self.numbered_articles = numbered_articles
        self.units: list[_Draft] = []
        self.keys: set[str] = set()
        self.article: _Draft | None = None
        self.want_heading: _Draft | None = None

    def _unique(self, key: str) -> str:
        key = key[:MAX_KEY]
        if key not in self.keys:
            self.keys.add(key)
            return key
        n = 2
        while True:
            suffix = f"-{n}"
            candidate = key[: MAX_KEY - len(suffix)] + suffix
            if candidate not in self.keys:
                self.keys.add(candidate)
                return candidate
            n += 1

    def _open(self, key: str, number: str, heading: str, level: int) -> _Draft:
        unit = _Draft(self._unique(key), number, heading[:MAX_HEADING], [], level)
        self.units.append(unit)
        return unit

    def _text(self, text: str) -> None:
        if not self.units:
            self._open("preamble", "", "", 0)
        self.units[-1].lines.append(text)

    def _paragraph(self, text: str) -> bool:
        """Open a paragraph of the current article if ``text`` starts with one."""
        article = self.article
        if article is None:
            return False
        paren = _PAREN_PARAGRAPH.match(text)
        # In a document numbered "1.", "2.", those numbers are articles, never paragraphs.
        dot = None if paren or self.numbered_articles else _DOT_PARAGRAPH.match(text)
        match, style = (paren, "paren") if paren else (dot, "dot")
        if match is None or (article.style and article.style != style):
            return False
        article.style = style
        num = match.group("num") or match.group("ust")
        unit = self._open(f"{article.key}.{_num_slug(num)}", match.group("marker"), "", 2)
        rest = text[match.end():].strip()
        if rest:
            unit.lines.append(rest)
        return True

    def feed(self, block: Block) -> None:
        text = _clean(block.text)
        if not text:
            return
        pending, self.want_heading = self.want_heading, None
        if pending is not None and not pending.lines and _looks_like_heading(text):
            pending.heading = text[:MAX_HEADING]
            return

        for pattern, prefix, level in (
            (_CHAPTER, "cap", 0),
            (_PART, "part", 0),
            (_SECTION_GROUP, "sect", 0),
            (_ANNEX, "annex", 0),
            (_ARTICLE, "art", 1),
            (_PARAGRAPH_SIGN, "par", 1),
            (_SECTION, "sec", 1),
        ):
            match = pattern.match(text)
            if match:
                self._header(text, match, prefix, level, block.heading_level > 0)
                return

        if self.numbered_articles:
            match = _DOT_PARAGRAPH.match(text)
            if match and match.group("num") and (
                self.article is None or self._next_number(match.group("num"))
            ):
                self._header(text, match, "art", 1, block.heading_level > 0)
                return

        if block.heading_level:
            if not self.units:
                self._open("preamble", "", text, 0)
            else:
                self._open("h-" + (slugify(text) or str(len(self.units))), "", text, 0)
            self.article = None
            return

        if self._paragraph(text):
            return
        self._text(text)

    def _next_number(self, num: str) -> bool:
        """In a document numbered "1.", "2.", … only the number after the current article's
        starts the next article; other numbered lines are points of its text."""
        current = re.match(r"\d+", self.article.number if self.article else "")
        return bool(current and num.isdigit() and int(num) == int(current.group()) + 1)

    def _header(self, text: str, match: re.Match[str], prefix: str, level: int,
                is_heading: bool) -> None:
        num = match.group("num")
        key = f"{prefix}-{_num_slug(num, level == 0)}" if num else prefix
        rest = _rest(text, match.end())
        number = match.group("marker").strip()
        if level == 0:
            unit = self._open(key, number, rest, 0)
            self.article = None
            if not rest:
                self.want_heading = unit
            return
        unit = self._open(key, number, "", 1)
        self.article = unit
        if not rest:
            self.want_heading = unit
        elif is_heading or (_looks_like_heading(rest) and len(rest) <= 80):
            unit.heading = rest[:MAX_HEADING]
        elif not self._paragraph(rest):
            unit.lines.append(rest)

    def result(self) -> list[tuple[str, str, str, str, int]]:
        return [
            (u.key, u.number, u.heading, "\n".join(u.lines).strip(), u.level)
            for u in self.units
            if u.key != "preamble" or u.lines or u.heading
        ]


def split_blocks(blocks: Iterable[Block]) -> list[tuple[str, str, str, str, int]]:
    """(key, number, heading, body, level) for each unit found in ``blocks``, in order."""
    blocks = [Block(unicodedata.normalize("NFC", b.text), b.heading_level) for b in blocks]
    numbered_articles = not any(
        _ARTICLE.match(t) or _PARAGRAPH_SIGN.match(t) or _SECTION.match(t)
        for t in (_clean(b.text) for b in blocks)
    )
    splitter = _Splitter(numbered_articles)
    for block in blocks:
        splitter.feed(block)
    return splitter.result()
