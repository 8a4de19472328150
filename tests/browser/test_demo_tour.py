"""A visitor tours the demo city (``manage.py seed_demo``): every public page it links to passes
axe-core and fits a 320 px screen, in English and in Polish."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = [pytest.mark.browser]


@pytest.fixture
def demo_city(transactional_db: Any) -> None:
    call_command("seed_demo", stdout=io.StringIO())


def links_in_main(page: Any, base_url: str, prefix: str) -> list[str]:
    """Paths of the links inside <main> that start with ``prefix`` (no repeats, in order),
    leaving out links declared as another kind of document than a page (an Atom feed)."""
    hrefs = page.locator("main a[href]:not([type]), main a[href][type='text/html']").evaluate_all(
        "links => links.map(a => a.href)")
    paths: list[str] = []
    for href in hrefs:
        path = href.removeprefix(base_url).split("#", 1)[0]
        if path.startswith(prefix) and path not in paths:
            paths.append(path)
    return paths


def test_it_shows_every_public_page_of_the_demo_city_accessibly(
    journey: Any, demo_city: None
) -> None:
    page = journey.page

    journey.goto("core:home")
    journey.goto("spaces:process_list")
    spaces = links_in_main(page, journey.base_url, "/spaces/")
    journey.goto("spaces:assembly_list")
    spaces += [path for path in links_in_main(page, journey.base_url, "/spaces/")
               if path not in spaces]
    assert spaces, "the demo city lists no participatory space"

    components: list[str] = []
    for path in spaces:
        journey.goto(path)
        components += [link for link in links_in_main(page, journey.base_url, path)
                       if link != path and link not in components]
    assert components, "no space of the demo city offers a component"
    for path in components:
        journey.goto(path)
        # A few of the component's own pages (e.g. the pages of a pages component).
        for inner in [link for link in links_in_main(page, journey.base_url, path)
                      if link != path][:3]:
            journey.goto(inner)
            journey.goto(path)

    journey.goto("core:group_list")
    for group in links_in_main(page, journey.base_url, reverse("core:group_list"))[1:2]:
        journey.goto(group)
    for name in ("core:accessibility", "core:privacy"):
        journey.goto(name)

    # The same city in Polish.
    journey.goto("core:home")
    page.locator("header select[name='language']").select_option("pl")
    journey.follow(page.locator("header form:has(select[name='language']) [type='submit']"))
    assert page.locator("html").get_attribute("lang") == "pl"
    journey.goto("spaces:process_list")
    journey.goto(spaces[0])
    assert page.url.endswith(spaces[0])
    assert reverse("spaces:space_detail", args=[spaces[0].strip("/").split("/")[-1]]) == spaces[0]
