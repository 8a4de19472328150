"""An administrator builds a process in the back office: two phases, a pages component, a page;
then sees it on the public site."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser]

SLUG = "parcari-2027"
TITLES = {"en": "Parking regulation 2027", "ro": "Regulamentul parcărilor 2027",
          "pl": "Regulamin parkowania 2027"}


def form_with(page: Any, field_name: str) -> Any:
    """The form in the main content that holds the input named ``field_name``."""
    return page.locator(f"main form:has([name='{field_name}'])")


def fill_translations(form: Any, field: str, values: dict[str, str]) -> None:
    for code, value in values.items():
        form.locator(f"[name='{field}__{code}']").fill(value)


def test_it_lets_an_administrator_publish_a_process_with_phases_and_a_page(
    journey: Any, site: Any, administrator: Any
) -> None:
    page = journey.page
    today = timezone.localdate()

    # Log in and open the back office from the header.
    journey.goto("account_login")
    login = form_with(page, "password")
    login.locator("[name='login']").fill(administrator.email)
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))
    journey.follow(page.locator(f"header a[href='{reverse('manage:dashboard')}']"))
    assert page.url.endswith(reverse("manage:dashboard"))

    # Create the process.
    journey.follow(page.locator(f"main a[href='{reverse('manage:space_create')}']").first)
    space_form = form_with(page, "title__en")
    space_form.locator("[name='kind']").select_option("process")
    space_form.locator("[name='slug']").fill(SLUG)
    fill_translations(space_form, "title", TITLES)
    journey.follow(space_form.locator("[type='submit']"))
    assert page.url.endswith(reverse("manage:space_edit", args=[SLUG]))
    assert page.locator("h1").inner_text().strip() == TITLES["en"]

    # Two phases.
    journey.follow(page.locator(f"main a[href='{reverse('manage:phase_list', args=[SLUG])}']"))
    phases = [
        ({"en": "Proposals", "ro": "Propuneri", "pl": "Uwagi"},
         today - datetime.timedelta(days=2), today + datetime.timedelta(days=28)),
        ({"en": "Public debate", "ro": "Dezbatere publică", "pl": "Debata publiczna"},
         today + datetime.timedelta(days=29), today + datetime.timedelta(days=45)),
    ]
    for titles, start, end in phases:
        journey.follow(
            page.locator(f"main a[href='{reverse('manage:phase_create', args=[SLUG])}']").first
        )
        phase_form = form_with(page, "start_date")
        fill_translations(phase_form, "title", titles)
        phase_form.locator("[name='start_date']").fill(start.isoformat())
        phase_form.locator("[name='end_date']").fill(end.isoformat())
        journey.follow(phase_form.locator("[type='submit']").first)
        assert page.url.endswith(reverse("manage:phase_list", args=[SLUG]))
        assert titles["en"] in page.locator("main table").inner_text()

    # A pages component, published.
    journey.follow(page.locator(f"main a[href='{reverse('manage:space_edit', args=[SLUG])}']"))
    journey.follow(
        page.locator(f"main a[href='{reverse('manage:component_list', args=[SLUG])}']")
    )
    journey.follow(
        page.locator(f"main a[href='{reverse('manage:component_add', args=[SLUG])}']").first
    )
    component_form = form_with(page, "name__en")
    component_form.locator("[name='type']").select_option("pages")
    fill_translations(component_form, "name", {"en": "About the regulation",
                                               "ro": "Despre regulament",
                                               "pl": "O regulaminie"})
    journey.follow(component_form.locator("[type='submit']").first)
    journey.follow(page.locator("main form:has(input[name='publish'][value='1']) [type='submit']"))
    assert "About the regulation" in page.locator("h1").inner_text()

    # A page in it.
    journey.follow(page.get_by_role("link", name="Manage the content"))
    journey.follow(page.get_by_role("link", name="Add a page").first)
    page_form = form_with(page, "title__en")
    fill_translations(page_form, "title", {"en": "What changes", "ro": "Ce se schimbă"})
    page_form.locator("[name='body__en']").fill(
        "Residents of the **centre** get two parking permits per household."
    )
    journey.follow(page_form.locator("[type='submit']").first)
    assert "What changes" in page.locator("main").inner_text()

    # Publish the process.
    journey.goto("manage:space_edit", SLUG)
    journey.follow(page.locator("main form:has(input[name='publish'][value='1']) [type='submit']"))

    # The public page shows the timeline and leads to the page.
    journey.follow(page.get_by_role("link", name="See the public page"))
    assert page.url.endswith(reverse("spaces:space_detail", args=[SLUG]))
    assert page.locator("h1").inner_text().strip() == TITLES["en"]
    timeline = page.locator("main ol.timeline > li")
    assert timeline.count() == 2
    assert "Proposals" in timeline.nth(0).inner_text()
    assert "Public debate" in timeline.nth(1).inner_text()
    assert timeline.nth(0).get_attribute("aria-current") == "step"
    journey.follow(page.locator("main").get_by_role("link", name="About the regulation"))
    if page.locator("h1").inner_text().strip() != "What changes":  # a list of pages first
        journey.follow(page.locator("main").get_by_role("link", name="What changes"))
    assert page.locator("h1").inner_text().strip() == "What changes"
    assert "two parking permits per household" in page.locator("main").inner_text()

    # Anyone can see it: log out and open the page again.
    detail_url = page.url
    journey.follow(page.locator(f"header form[action='{reverse('account_logout')}'] "
                                "[type='submit']"))
    journey.goto(detail_url.removeprefix(journey.base_url))
    assert page.locator("h1").inner_text().strip() == "What changes"
