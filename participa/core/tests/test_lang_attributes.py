"""Text shown in another language than the page's carries its ``lang`` (WCAG 3.1.2)."""

from __future__ import annotations

import re

from django.template import Context, Template
from django.utils import translation

from participa.core.i18n import fallback_language


def test_it_names_the_language_of_a_fallback_text():
    value = {"ro": "Buget participativ", "pl": "Budżet obywatelski"}
    assert fallback_language(value, "ro") == ""
    assert fallback_language(value, "pl") == ""
    assert fallback_language(value, "en") == "ro"
    assert fallback_language({"ro": "", "pl": "Budżet"}, "ro") == "pl"
    assert fallback_language("plain text", "en") == ""
    assert fallback_language({}, "en") == ""


def test_it_writes_the_attribute_only_when_the_text_falls_back():
    template = Template("{% load participa %}<h1{{ title|lang_attr }}>{{ title|t }}</h1>")
    title = {"ro": "Regulament parcare", "en": ""}
    with translation.override("en"):
        assert template.render(Context({"title": title})) == (
            '<h1 lang="ro">Regulament parcare</h1>')
    with translation.override("ro"):
        assert template.render(Context({"title": title})) == "<h1>Regulament parcare</h1>"


def _consultation(org):
    from participa.components.consultations.tests.conftest import (
        make_component,
        make_consultation,
        make_space,
    )

    org.languages, org.default_language = ["ro", "pl", "en"], "ro"
    org.save()
    consultation = make_consultation(make_component(make_space(org)))
    consultation.title = {"ro": "Regulament parcare", "pl": "Regulamin parkowania"}
    consultation.save()
    return consultation


def _page(client_for, consultation, language):
    client = client_for(None)
    client.cookies["django_language"] = language
    return client.get(consultation.get_absolute_url()).content.decode()


def test_it_marks_fallback_titles_and_the_draft_on_the_consultation_page(client_for, org):
    consultation = _consultation(org)
    html = _page(client_for, consultation, "en")
    assert '<html lang="en">' in html
    assert '<h1 lang="ro">Regulament parcare</h1>' in html
    assert re.search(r'<ol class="draft-articles" lang="ro">', html)
    # The space's English title is there: no attribute.
    assert re.search(r'<a href="/spaces/decisions/">Draft decisions</a>', html)


def test_it_adds_no_attribute_when_the_page_speaks_the_text_language(client_for, org):
    consultation = _consultation(org)
    html = _page(client_for, consultation, "ro")
    assert "<h1>Regulament parcare</h1>" in html
    assert '<ol class="draft-articles">' in html
    html = _page(client_for, consultation, "pl")
    assert "<h1>Regulamin parkowania</h1>" in html
    assert '<ol class="draft-articles" lang="ro">' in html


def test_a_missing_translation_falls_back_to_the_organizations_language_first():
    """PostgreSQL's jsonb keeps keys in its own order ("pl" before "ro"): the fallback must
    follow the organization's languages, not the order the keys come back in."""
    from participa.core.i18n import fallback_languages, translated_with_language

    value = {"pl": "Regulamin parkowania", "ro": "Regulament parcare"}
    with fallback_languages(["ro", "pl", "en"]):
        assert translated_with_language(value, "en") == ("Regulament parcare", "ro")
    with fallback_languages(["pl", "ro", "en"]):
        assert translated_with_language({"ro": "Regulament parcare", "pl": "Regulamin"},
                                        "en") == ("Regulamin", "pl")
