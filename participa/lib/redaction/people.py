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
6. Names after a label or a cue that introduces a person ("Expeditor:", "Primul semnatar:",
   "Submitter:", "Nadawca:", "formulate de către", "pe numele", "reclamantul", "zgłaszają
   wspólnie ... i ...", "lodged by"), and the names listed after them ("X și Y", "X, Y i Z").
7. Given names and surnames known from name data (``namedata``: per-country tables derived from
   ``names-dataset``; for Polish also ``morfeusz2``, which knows their inflected forms): a given
   name with a surname in either order ("Bianca-Ioana ȘERBAN", "Schwartz Egon"), an initial with
   a known surname ("G. Lupu"), a bare name in the signature block above an address or a phone
   and a lower-case signature after a closing formula ("cu stimă,\nion popescu").
   Place names from the gazetteer ("Alba Iulia", "Cluj-Napoca") are not names.
8. Public officials acting in office: names right after an office ("primarul", "Prezydent
   Miasta", "Councillor") and the names given as ``officials`` stay when ``keep_officials``
   (the default, as the cities' own published tables keep them), unless they are the
   contributor's own names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from participa.lib.redaction import namedata, polish
from participa.lib.redaction._text import LOWER, UPPER, fold
from participa.lib.redaction.lexicon import (
    COMMON_WORDS,
    EN_STREET_TYPES,
    FIRST_NAMES,
    NOT_NAMES,
    PLACE_WORDS,
)

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


def find_title_names(text: str, lang: str = "") -> list[Found]:
    found = []
    for match in _TITLE_RE.finditer(text):
        if _after_place_word(text, match.start()):
            continue
        trimmed = _trim(text, match.start("name"), match.end("name"), skip_roles=True)
        if trimmed is None:
            continue
        words = [text[ws:we] for ws, we in _word_spans(text, *trimmed)]
        if lang == "pl" and all(_only_common(word, lang) for word in words):
            continue  # "Pani Naczelnik Wydziału Ochrony Środowiska": an office, not a name
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


# --- name data ---------------------------------------------------------------------------------
def _parts(word: str) -> list[str]:
    return [fold(part) for part in re.split(r"[-']", word.rstrip(".")) if part]


def _pl_labels(word: str, lang: str) -> frozenset[str]:
    return polish.labels(word) if lang == "pl" else frozenset()


@lru_cache(maxsize=65536)
def is_given(word: str, lang: str = "") -> bool:
    """A known given name (each part of a double-barrelled one)."""
    tables = namedata.tables()
    parts = _parts(word)
    if not parts or any(len(part) < 2 for part in parts):
        return False
    if all(part in tables.given or part in FIRST_NAMES for part in parts):
        return not (len(parts) == 1 and parts[0] in COMMON_WORDS)
    return polish.GIVEN in _pl_labels(word[:1] + word[1:].lower(), lang)


@lru_cache(maxsize=65536)
def is_surname(word: str, lang: str = "") -> bool:
    tables = namedata.tables()
    parts = _parts(word)
    if not parts or any(len(part) < 2 for part in parts):
        return False
    if any(part in NOT_NAMES or part in PLACE_WORDS or part in COMMON_WORDS for part in parts):
        return False
    if all(part in tables.surnames or part in tables.given or _SURNAME_FIRST.search(part)
           for part in parts):
        return True
    labels = _pl_labels(word[:1] + word[1:].lower(), lang)
    return polish.SURNAME in labels or polish.GIVEN in labels


@lru_cache(maxsize=65536)
def _only_common(word: str, lang: str) -> bool:
    """Polish: the dictionary knows the word only as an ordinary word or a place."""
    labels = _pl_labels(word[:1] + word[1:].lower(), lang)
    return bool(labels) and not labels & {polish.GIVEN, polish.SURNAME}


@lru_cache(maxsize=65536)
def _is_place(text: str) -> bool:
    folded = fold(text).strip(" .,")
    return folded in namedata.tables().places


@lru_cache(maxsize=65536)
def _name_word_ok(word: str) -> bool:
    folded = fold(word.rstrip("."))
    return (folded not in NOT_NAMES and folded not in PLACE_WORDS and folded not in COMMON_WORDS
            and folded not in EN_STREET_TYPES)


def find_table_names(text: str, lang: str) -> list[Found]:
    """A known given name next to a surname, in either order, outside place names."""
    found = []
    for match in _LEXICON_RE.finditer(text):
        spans = _word_spans(text, match.start("name"), match.end("name"))
        words = [text[ws:we] for ws, we in spans]
        i = 0
        while i < len(spans) - 1:
            first, second = words[i], words[i + 1]
            if not (_name_word_ok(first) and _name_word_ok(second)) or _is_initial(first):
                i += 1
                continue
            given_first = is_given(first, lang) and (
                is_surname(second, lang) or (not is_given(second, lang)
                                             and not _only_common(second, lang)
                                             and second.lower() != second))
            surname_first = (is_given(second, lang) and is_surname(first, lang)
                             and not is_given(first, lang)
                             and polish.COMMON not in _pl_labels(first, lang))
            both_given = (is_given(first, lang) and is_given(second, lang)
                          and (first.isupper() or second.isupper()))
            # "Cristiana-Maria VLĂDESCU", "ȘERBAN Bianca": a surname in capitals next to a
            # capitalized word, the way forms and signatures write it
            caps = any(a.isupper() and len(a) >= 3 and is_surname(a, lang) and b[:1].isupper()
                       and not b.isupper() and not _only_common(b, lang)
                       for a, b in ((first, second), (second, first)))
            if not (given_first or surname_first or both_given or caps):
                i += 1
                continue
            if lang == "pl" and (_only_common(first, lang) or _only_common(second, lang)):
                i += 1
                continue
            end = i + 1
            if end + 1 < len(spans) and _name_word_ok(words[end + 1]) and (
                    is_surname(words[end + 1], lang)) and not _only_common(words[end + 1], lang):
                end += 1
            start_offset, end_offset = spans[i][0], spans[end][1]
            phrase = text[start_offset:end_offset]
            if (_after_place_word(text, start_offset) or _is_place(phrase)
                    or _street_follows(text, end_offset) or _REGNAL.match(text, end_offset)):
                i = end + 1
                continue
            found.append((start_offset, end_offset, "name"))
            i = end + 1
    return found


# "Jan Paweł II", "Carol I", "Elizabeth II": a pope or a monarch (and the streets named after
# them), not a resident.
_REGNAL = re.compile(r"[ \t]+[IVX]{1,4}\b(?![.'-]?\w)")
_REGNAL_END = re.compile(r"[ \t][IVX]{1,4}$")


def _street_follows(text: str, end: int) -> bool:
    following = re.match(r"[ \t]+([\w-]+)", text[end:end + 20])
    return bool(following) and fold(following.group(1)) in EN_STREET_TYPES  # type: ignore[union-attr]


_INITIAL_NAME = re.compile(rf"(?<![\w.])(?:[{_U}]\.[ \t]?){{1,2}}(?P<word>{_WORD})")


def find_initial_names(text: str, lang: str) -> list[Found]:
    """"G. Lupu", "T. Whitfield": an initial and a known surname."""
    found = []
    for match in _INITIAL_NAME.finditer(text):
        word = match.group("word")
        if _is_initial(word) or not _name_word_ok(word) or not is_surname(word, lang):
            continue
        if _only_common(word, lang) or _after_place_word(text, match.start()):
            continue
        found.append((match.start(), match.end(), "name"))
    return found


# --- labels and cues that introduce a person ------------------------------------------------
_LABELS = [
    r"expeditor(?:ul)?", r"primul semnatar", r"semnez [șs]i eu", r"semneaz[ăa] [șs]i",
    r"semnatar(?:i|ul|a|ii)?", r"titular(?:ul|a)?(?:[ \t]+[^\W\d_]+){0,3}?",
    r"nume(?: [șs]i prenume)?", r"numele meu", r"persoan[ăa] de contact", r"contact",
    r"nadawca", r"zg[łl]aszaj[ąa]c[yae]?", r"imi[ęe] i nazwisko", r"podpisano", r"podpisali",
    r"podpisa[łl][ao]?", r"wnioskodawca", r"wnioskodawczyni", r"kontakt", r"autor(?:ka)?",
    r"submitter", r"submitted by", r"sender", r"from", r"(?:full )?name", r"respondent",
    r"author", r"petitioner", r"signed",
]
_LABEL_RE = re.compile(
    rf"(?im)(?:^|(?<=[\n.;]))[ \t]*(?:{'|'.join(_LABELS)})[ \t]*:[ \t]*(?P<name>{_WORDS})")
_CUES = [
    r"formulat[eăa]? de c[ăa]tre", r"de c[ăa]tre", r"pe numele", r"reclamant(?:ul|a)",
    r"petent(?:ul|a)", r"ini[țt]iat[ăe]? de", r"depus[ăe]? de", r"sus[țt]inut[ăe]? de",
    r"semnat[ăe]? de", r"vecin(?:ul|a) (?:meu|mea)", r"vecin(?:ul|a)", r"mama mea",
    r"tat[ăa]l meu", r"domni[șs]oara", r"zg[łl]aszaj[ąa] wsp[óo]lnie", r"wsp[óo]lnie", r"przez",
    r"z[łl]o[żz]y[łl][ao]?",
    r"sk[łl]ada", r"zauwa[żz]y[łl][ao]?", r"napisa[łl][ao]?", r"przygotowa[łl][ao]?",
    r"w imieniu (?:mamy|matki|taty|ojca|babci|dziadka|m[ęe][żz]a|[żz]ony|s[ąa]siad(?:a|ki))",
    r"s[ąa]siad(?:ka)?", r"skarg[aię]", r"lodged by", r"signed by", r"started by",
    r"initiated by", r"written by", r"submitted by", r"on behalf of my \w+", r"my neighbou?r",
    r"my (?:father|mother|husband|wife|son|daughter)", r"as", r"passed to",
]
_CUE_RE = re.compile(
    rf"(?<![\w])(?i:{'|'.join(_CUES)})[ \t]*[,:]?[ \t]*(?P<name>{_WORDS})")
_AND = re.compile(r"(?:[ \t]*,[ \t]*|[ \t]+(?:și|si|i|oraz|and|&)[ \t]+)"
                  rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,2}})")


_TITLE_WORDS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "lady", "lord",
                          "pan", "pani", "panem", "pania", "panu", "dl", "dna", "domnul",
                          "doamna", "domnului", "doamnei", "ing", "mgr", "inz"})


