"""Detectors of personal data other than names; each returns ``(start, end, kind)`` tuples."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher
from stdnum import iban as std_iban
from stdnum.pl import pesel as std_pesel
from stdnum.ro import cnp as std_cnp

from participa.lib.redaction._text import LOWER, UPPER

Found = tuple[int, int, str]

# --- e-mail addresses (also "name [at] domain [dot] ro") -----------------------------------------
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])"
    r"|(?<![\w.+-])[\w.%+-]+\s?[\[(]\s?(?:at|@|malpa|małpa)\s?[\])]\s?[\w-]+"
    r"(?:\s?(?:[\[(]\s?(?:dot|punct|kropka)\s?[\])]|\.)\s?[\w-]+)+"
)
# "name at gmail dot com", "jan.kowalski małpa wp kropka pl": words instead of "@" and ".".
_EMAIL_WORDS = re.compile(
    r"(?i)(?<![\w.+-])[\w.%+-]+(?:[ \t]+(?:dot|punct|punkt|kropka)[ \t]+[\w.%+-]+)*"
    r"[ \t]+(?:at|@|ad|arond|małpa|malpa|malpka|małpka)[ \t]+"
    r"[\w-]+(?:[ \t]*\.[ \t]*[\w-]+|[ \t]+(?:dot|punct|punkt|kropka|pct)[ \t]+[\w-]+)*"
    r"(?:[ \t]*\.[ \t]*|[ \t]+(?:dot|punct|punkt|kropka|pct)[ \t]+)"
    r"(?:com|net|org|ro|pl|eu|uk|co\.uk|hu|de|info|biz|io|me|md)(?![\w-])"
)


_EMAIL_HINT = re.compile(r"(?i)\b(?:at|ad|arond|ma[łl]p(?:a|ka))\b")


def find_emails(text: str) -> list[Found]:
    if "@" not in text and "[" not in text and "(" not in text and not _EMAIL_HINT.search(text):
        return []
    found = [(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
    found += [(m.start(), m.end(), "email") for m in _EMAIL_WORDS.finditer(text)]
    return found


# --- URLs with personal identifiers --------------------------------------------------------------
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'\]]+"
    r"|(?<![\w.@/-])(?:[\w-]+\.)*(?:facebook|fb|instagram|linkedin|twitter|x|tiktok|youtube"
    r"|threads|snapchat|vk)\.(?:com|net|me)/[^\s<>\"'\]]+",
    re.IGNORECASE,
)
_SOCIAL = {"facebook.com", "fb.com", "fb.me", "instagram.com", "linkedin.com", "twitter.com",
           "x.com", "tiktok.com", "youtube.com", "threads.net", "snapchat.com", "vk.com",
           "m.facebook.com", "pl.linkedin.com", "ro.linkedin.com", "uk.linkedin.com"}
# Paths on social networks that are not a person's profile.
_SOCIAL_GENERIC = {"groups", "events", "hashtag", "watch", "explore", "search", "help",
                   "policies", "privacy", "legal", "about", "company", "school", "pages",
                   "sharer", "share", "home", "login", "feed", "jobs", "playlist", "results"}
_PERSONAL_PARAMS = {"user", "username", "userid", "user_id", "uid", "id", "email", "mail",
                    "e-mail", "name", "profile", "profile_id", "phone", "tel", "cnp", "pesel",
                    "login", "account", "member", "person", "nume", "imie", "nazwisko", "token"}


def _is_personal_url(url: str) -> bool:
    candidate = url if "://" in url else "http://" + url
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return True
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in _SOCIAL or any(host.endswith("." + social) for social in _SOCIAL):
        if segments and segments[0].lower() not in _SOCIAL_GENERIC:
            return True
        return bool(parts.query) and any(key.lower() in {"id", "profile_id", "user"}
                                         for key, _ in parse_qsl(parts.query))
    if parts.query:
        for key, _value in parse_qsl(parts.query, keep_blank_values=True):
            if key.lower() in _PERSONAL_PARAMS:
                return True
    return bool(segments) and segments[0].startswith("~")


def find_urls(text: str) -> list[Found]:
    if "." not in text:
        return []
    found = []
    for match in _URL.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in ".,;:!?)":
            if text[end - 1] == ")" and "(" in text[start:end - 1]:
                break
            end -= 1
        if _is_personal_url(text[start:end]):
            found.append((start, end, "url"))
    return found


# --- CNP and PESEL -------------------------------------------------------------------------------
_DIGITS = re.compile(r"(?<![\d/.,-])\d{11}(?:\d{2})?(?![\d/-]|[.,]\d)")


# The same numbers written in groups: "1850702 325803", "185.070.232.5803", "72-07-06-56045".
_GROUPED = re.compile(r"(?<![\w/.,+-])\d{1,7}(?:[ .-]\d{1,7}){1,6}(?![\w]|[.,/-]?\d)")
# After "CNP" or "PESEL" (also "CNP/", "CNP-ul meu este"), 13 or 11 digits are an identifier
# even when the check digit is wrong: a typo is still personal data.
_AFTER_KEYWORD = re.compile(
    r"(?i)\b(?P<kind>cnp|pesel)\b[^\d\n]{0,25}?(?P<number>\d(?:[ .-]?\d){10,12})(?![\w]|[.,-]?\d)")


def _digits(raw: str) -> str:
    return "".join(char for char in raw if char.isdigit())


def _valid_id(number: str) -> bool:
    return (len(number) == 13 and std_cnp.is_valid(number)) or (
        len(number) == 11 and std_pesel.is_valid(number))


def find_national_ids(text: str) -> list[Found]:
    found = []
    for match in _DIGITS.finditer(text):
        if _valid_id(match.group()):
            found.append((match.start(), match.end(), "national_id"))
    if not _MANY_DIGITS.search(text):
        return found
    for match in _GROUPED.finditer(text):
        raw = match.group()
        if _valid_id(_digits(raw)) and not _CURRENCY.match(text[match.end():match.end() + 12]):
            found.append((match.start(), match.end(), "national_id"))
    for match in _AFTER_KEYWORD.finditer(text):
        number = _digits(match.group("number"))
        expected = 13 if match.group("kind").lower() == "cnp" else 11
        if len(number) == expected:
            found.append((match.start("number"), match.end("number"), "national_id"))
    return found


# --- IBANs (and Polish 26-digit account numbers written without "PL") ----------------------------
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \t]?[A-Za-z0-9]){10,30}")
_NRB = re.compile(r"(?<![\d])\d{2}(?:[ \t]?\d{4}){6}(?!\d)")


def find_ibans(text: str) -> list[Found]:
    found = []
    for match in _IBAN.finditer(text):
        raw = match.group()
        # the longest prefix (ending on an alphanumeric) that is a valid IBAN
        for end in range(len(raw), 14, -1):
            if raw[end - 1] in " \t" or (end < len(raw) and raw[end] not in " \t"):
                continue
            if std_iban.is_valid(raw[:end].upper()):
                found.append((match.start(), match.start() + end, "iban"))
                break
    for match in _NRB.finditer(text):
        if std_iban.is_valid("PL" + match.group().replace(" ", "").replace("\t", "")):
            found.append((match.start(), match.end(), "iban"))
    return found


# --- phone numbers -------------------------------------------------------------------------------
_REGIONS = {"ro": ("RO", "PL", "GB"), "pl": ("PL", "RO", "GB"), "en": ("GB", "RO", "PL")}
_PHONE_HINT = re.compile(r"(?i)(?:\btel\b|\btel\.|telefon|\bmobil|\bkom\.|komórk|\bphone|\bcall"
                         r"|\bfax|\bnr\.? de (?:tel|contact)|\bsunați|\bsunati|\bzadzwo|\bwhatsapp"
                         r"|\bsms)[^\n]{0,25}$")
_CURRENCY = re.compile(r"(?i)^\s*(?:lei|ron|euro|eur|€|zł|zl|pln|złotych|zlotych|gbp|£|usd|\$"
                       r"|mln|mld|mii|tys|de lei|m2|m²|mp|km|locuri|osoane|osób|persoane|people)\b")
_CURRENCY_BEFORE = re.compile(r"(?i)(?:€|£|\$|eur|pln|ron|suma|kwota|kwotę|valoare|amount)\s*$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
# Shapes that only phone numbers take: an international or trunk prefix and 10-13 digits,
# or a Polish mobile number in three groups of three.
_PHONE_SHAPE = re.compile(r"^(?:\+|00|\(?0)(?:[\s().-]*\d){9,12}$|^[4-8]\d{2}[ .-]\d{3}[ .-]\d{3}$")
_PL_MOBILE = re.compile(r"^[4-8]\d{2}\.\d{3}\.\d{3}$")
_MANY_DIGITS = re.compile(r"\d(?:[\s().+/-]*\d){6}")


def find_phones(text: str, lang: str) -> list[Found]:
    if not _MANY_DIGITS.search(text):
        return []
    found: dict[tuple[int, int], None] = {}
    for region in _REGIONS.get(lang, ("RO", "PL", "GB")):
        # One permissive pass per region; a number is kept if it is valid for the region, has
        # a shape only phone numbers have, or follows a word such as "tel." or "telefon".
        for match in PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE):
            start, end = match.start, match.end
            if (start, end) in found:
                continue
            raw = match.raw_string
            digits = sum(char.isdigit() for char in raw)
            if not (
                _PHONE_SHAPE.match(raw)
                or phonenumbers.is_valid_number(match.number)
                or _PHONE_HINT.search(text[max(0, start - 40):start])
            ):
                continue
            if digits < 9 and not raw.startswith("+"):
                continue
            if len({char for char in raw if char.isdigit()}) <= 1:  # "0000 0000 00"
                continue
            if _THOUSANDS.match(raw) and not _PL_MOBILE.match(raw):
                continue
            if _CURRENCY.match(text[end:end + 12]):
                continue
            if _CURRENCY_BEFORE.search(text[max(0, start - 12):start]):
                continue
            found[(start, end)] = None
    # "+40 (0)256 ..." or "(0) 722": the matcher sometimes leaves the leading "+"/"(" out
    result = []
    for start, end in found:
        while start > 0 and text[start - 1] in "+(":
            start -= 1
        result.append((start, end, "phone"))
    return result


def phone_is_possible(raw: str, region: str = "RO") -> bool:
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(raw, region))
    except phonenumbers.NumberParseException:
        return False


# --- street addresses ----------------------------------------------------------------------------
_U, _L = UPPER, LOWER
_RO_STREET = (r"(?:str\.?|strada|bd\.|bdul\.?|b-dul\.?|bulevardul|calea|aleea|piața|piata|p-ța"
              r"|p-ta|șos\.|sos\.|șoseaua|soseaua|splaiul|intrarea|intr\.)")
_RO_TAIL = (r"(?:\s*,?\s*(?:bloc(?:ul)?|bl\.?|scara|sc\.?|etaj(?:ul)?|et\.?|apartament(?:ul)?"
            r"|apt\.?|ap\.?|camera|cam\.?)\s*[\w-]{1,5}\b)*")
_RO_ADDRESS = re.compile(
    rf"(?i)(?<![\w-]){_RO_STREET}\s*(?=[{_U}\d])[^\n;:()]{{1,60}}?,?\s*(?:nr\.?|num[aă]rul)\s*"
    rf"\d+[a-z]?(?![\w/]){_RO_TAIL}"
)
# "Strada Republicii 18", "str. Dacilor 7", "Aleea Viilor 3, ap. 11": a street without "nr.".
_RO_NAME_WORD = rf"(?:[{_U}][{_L}{_U}'-]*\.?|\d{{1,2}}|de|la|lui|cel|din)"
_RO_ADDRESS_BARE = re.compile(
    rf"(?i:(?<![\w-]){_RO_STREET})[ \t]*(?={_RO_NAME_WORD})(?:{_RO_NAME_WORD}[ \t]+){{1,5}}?"
    rf",?[ \t]*\d{{1,3}}[A-Za-z]?(?![\w/]|[.,]\d)"
    rf"(?=[ \t]*(?:$|[,.;:)\n]|(?:[șs]i|din|l[âa]ng[ăa]|[îi]n|la|unde|ap|bl|sc|et)\b))"
    rf"(?i:{_RO_TAIL})"
)
_RO_BLOCK = re.compile(
    r"(?i)(?<![\w-])(?:bl\.?|blocul)\s*[\w-]{1,5}\s*,?\s*(?:sc\.?|scara)\s*[\w-]{1,3}"
    r"(?:\s*,?\s*(?:et\.?|etaj(?:ul)?|ap\.?|apartament(?:ul)?)\s*[\w-]{1,4})*"
)
_PL_NAME_WORD = rf"(?:[{_U}][{_L}{_U}'-]*\.?|\d{{1,2}}|[IVX]{{1,4}})"
_PL_ADDRESS = re.compile(
    rf"(?<![\w-])(?:[uU]l\.|[uU]lic[ayęe]|[aA]l\.|[aA]lej[ai]?|[aA]leja|[pP]l\.|[pP]lac[u]?"
    rf"|[oO]s\.|[oO]siedl(?:e|u|a))\s+{_PL_NAME_WORD}(?:[ \t]+(?:i[ \t]+)?{_PL_NAME_WORD}){{0,4}}?"
    rf"[ \t]+(?:nr[ \t]*)?\d{{1,4}}[a-zA-Z]?(?:[ \t]*/[ \t]*\d{{1,4}}[a-zA-Z]?)?"
    rf"(?:[ \t]*(?:m\.|lok\.|mieszk\.|m)[ \t]*\d{{1,4}})?(?![\w/.,]\d)(?!\d)"
)
_PL_ADDRESS_BARE = re.compile(
    rf"(?i:(?<![\w-])(?:mieszkam|mieszkamy|zamieszka[łl][aey]?|zamieszkuj[ęe]|mieszka"
    rf"|adres(?: zamieszkania| do korespondencji)?[ \t]*:))[ \t]+(?:(?i:na|przy)[ \t]+)?"
    rf"(?P<address>{_PL_NAME_WORD}(?:[ \t]+{_PL_NAME_WORD}){{0,3}}?[ \t]+\d{{1,4}}[a-zA-Z]?"
    rf"(?:[ \t]*/[ \t]*\d{{1,4}}[a-zA-Z]?)?(?:[ \t]*(?:m\.|lok\.|m)[ \t]*\d{{1,4}})?)"
    rf"(?![\w/.,]\d)(?!\d)"
)
_EN_ADDRESS = re.compile(
    rf"(?:(?:Flat|Apartment|Apt\.?|Unit)\s+\d+[A-Za-z]?,?\s+)?(?<![\w/.,-])\d{{1,4}}[A-Za-z]?,?"
    rf"\s+(?:[{_U}][{_L}'-]+\s+){{1,3}}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Drive"
    rf"|Close|Court|Crescent|Square|Boulevard|Way|Place|Terrace|Gardens|Grove|Row|Mews)\b"
)


_STREET_WORD = re.compile(
    rf"(?i)(?<![\w-])(?:{_RO_STREET}|bl\.?|blocul|ul\.|ulic|al\.|alej|pl\.|plac|os\.|osiedl)")
_DIGIT = re.compile(r"\d")


def find_addresses(text: str, lang: str) -> list[Found]:
    found: list[Found] = []
    if not _DIGIT.search(text):  # every address has a house or block number
        return found
    patterns = [_EN_ADDRESS]
    if _STREET_WORD.search(text):
        patterns += [_RO_ADDRESS, _RO_ADDRESS_BARE, _RO_BLOCK, _PL_ADDRESS]
    for pattern in patterns:
        for match in pattern.finditer(text):
            end = match.end()
            while end > match.start() and text[end - 1] in " ,.\t":
                end -= 1
            found.append((match.start(), end, "address"))
    lowered = text.lower()
    if "mieszk" in lowered or "adres" in lowered:
        for match in _PL_ADDRESS_BARE.finditer(text):
            found.append((match.start("address"), match.end("address"), "address"))
    return found
