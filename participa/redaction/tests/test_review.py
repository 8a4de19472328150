"""The pieces of every review before publication: spans, typed words, the side-by-side cut."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participa.redaction.review import find_occurrences, merge_span, segments, validate_spans


def test_validate_spans_sorts_them() -> None:
    assert validate_spans("abcdefghij", [[5, 7, "name"], [0, 2, "email"]]) == [
        [0, 2, "email"], [5, 7, "name"]]


@pytest.mark.parametrize("spans, message", [
    ("nope", "not in the expected form"),
    ([[0, 20, "name"]], "outside the text"),
    ([[3, 3, "name"]], "outside the text"),
    ([[0, 2, "shoe size"]], "not a known kind"),
    ([[0, 4, "name"], [2, 6, "email"]], "overlap"),
])
def test_validate_spans_says_what_is_wrong(spans: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_spans("abcdefghij", spans)


def test_find_occurrences_is_case_insensitive() -> None:
    assert find_occurrences("Ana and ANA", "ana", all_occurrences=True) == [(0, 3), (8, 11)]
    assert find_occurrences("Ana and ANA", "ana", all_occurrences=False) == [(0, 3)]
    assert find_occurrences("Ana", "", all_occurrences=True) == []


def test_merge_span_grows_the_span_it_overlaps() -> None:
    assert merge_span([[5, 9, "email"]], 2, 6, "name") == [[2, 9, "email"]]
    assert merge_span([[5, 9, "email"]], 0, 2, "name") == [[0, 2, "name"], [5, 9, "email"]]


def test_segments_cut_the_original_into_plain_and_redacted_parts() -> None:
    parts = segments("Ion, ion@x.ro, cere.", [[5, 13, "email"], [0, 3, "name"]],
                     label=str.upper)
    assert parts == [
        {"text": "Ion", "kind": "name", "label": "NAME", "start": 0, "end": 3},
        {"text": ", ", "kind": None},
        {"text": "ion@x.ro", "kind": "email", "label": "EMAIL", "start": 5, "end": 13},
        {"text": ", cere.", "kind": None},
    ]
