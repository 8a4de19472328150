"""The statistics page's table of spaces runs the same number of queries however many spaces,
comments and followers it counts."""

from __future__ import annotations

import itertools

from participa.conftest import make_user
from participa.testing import assert_constant_queries

from .conftest import add_comment, follow, make_component, make_page, make_space

COUNTER = itertools.count()


def add_spaces(org, count: int) -> None:
    """Spaces with a page, comments by different people and followers."""
    for _ in range(count):
        number = next(COUNTER)
        space = make_space(org, slug=f"space-{number}")
        page = make_page(make_component(space), "p", "P")
        for _ in range(2):
            author = make_user(org, f"author-{next(COUNTER)}")
            add_comment(page, author, "Hello")
            follow(author, space)


def test_the_statistics_run_a_fixed_number_of_queries(client_for, org):
    add_spaces(org, 2)
    few, many = assert_constant_queries(client_for(None), "/statistics/",
                                        lambda: add_spaces(org, 12))
    assert many.content.decode().count("<tr") > few.content.decode().count("<tr") > 0
