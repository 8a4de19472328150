"""Identifier redaction of residents' published text, and what the author is told."""

from __future__ import annotations

from django.utils import translation

from participa.core.models import Organization
from participa.core.redaction import merge_removed, redact_identifiers, removed_message


def org(language: str = "en", **extra: object) -> Organization:
    return Organization(name="Test", host="x.test", languages=["ro", "pl", "en"],
                        default_language=language, **extra)


def test_it_removes_emails_phones_id_numbers_and_ibans_and_counts_each_kind():
    result = redact_identifiers(org(), (
        "Write to ana.pop@example.com or call +40 722 123 456 / 0722 123 457. "
        "CNP 1800101221144, PESEL 44051401359, IBAN RO49AAAA1B31007593840000."
    ))
    assert result.text == (
        "Write to [redacted] or call [redacted] / [redacted]. "
        "CNP [redacted], PESEL [redacted], IBAN [redacted]."
    )
    assert result.removed == {"email": 1, "phone": 2, "national_id": 2, "iban": 1}
    assert result.changed


def test_it_leaves_names_addresses_and_ordinary_numbers():
    text = "Ion Popescu, Strada Mihai Viteazu 3: in 2024 we were 1200 members."
    result = redact_identifiers(org(), text)
    assert result.text == text
    assert result.removed == {}
    assert not result.changed


def test_it_uses_the_organizations_placeholder_in_its_language():
    city = org("ro", redaction_placeholders={"ro": "[date personale]"})
    assert redact_identifiers(city, "Mail: ana@example.ro").text == "Mail: [date personale]"
    assert redact_identifiers(org("ro"), "Mail: ana@example.ro").text == "Mail: =anonimizat="


def test_it_changes_nothing_the_second_time():
    once = redact_identifiers(org(), "Call +40 722 123 456 please").text
    assert redact_identifiers(org(), once).text == once
    assert redact_identifiers(org(), once).removed == {}


def test_it_names_the_removed_kinds_with_plurals():
    assert removed_message({}) == ""
    assert removed_message({"email": 1}) == (
        "To protect privacy, this was removed from your text before publishing: "
        "1 e-mail address."
    )
    assert removed_message({"phone": 2, "email": 1, "iban": 1}) == (
        "To protect privacy, these were removed from your text before publishing: "
        "1 e-mail address, 2 phone numbers and 1 bank account number (IBAN)."
    )
    assert removed_message({"national_id": 3}) == (
        "To protect privacy, these were removed from your text before publishing: "
        "3 personal identification numbers."
    )


def test_it_tells_the_author_in_romanian_and_polish():
    with translation.override("ro"):
        assert removed_message({"email": 1, "phone": 2}) == (
            "Pentru protejarea datelor personale, am eliminat din textul dumneavoastră "
            "înainte de publicare: 1 adresă de e-mail și 2 numere de telefon."
        )
    with translation.override("pl"):
        assert removed_message({"phone": 5}) == (
            "W trosce o prywatność przed publikacją usunęliśmy z Twojego tekstu: "
            "5 numerów telefonu."
        )


def test_it_adds_up_what_was_removed_from_several_fields():
    assert merge_removed({"email": 1}, {"email": 1, "phone": 1}, {}) == {"email": 2,
                                                                         "phone": 1}
