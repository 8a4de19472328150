"""The search results run the same number of queries however many results of every kind
(spaces, pages, consultations, draft articles) they show."""

from __future__ import annotations

import itertools

import pytest

from participa.components.consultations.tests.conftest import (
    make_component as make_consultations_component,
)
from participa.components.consultations.tests.conftest import make_consultation
from participa.components.pages.tests.conftest import make_component, make_page, make_space
from participa.testing import assert_constant_queries

URL = "/search/"
COUNTER = itertools.count()


def add_results(org, area, count: int) -> None:
    """``count`` spaces, each with a page and a consultation (and its draft articles), all
    matching "sedinta"."""
    for _ in range(count):
        number = next(COUNTER)
        space = make_space(org, slug=f"sedinta-{number}", area=area)
        space.title = {"en": f"Ședința {number}"}
        space.save()
        make_page(make_component(space), f"page-{number}", f"Ședința page {number}")
        make_consultation(make_consultations_component(space), slug=f"c-{number}",
                          title=f"Ședința consultation {number}")


@pytest.mark.parametrize("query", ["q=sedinta", "q=sedinta&area={area}&kind=page"])
def test_the_results_run_a_fixed_number_of_queries(client_for, org, area, resident, query):
    add_results(org, area, 1)
    url = f"{URL}?{query.format(area=area.pk)}"
    few, many = assert_constant_queries(client_for(resident), url,
                                        lambda: add_results(org, area, 8))
    assert len(many.context["results"]) > len(few.context["results"]) > 0
    kinds = {doc.kind for doc in many.context["results"]}
    assert kinds == ({"page"} if "kind=page" in query else {"space", "page", "consultation"})