def _accept_cued(text: str, start: int, end: int, lang: str) -> tuple[int, int] | None:
    """The name words after a cue: up to three capitalized words, of which a given name or a
    surname known from the name data (one known word alone must not be an ordinary word)."""
    trimmed = _trim(text, start, end, skip_roles=False)
    if trimmed is None:
        return None
    kept: list[tuple[int, int, str]] = []
    spans = _word_spans(text, *trimmed)
    while spans and fold(text[spans[0][0]:spans[0][1]]).rstrip(".") in _TITLE_WORDS:
        spans = spans[1:]
    for ws, we in spans[:3]:
        word = text[ws:we]
        if not _is_initial(word) and (not _name_word_ok(word) or _only_common(word, lang)):
            break
        kept.append((ws, we, word))
    while kept and _is_initial(kept[-1][2]):
        kept.pop()
    if not kept:
        return None
    words = [word for _ws, _we, word in kept]
    known = [is_given(word, lang) or is_surname(word, lang) for word in words]
    if not any(known):
        return None
    if len(words) == 1 and (lang == "pl" and polish.COMMON in polish.labels(words[0])):
        return None
    begin, finish = kept[0][0], kept[-1][1]
    if _is_place(text[begin:finish]) or _after_place_word(text, begin):
        return None
    return begin, finish


