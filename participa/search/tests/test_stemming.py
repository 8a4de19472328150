"""Inflected forms find each other in Romanian, Polish and English (Snowball stemmers at index
and query time), on SQLite (FTS5) and on PostgreSQL (stored tsvector) alike."""

import pytest

from participa.components.pages.tests.conftest import make_page
from participa.search.normalize import index_tokens, query_words, stemming_languages, word_forms

LANGUAGES = stemming_languages(["ro", "pl", "en"])

# (query, text that must be found): the examples of issue #9 first, then more inflections,
# written with and without diacritics.
PAIRS = [
    ("parkowanie", "Zasady parkowania w centrum"),
    ("drzewa", "Wycinka drzew przy ulicy"),
    ("parcarea", "Taxa de parcare crește"),
    ("trees", "Plant a tree in every street"),
    # Polish
    ("źródło", "Dwa źródła wody"),
    ("ulica", "Remont ulicy Długiej"),
    ("miastach", "Plan dla miasta"),
    ("szkoły", "Nowe szkołach boisko"),
    ("ścieżki", "Ścieżka rowerowa"),
    ("zrodla", "Źródło finansowania"),
    # Romanian
    ("copacii", "Plantarea copacilor"),
    ("ședințele", "Ședința consiliului"),
    ("sedintele", "Ședința consiliului"),
    ("şedinţa", "Ședințele publice"),  # old cedilla letters
    ("bugetul", "Buget participativ"),
    ("orașului", "Centrul orașul vechi"),
    ("locuitorilor", "Locuitorii cartierului"),
    # English
    ("parking", "Cars parked on the pavement"),
    ("streets", "One street closed"),
    ("cities", "A greener city"),
    ("lanes", "A new bus lane"),
]

# Different words must not be made one by the stemmers.
UNRELATED = [
    ("parkowanie", "Zasady dotyczące rowerów"),
    ("copacii", "Taxa de parcare"),
    ("trees", "Street lights"),
]


def matches(query: str, text: str) -> bool:
    tokens = set(index_tokens(text, LANGUAGES))
    return all(
        set(word_forms(word, LANGUAGES)) & tokens for word in query_words(query)
    )


@pytest.mark.parametrize(("query", "text"), PAIRS)
def test_it_matches_inflected_forms(query, text):
    assert matches(query, text)


@pytest.mark.parametrize(("query", "text"), UNRELATED)
def test_it_does_not_match_unrelated_words(query, text):
    assert not matches(query, text)


def test_it_keeps_the_word_as_written_first_and_adds_its_stems():
    assert word_forms("Parkowania", LANGUAGES)[0] == "parkowania"
    assert "parkowan" in word_forms("Parkowania", LANGUAGES)
    assert word_forms("Parkowania", ()) == ("parkowania",)  # no stemmer: the word only
    assert word_forms("2026", LANGUAGES) == ("2026",)


def test_it_uses_only_languages_that_have_a_stemmer():
    assert stemming_languages(["pl", "xx", "ro", "pl"]) == ("pl", "ro")


URL = "/search/"

# (query, title of the page it must find, title of a page it must not find)
VIEW_CASES = [
    ("parkowanie", "Zasady parkowania", "Ścieżki rowerowe"),
    ("drzewa", "Wycinka drzew", "Zasady parkowania"),
    ("parcarea", "Taxa de parcare", "Plantarea copacilor"),
    ("trees", "A tree for every street", "Zasady parkowania"),
]


def make_pages(component):
    for _query, title, _other in VIEW_CASES:
        make_page(component, title.lower().replace(" ", "-")[:40], title)
    make_page(component, "sciezki", "Ścieżki rowerowe")
    make_page(component, "copaci", "Plantarea copacilor")


def run_view_cases(client_for):
    client = client_for(None)
    for query, title, other in VIEW_CASES:
        found = [doc.display_title() for doc in client.get(URL, {"q": query}).context["results"]]
        assert title in found, query
        assert other not in found, query


def test_it_finds_inflected_forms_through_the_search_page(client_for, component):
    make_pages(component)
    run_view_cases(client_for)


@pytest.mark.postgres
def test_it_finds_inflected_forms_through_the_search_page_on_postgresql(client_for, component):
    make_pages(component)
    run_view_cases(client_for)
