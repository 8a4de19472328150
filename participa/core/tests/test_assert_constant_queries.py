"""``participa.testing.assert_constant_queries`` fails, with the queries, when a page's
query count grows with its data, and passes when it does not."""

from __future__ import annotations

import pytest

from participa.core.models import Area
from participa.testing import assert_constant_queries


class FakeClient:
    """Answers every GET after running one query, plus one per area when ``per_row``."""

    def __init__(self, org, *, per_row: bool) -> None:
        self.org = org
        self.per_row = per_row

    def get(self, url: str):
        areas = list(Area.objects.filter(organization=self.org))
        if self.per_row:
            for area in areas:
                Area.objects.filter(pk=area.pk).exists()
        return type("Response", (), {"status_code": 200, "url": url})()


def add_areas(org, first: int, count: int) -> None:
    for number in range(first, first + count):
        Area.objects.create(organization=org, code=f"a{number}", name={"en": f"A{number}"})


def test_it_fails_and_prints_the_queries_when_the_count_grows(org):
    add_areas(org, 0, 1)
    with pytest.raises(AssertionError) as failure:
        assert_constant_queries(FakeClient(org, per_row=True), "/x/",
                                lambda: add_areas(org, 1, 2))
    message = str(failure.value)
    assert message.startswith("/x/ ran 2 queries, then 4 after grow():")
    assert message.count('FROM "core_area"') == 6
    assert "--- before ---\n1. SELECT" in message and "--- after ---\n1. SELECT" in message


def test_it_passes_and_returns_both_responses_when_the_count_stays(org):
    add_areas(org, 0, 1)
    first, second = assert_constant_queries(FakeClient(org, per_row=False), "/x/",
                                            lambda: add_areas(org, 1, 5))
    assert (first.url, second.url) == ("/x/", "/x/")
    assert Area.objects.filter(organization=org).count() == 6


def test_it_fails_on_an_unexpected_status(org):
    with pytest.raises(AssertionError, match="HTTP 200"):
        assert_constant_queries(FakeClient(org, per_row=False), "/x/", lambda: None, status=404)