_LABEL_LOWER_RE = re.compile(
    rf"(?im)(?:^|(?<=[\n.;]))[ \t]*(?:{'|'.join(_LABELS)})[ \t]*:[ \t]*"
    rf"(?P<name>[{_L}][{_L}'-]+(?:[ \t]+[{_L}][{_L}'-]+){{1,2}})[ \t]*(?=$|[,;\n])")


def find_label_names(text: str, lang: str) -> list[Found]:
    found = []
    labelled = ":" in text
    for match in _LABEL_LOWER_RE.finditer(text) if labelled else ():  # "Submitter: aisha rahman"
        words = match.group("name").split()
        if is_given(words[0].capitalize(), lang) and all(_name_word_ok(word) for word in words):
            found.append((match.start("name"), match.end("name"), "name"))
    for match in _LABEL_RE.finditer(text) if labelled else ():
        trimmed = _trim(text, match.start("name"), match.end("name"), skip_roles=False)
        if trimmed is None or _is_place(text[trimmed[0]:trimmed[1]]):
            continue
        words = [text[ws:we] for ws, we in _word_spans(text, *trimmed)]
        if lang == "pl" and all(_only_common(word, lang) for word in words):
            continue
        if not all(_name_word_ok(word) for word in words):
            continue  # "Name: Prefer Not To Say"
        found.append((*trimmed, "name"))
    for match in _CUE_RE.finditer(text):
        accepted = _accept_cued(text, match.start("name"), match.end("name"), lang)
        if accepted is not None:
            found.append((*accepted, "name"))
    return found


