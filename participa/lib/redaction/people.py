"""Detectors of people's names.

1. The contributor's own names (``names=``) wherever they appear: the whole name in any case and
   without regard to diacritics, and each part of three letters or more when it appears alone and
   capitalized, with simple Polish and Romanian inflections ("Kowalski" -> "Kowalskiego",
   "Kowalska" -> "Kowalskiej", "Maria" -> "Mariei").
2. Names introduced by a greeting or a signature ("Mă numesc", "Cu stimă,", "Z poważaniem",
   "Nazywam się", "Best regards,", ...), on the same or the next line.
3. Names after a title (dl., dna, Pan, Pani, Mr, Dr, prof. ...); a role word alone after the
   title ("domnule Primar", "Pan Prezydent") is not a name.
4. A known given name followed by one or two capitalized words ("Ion Georgescu", "Anna Nowak"),
   or a surname with a typical ending followed by a given name ("POPESCU Ion"), unless the words
   name a street, a school or a park ("Bulevardul Mihai Viteazu", "Liceul Ion Vidu").
5. The last line of the text when it is a known given name, alone or with a surname.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from participa.lib.redaction._text import LOWER, UPPER, fold
from participa.lib.redaction.lexicon import EN_STREET_TYPES, FIRST_NAMES, NOT_NAMES, PLACE_WORDS

Found = tuple[int, int, str]

_U, _L = UPPER, LOWER
# A capitalized word, an all-caps word, an initial ("A.") or a double-barrelled name.
_WORD = (rf"(?:[{_U}][{_L}]+(?:[-'][{_U}][{_L}]+)?|[{_U}]'[{_U}][{_L}]+|[{_U}]{{2,}}"
         rf"(?:-[{_U}]{{2,}})?|[{_U}]\.)")
_WORDS = rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}"
_WORD_RE = re.compile(_WORD)

_GREETINGS = [
    # Romanian
    r"m[ăa] numesc", r"numele meu (?:este|e)", r"subsemnat(?:ul|a|ul\(a\)|ul/a|\(a\))?",
    r"cu (?:toat[ăa] )?stim[ăa](?: [șs]i respect)?", r"cu respect", r"cu drag",
    r"cu deosebit[ăa] considera[țt]ie", r"cu considera[țt]ie", r"semnat", r"semn[ăa]tura",
    r"v[ăa] mul[țt]umesc(?: anticipat)?", r"mul[țt]umesc(?: anticipat| frumos)?",
    r"sunt", r"eu,", r"toate cele bune", r"o zi bun[ăa]",
    # Polish
    r"z powa[żz]aniem", r"z wyrazami szacunku", r"z wyrazami powa[żz]ania",
    r"pozdrawiam(?: serdecznie| ciep[łl]o)?", r"pozdrowienia", r"serdecznie pozdrawiam",
    r"nazywam si[ęe]", r"jestem", r"moje imi[ęe] (?:to|i nazwisko to)", r"podpisano",
    r"dzi[ęe]kuj[ęe](?: bardzo)?", r"ja,? ni[żz]ej podpisan[ya]", r"ni[żz]ej podpisan[ya]",
    # English
    r"my name is", r"(?:best|kind|warm|warmest)? ?regards", r"yours sincerely",
    r"yours faithfully", r"yours truly", r"sincerely(?: yours)?", r"thanks(?: again)?",
    r"thank you", r"many thanks", r"best wishes", r"all the best", r"cheers", r"signed",
    r"i am", r"i,",
]
# Greetings after which a single word is accepted only if it is a known given name.
_WEAK = {"sunt", "jestem", "i am", "eu,", "i,", "multumesc", "multumesc anticipat",
         "multumesc frumos", "va multumesc", "va multumesc anticipat", "dziekuje",
         "dziekuje bardzo", "thanks", "thanks again", "thank you", "many thanks", "cheers",
         "semnat", "signed", "o zi buna", "toate cele bune", "all the best", "cu drag"}
_GREETING_RE = re.compile(
    rf"(?<![\w])(?i:{'|'.join(_GREETINGS)})[ \t]*[,:;.!\u2013\u2014-]?[ \t]*(?:\r?\n[ \t]*)?"
    rf"(?P<name>{_WORDS})"
)
_TITLES = (r"(?:(?i:dl|d-l|d-lui|dlui|dna|d-na|d-nei|dnei|doamna|doamnei|doamn[ăa]|domnul|domnului"
           r"|domnule|doamnelor|pan|pani|pana|pani[ąa]|panem|panu|panie|panowie|pa[ńn]stwo"
           r"|prof|dr|ing|av|mgr|in[żz])|Mr|Mrs|Ms|Miss|Mx|Sir|Dame|Lady|Lord)")
_TITLE_RE = re.compile(rf"(?<![\w-]){_TITLES}\.?[ \t]+(?P<name>{_WORDS})")
_LEXICON_RE = re.compile(rf"(?<![\w-])(?P<name>{_WORD}(?:[ \t]+{_WORD}){{1,3}})")
_SURNAME_FIRST = re.compile(r"(?:escu|eanu|anu|iuc|ski|ska|cki|cka|dzki|dzka|wicz|czyk|czak)$")
_PLACE_BEFORE = re.compile(r"([\w-]+)\.?[ \t]+$")


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _WORD_RE.finditer(text[start:end])]


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word.endswith(".")


def _after_place_word(text: str, start: int) -> bool:
    """The words just before ``start`` name a street, a school or a park.

    Walks back over capitalized words and numbers ("Liceul Teoretic Ion ...", "Szkoła
    Podstawowa nr 5 im. Jana ...") to the first other word and checks it.
    """
    tokens = text[max(0, start - 60):start].split()
    if tokens and start - 60 > 0:
        tokens = tokens[1:]
    for token in reversed(tokens[-5:]):
        if token.endswith((",", ";", ":", "!", "?")):
            return False
        bare = fold(token.strip(".()\"'„”"))
        if token.endswith(".") and not (bare.isalpha() and len(bare) <= 3):
            return False
        if bare in PLACE_WORDS:
            return True
        if not (token[0].isupper() or token[0].isdigit() or bare in {"nr", "no"}):
            return False
    return False


def _trim(text: str, start: int, end: int, *, skip_roles: bool) -> tuple[int, int] | None:
    """Keep the name words of ``text[start:end]``: stop at the first word that is not a name."""
    words = _word_spans(text, start, end)
    kept: list[tuple[int, int]] = []
    for ws, we in words:
        folded = fold(text[ws:we])
        if folded in NOT_NAMES:
            if not kept and skip_roles:
                continue
            break
        if not kept and _is_initial(text[ws:we]) and len(words) == 1:
            break
        kept.append((ws, we))
    # A street type closing the words ("Mary Street") makes them a place.
    if kept and fold(text[kept[-1][0]:kept[-1][1]]) in EN_STREET_TYPES:
        return None
    if not kept:
        return None
    return kept[0][0], kept[-1][1]


def find_greeting_names(text: str) -> list[Found]:
    found = []
    for match in _GREETING_RE.finditer(text):
        trigger = fold(text[match.start():match.start("name")]).strip(" \t\r\n,:;.!\u2013\u2014-")
        trimmed = _trim(text, match.start("name"), match.end("name"), skip_roles=False)
        if trimmed is None:
            continue
        start, end = trimmed
        words = [text[ws:we] for ws, we in _word_spans(text, start, end)]
        # after a weak trigger: "Sunt Ion Popescu", "Jestem Anna" but not "Sunt Total De Acord"
        if trigger in _WEAK and fold(words[0]) not in FIRST_NAMES and not (
            len(words) >= 2 and fold(words[1]) in FIRST_NAMES
        ):
            continue
        found.append((start, end, "name"))
    return found


def find_title_names(text: str) -> list[Found]:
    found = []
    for match in _TITLE_RE.finditer(text):
        if _after_place_word(text, match.start()):
            continue
        trimmed = _trim(text, match.start("name"), match.end("name"), skip_roles=True)
        if trimmed is not None:
            found.append((*trimmed, "name"))
    return found


def find_lexicon_names(text: str) -> list[Found]:
    found = []
    for match in _LEXICON_RE.finditer(text):
        spans = _word_spans(text, match.start("name"), match.end("name"))
        i = 0
        while i < len(spans) - 1:
            first = fold(text[spans[i][0]:spans[i][1]])
            second = fold(text[spans[i + 1][0]:spans[i + 1][1]])
            is_first_name = first in FIRST_NAMES and second not in NOT_NAMES
            surname_first = (second in FIRST_NAMES and first not in NOT_NAMES
                             and bool(_SURNAME_FIRST.search(first)))
            if not (is_first_name or surname_first) or _after_place_word(text, spans[i][0]):
                i += 1
                continue
            trimmed = _trim(text, spans[i][0], spans[-1][1], skip_roles=False)
            if trimmed is not None and (trimmed[1] > spans[i][1] or surname_first):
                found.append((*trimmed, "name"))
            break
    return found


def find_closing_line(text: str) -> list[Found]:
    """A last line such as "Ion" or "Anna Nowak" signs the text."""
    stripped = text.rstrip()
    line_start = stripped.rfind("\n") + 1
    if line_start == 0:
        return []
    line = stripped[line_start:]
    words = _word_spans(stripped, line_start, len(stripped))
    if not words or len(words) > 4:
        return []
    body = re.sub("[\\s,.;\u2013\u2014-]", "", line)
    if len("".join(stripped[ws:we] for ws, we in words).replace(".", "")) != len(
        body.replace(".", "")
    ):
        return []
    if not any(fold(stripped[ws:we]) in FIRST_NAMES for ws, we in words):
        return []
    if any(fold(stripped[ws:we]) in NOT_NAMES for ws, we in words):
        return []
    return [(words[0][0], words[-1][1], "name")]


# --- the contributor's own names -----------------------------------------------------------------
_PL_ADJ = re.compile(r"(?:sk|ck|dzk)(?:i|a)$")


@lru_cache(maxsize=1024)
def _part_pattern(part: str) -> str:
    """A regex (on folded text) for one part of a name and its simple inflections."""
    folded = fold(part)
    if _PL_ADJ.search(folded):
        stem = folded[:-1]
        return re.escape(stem) + r"(?:i|a|iego|iemu|im|ich|iej|ie)"
    if folded.endswith("a"):
        stem = folded[:-1]
        return re.escape(stem) + r"(?:a|y|i|ie|e|o|ei|ii|ei|ą)"
    if folded.endswith("ek"):
        stem = folded[:-2] + "k"
        return "(?:" + re.escape(folded) + "|" + re.escape(stem) + r"(?:a|owi|iem|u|i))"
    if folded[-1] in "aeiouy":
        return re.escape(folded) + r"(?:lui|l|ul)?"
    return re.escape(folded) + r"(?:a|owi|em|iem|ie|u|e|ului|ul|ei|y|i|s|'s)?"


@lru_cache(maxsize=256)
def _names_regexes(names: tuple[str, ...]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    wholes: list[str] = []
    parts: set[str] = set()
    for name in names:
        words = re.findall(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", name)
        if not words:
            continue
        folded_words = [fold(word) for word in words]
        if len(words) > 1:
            wholes.append(r"[\s,.-]+".join(re.escape(word) for word in folded_words))
            wholes.append(r"[\s,.-]+".join(re.escape(word) for word in reversed(folded_words)))
        for word in words:
            pieces = [word, *word.split("-")] if "-" in word else [word]
            for piece in pieces:
                if sum(char.isalpha() for char in piece) >= 3:
                    parts.add(_part_pattern(piece))
    whole_re = (re.compile(r"(?<!\w)(?:" + "|".join(sorted(wholes, key=len, reverse=True))
                           + r")(?!\w)") if wholes else None)
    part_re = (re.compile(r"(?<!\w)(?:" + "|".join(sorted(parts, key=len, reverse=True))
                          + r")(?!\w)") if parts else None)
    return whole_re, part_re


def find_given_names(text: str, names: Iterable[str], folded: str | None = None) -> list[Found]:
    cleaned = tuple(sorted({name.strip() for name in names if name and name.strip()}))
    if not cleaned:
        return []
    whole_re, part_re = _names_regexes(cleaned)
    folded = fold(text) if folded is None else folded
    found = []
    if whole_re is not None:
        found += [(m.start(), m.end(), "name") for m in whole_re.finditer(folded)]
    if part_re is not None:
        for match in part_re.finditer(folded):
            first = text[match.start()]
            if not first.isupper():
                continue
            if _after_place_word(text, match.start()):
                continue
            found.append((match.start(), match.end(), "name"))
    return found


_INITIALS_BEFORE = re.compile(rf"(?<![\w.])(?:[{_U}]\.[ \t]*){{1,2}}$")


def find_names(text: str, names: Sequence[str] = (), folded: str | None = None) -> list[Found]:
    found = find_given_names(text, names, folded)
    found += find_greeting_names(text)
    found += find_title_names(text)
    found += find_lexicon_names(text)
    found += find_closing_line(text)
    # "D. Avram": the initials before a name belong to it
    extended = []
    for start, end, kind in found:
        initials = _INITIALS_BEFORE.search(text, max(0, start - 8), start)
        extended.append((initials.start() if initials else start, end, kind))
    return extended
