"""An official tracks a funded piece of work and a resident follows it, axe-core on every page
(1280 px and the journey's 320 px check): the official creates the item, adds a milestone and
marks it done, records an expense, publishes it after a confirmation; a resident finds it in the
public list, reads its money and milestones and follows it; the official reports progress with
a note; the resident reads the change in the item's history and in their notifications."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from participa.core.models import Area, Role, RoleKind
from participa.tracking.models import TrackedItem

from .conftest import make_person
from .test_consultation_journeys import log_in, log_out

pytestmark = [pytest.mark.browser]


def test_it_tracks_an_item_from_creation_to_a_followed_progress_report(journey: Any,
                                                                        site: Any) -> None:
    page = journey.page
    parks = Area.objects.create(organization=site, code="parks", name={"en": "Parks"})
    official = make_person(site, "Ioana Parks", "ioana@example.org")
    Role.objects.create(organization=site, user=official, kind=RoleKind.OFFICIAL, area=parks)
    make_person(site, "Ana Pop", "ana@example.org")

    # The official creates the item (not public yet).
    log_in(journey, "ioana@example.org")
    journey.goto("manage:tracking:index")
    journey.follow(page.get_by_role("link", name="Track a new item"))
    page.get_by_label("Title").fill("Benches in Rose Park")
    page.get_by_label("Responsible department").select_option(label="Parks")
    page.get_by_label("Planned cost").fill("185000")
    journey.follow(page.get_by_role("button", name="Save"))
    item = TrackedItem.objects.get(title="Benches in Rose Park")
    assert item.published_at is None and item.department == parks

    # A milestone, done at once, and an expense.
    page.goto(journey.url("manage:tracking:detail", item.pk))
    journey.check()
    journey.follow(page.get_by_role("link", name="Milestones"))
    page.get_by_role("textbox", name="Milestone").fill("Technical project approved")
    journey.follow(page.get_by_role("button", name="Add the milestone"))
    journey.follow(page.get_by_role("button", name="Mark “Technical project approved” done"))
    expect(page.locator(".tracked-milestones")).to_contain_text("Done on")
    page.goto(journey.url("manage:tracking:expenses", item.pk))
    journey.check()
    page.get_by_role("textbox", name="Amount").fill("12400.50")
    page.get_by_label("What was paid").fill("Technical project")
    page.get_by_label("Document reference").fill("INV-2026-7")
    journey.follow(page.get_by_role("button", name="Record the expense"))

    # Publishing asks first.
    page.goto(journey.url("manage:tracking:detail", item.pk))
    journey.check()
    journey.follow(page.get_by_role("link", name="Publish"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish “Benches in Rose Park”?")
    journey.follow(page.get_by_role("button", name="Yes, publish"))
    expect(page.locator("main")).to_contain_text("The item is public: residents can follow it.")
    log_out(journey)

    # A resident finds it, reads what was spent, and follows it.
    log_in(journey, "ana@example.org")
    journey.goto("tracking:index")
    journey.follow(page.get_by_role("link", name="Benches in Rose Park"))
    expenses = page.get_by_role("region", name="Expenses, oldest first").locator("table")
    expect(expenses.locator("tbody tr")).to_have_count(1)
    expect(expenses.locator("tbody td").nth(2)).to_contain_text("12,400.50")
    expect(expenses.locator("tfoot")).to_contain_text("12,400.50")
    expect(page.locator(".tracked-milestones")).to_contain_text(
        "Done · Technical project approved")
    journey.follow(page.get_by_role("button", name="Follow"))
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()
    log_out(journey)

    # The official reports progress, with the note residents read.
    log_in(journey, "ioana@example.org")
    journey.goto("manage:tracking:edit", item.pk)
    page.get_by_label("Progress (%)").fill("40")
    page.get_by_label("Note for the public history").fill("The benches are being installed.")
    journey.follow(page.get_by_role("button", name="Save"))
    log_out(journey)

    # The resident hears of it.
    log_in(journey, "ana@example.org")
    journey.goto("tracking:detail", item.pk)
    history = page.locator(".tracked-history")
    expect(history).to_contain_text("Progress: 0% → 40%")
    expect(history).to_contain_text("The benches are being installed.")
    journey.goto("notifications:list")
    expect(page.locator("main")).to_contain_text("Benches in Rose Park")
