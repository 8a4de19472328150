"""Identifier redaction of the text residents publish (comments, group descriptions, profiles).

Residents' text is published as soon as it is posted, with no review, so only identifiers that
are never needed in a public discussion are removed: e-mail addresses, phone numbers, national
ID numbers (CNP, PESEL) and IBANs. Detection is ``participa.lib.redaction``'s; the placeholder is
the organization's (per language). The author is told which kinds were removed
(``removed_message``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, ngettext

from participa.lib import redaction as lib

IDENTIFIER_KINDS: tuple[str, ...] = ("email", "phone", "national_id", "iban")


@dataclass(frozen=True)
class IdentifierRedaction:
    text: str
    # How many of each kind were removed, e.g. {"email": 1, "phone": 2}.
    removed: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.removed)


def placeholder_for(org: Any, lang: str | None = None) -> str:
    lang = lang or (org.default_language if org is not None else "en")
    custom = (getattr(org, "redaction_placeholders", None) or {}).get(lang)
    return str(custom or lib.DEFAULT_PLACEHOLDERS.get(lang, lib.DEFAULT_PLACEHOLDERS["en"]))


def redact_identifiers(org: Any, text: str, *, lang: str | None = None) -> IdentifierRedaction:
    """``text`` with e-mail addresses, phone numbers, ID numbers and IBANs replaced by the
    organization's placeholder. Running it again on its own output changes nothing."""
    if not text:
        return IdentifierRedaction(text or "")
    lang = lang or (org.default_language if org is not None else "en")
    spans = [span for span in lib.find(text, lang=lang) if span.kind in IDENTIFIER_KINDS]
    if not spans:
        return IdentifierRedaction(text)
    redacted = lib.apply(text, spans, placeholder=placeholder_for(org, lang))
    counts = Counter(span.kind for span in spans)
    return IdentifierRedaction(redacted, {kind: counts[kind] for kind in IDENTIFIER_KINDS
                                          if counts[kind]})


def merge_removed(*found: dict[str, int]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for counts in found:
        total.update(counts)
    return {kind: total[kind] for kind in IDENTIFIER_KINDS if total[kind]}


def _kind_phrase(kind: str, count: int) -> str:
    if kind == "email":
        return ngettext("%(count)d e-mail address", "%(count)d e-mail addresses",
                        count) % {"count": count}
    if kind == "phone":
        return ngettext("%(count)d phone number", "%(count)d phone numbers",
                        count) % {"count": count}
    if kind == "national_id":
        return ngettext("%(count)d personal identification number",
                        "%(count)d personal identification numbers", count) % {"count": count}
    return ngettext("%(count)d bank account number (IBAN)",
                    "%(count)d bank account numbers (IBAN)", count) % {"count": count}


def removed_message(removed: dict[str, int]) -> str:
    """What the author is told after posting, e.g. "To protect privacy, these were removed
    from your text before publishing: 1 e-mail address and 2 phone numbers." Empty when
    nothing was removed."""
    phrases = [_kind_phrase(kind, removed[kind]) for kind in IDENTIFIER_KINDS
               if removed.get(kind)]
    if not phrases:
        return ""
    if len(phrases) == 1:
        items = phrases[0]
    else:
        items = gettext("%(first)s and %(last)s") % {"first": ", ".join(phrases[:-1]),
                                                      "last": phrases[-1]}
    total = sum(removed.values())
    return ngettext(
        "To protect privacy, this was removed from your text before publishing: %(items)s.",
        "To protect privacy, these were removed from your text before publishing: %(items)s.",
        total,
    ) % {"items": items}