def _extend_lists(text: str, found: list[Found], lang: str) -> list[Found]:
    """The names listed after a found one: "X și Y", "X, Y i Z", "X and Y"."""
    extra: list[Found] = []
    queue = list(found)
    seen = {(start, end) for start, end, _kind in found}
    while queue:
        _start, end, _kind = queue.pop()
        match = _AND.match(text, end)
        if not match:
            continue
        accepted = _accept_cued(text, match.start("name"), match.end("name"), lang)
        if accepted is None or accepted in seen:
            continue
        words = _word_spans(text, *accepted)
        if len(words) < 2 and not any(is_given(text[ws:we], lang) for ws, we in words):
            continue
        seen.add(accepted)
        item = (*accepted, "name")
        extra.append(item)
        queue.append(item)
    return extra


# --- signatures ------------------------------------------------------------------------------
_CLOSINGS = (r"cu (?:toat[ăa] )?stim[ăa]|cu respect|cu drag|mul[țt]umesc(?: frumos)?"
             r"|v[ăa] mul[țt]umesc|z powa[żz]aniem|z wyrazami szacunku|pozdrawiam(?: serdecznie)?"
             r"|pozdrowienia|dzi[ęe]kuj[ęe]|(?:kind |best |warm )?regards|best|thanks|thank you"
             r"|cheers|sincerely|yours sincerely|yours faithfully")
_LOWER_SIGNATURE = re.compile(
    rf"(?im)^[ \t]*(?:{_CLOSINGS})[ \t]*[,.!]?[ \t]*\r?\n[ \t]*"
    rf"(?P<name>[{_L}][{_L}'-]+(?:[ \t]+[{_L}][{_L}'-]+){{1,2}})[ \t]*$")
_CONTACT_LINE = re.compile(
    r"(?i)^(?:[^\w]*(?:tel|telefon|phone|mobil|kom|e-?mail|mail|adres[a]?|address|str|strada"
    r"|ul|al|os|bd|calea|aleea|flat)\b.*|.*\d{2}.*|.*@.*|[\w .-]{0,30}\b\d{2}-\d{3}\b.*)$")


def find_lower_signatures(text: str, lang: str) -> list[Found]:
    found = []
    for match in _LOWER_SIGNATURE.finditer(text):
        words = match.group("name").split()
        if is_given(words[0].capitalize(), lang) and not any(
                fold(word) in NOT_NAMES for word in words):
            found.append((match.start("name"), match.end("name"), "name"))
    return found


