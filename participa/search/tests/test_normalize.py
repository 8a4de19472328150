import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from participa.search.normalize import normalize, terms


def test_it_removes_romanian_diacritics_both_comma_and_cedilla():
    assert normalize("Ședință publică") == "sedinta publica"
    assert normalize("ŞEDINŢĂ") == "sedinta"  # old cedilla letters
    assert normalize("Îmbunătățire") == "imbunatatire"


def test_it_removes_polish_diacritics_including_l_with_stroke():
    assert normalize("Źródło") == "zrodlo"
    assert normalize("ŁÓDŹ żółć") == "lodz zolc"


def test_it_splits_queries_into_unique_normalised_words():
    assert terms("  Ședința, ședința!  źródło ") == ["sedinta", "zrodlo"]


@given(st.text())
def test_it_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(st.text())
def test_it_leaves_no_combining_marks_and_no_upper_case(text):
    result = normalize(text)
    assert not any(unicodedata.combining(ch) for ch in result)
    assert result == result.casefold()