def find_signature_block(text: str, lang: str) -> list[Found]:
    """A bare name on its own line at the end, with only contact lines after it."""
    lines = text.rstrip().split("\n")
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    index = len(lines) - 1
    while index > 0 and _CONTACT_LINE.match(lines[index].strip()) and (
            len(lines[index].strip()) < 80):
        index -= 1
    if index <= 0:
        return []
    line = lines[index]
    start = offsets[index]
    words = _word_spans(text, start, start + len(line))
    if not words or len(words) > 4:
        return []
    body = re.sub(r"[\s,.;()\u2013\u2014-]", "", line)
    joined = "".join(text[ws:we] for ws, we in words)
    if len(joined.replace(".", "").replace("-", "").replace("'", "")) != len(
            body.replace(".", "").replace("-", "").replace("'", "")):
        return []
    values = [text[ws:we] for ws, we in words]
    if any(not _name_word_ok(value) for value in values) or len(values) < 2:
        return []
    if all(_is_initial(value) for value in values):
        return []
    if not any(is_given(value, lang) for value in values) or not all(
            _is_initial(value) or is_given(value, lang) or is_surname(value, lang)
            for value in values):
        return []
    if _is_place(text[words[0][0]:words[-1][1]]):
        return []
    return [(words[0][0], words[-1][1], "name")]


# --- officials in office -------------------------------------------------------------------------
_OFFICE_BEFORE = re.compile(
    r"(?:\b(?:primar(?:ul|ului)?|viceprimar(?:ul|ului)?|consilier(?:ul|ului)? (?:local|judetean)"
    r"|consilier(?:a|ei) (?:locala|judeteana)|prefect(?:ul|ului)?|subprefect(?:ul|ului)?"
    r"|prezydent(?:a|em|owi)?(?: miasta)?(?: [a-z]+)?|wiceprezydent(?:a|em)?(?: miasta)?"
    r"|burmistrz(?:a|em)?|wojt(?:a|em)?|radn(?:y|a|ego|ej|ym)(?: miejsk(?:i|a|iego|iej|im))?"
    r"|starost(?:a|y|ą)|wojewod(?:a|y)|marszal(?:ek|ka)|naczelni(?:k|czka)|mayor|deputy mayor"
    r"|director(?:ul|ului)?|directoare(?:a|i)?|dyrektor(?:a|em|ze)?|kierownik(?:a|iem)?"
    r"|lord mayor|councillor|councilor|cllr)\.?)[ \t]*,?[ \t]*$")


def _in_office(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    before = fold(text[max(line_start, start - 40):start])
    return bool(_OFFICE_BEFORE.search(before))


def _official_cover(text: str, officials: Sequence[str],
                    folded: str) -> list[tuple[int, int]]:
    cleaned = tuple(sorted({name.strip() for name in officials if name and name.strip()}))
    if not cleaned:
        return []
    whole_re, part_re = _names_regexes(cleaned)
    cover = []
    for pattern in (whole_re, part_re):
        if pattern is not None:
            cover += [(m.start(), m.end()) for m in pattern.finditer(folded)]
    return cover


def _covered_by(start: int, end: int, cover: list[tuple[int, int]], text: str) -> bool:
    """Every word of text[start:end] lies in one of the ``cover`` ranges."""
    words = _word_spans(text, start, end) or [(start, end)]
    return all(any(cs <= ws and we <= ce for cs, ce in cover) for ws, we in words
               if not _is_initial(text[ws:we]))


def find_names(text: str, names: Sequence[str] = (), folded: str | None = None, *,
               lang: str = "", officials: Sequence[str] = (),
               keep_officials: bool = True) -> list[Found]:
    folded = fold(text) if folded is None else folded
    own = find_given_names(text, names, folded)
    found = find_greeting_names(text)
    found += find_title_names(text, lang)
    found += find_lexicon_names(text)
    found += find_closing_line(text)
    found += find_table_names(text, lang)
    found += find_initial_names(text, lang)
    found += find_label_names(text, lang)
    found += find_lower_signatures(text, lang)
    found += find_signature_block(text, lang)
    found = [item for item in found if not _is_place(text[item[0]:item[1]])
             and not _REGNAL.match(text, item[1])
             and not _REGNAL_END.search(text, item[0], item[1])]
    found += _extend_lists(text, found, lang)
    if keep_officials:
        cover = _official_cover(text, officials, folded)
        found = [(start, end, kind) for start, end, kind in found
                 if not (_in_office(text, start) or _covered_by(start, end, cover, text))]
    found += own
    # "D. Avram": the initials before a name belong to it
    extended = []
    for start, end, kind in found:
        initials = _INITIALS_BEFORE.search(text, max(0, start - 8), start)
        extended.append((initials.start() if initials else start, end, kind))
    return extended
