"""A resident browses proposals, axe-core on every page at 1280 px, 375 px (a phone) and the
journey's 320 px check: the component's list sorted by supports, the map view with its list of
links (the map drawn by Leaflet over tiles this site serves in the test), a proposal's page
with its history, and "my supports"."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participa.components.proposals.models import Proposal, ProposalState, Support
from participa.core.models import Scope
from participa.spaces.models import Component, Phase, Space, SpaceKind

from .conftest import ARTIFACTS, AXE_TAGS, WIDE, env_flag, format_violations, make_person
from .test_consultation_journeys import log_in

pytestmark = [pytest.mark.browser]
PHONE = {"width": 375, "height": 740}


def _check_on_a_phone(journey: Any, size: dict[str, int] = PHONE) -> None:
    """axe-core again at 375 px (or ``size``), and no sideways scrolling there."""
    from axe_playwright_python.sync_playwright import Axe  # Local import: browser tests only.

    page = journey.page
    page.set_viewport_size(size)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                       "resultTypes": ["violations"]})
    violations = results.response.get("violations", [])
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(WIDE)
    assert not violations, format_violations(page.url, violations)
    assert width <= size["width"], f"{page.url} is {width} px wide at {size['width']} px"


def _screenshot(journey: Any, name: str) -> None:
    if env_flag("SCREENSHOTS"):
        ARTIFACTS.mkdir(exist_ok=True)
        journey.page.screenshot(path=str(ARTIFACTS / f"proposals-{name}.png"), full_page=True)


def _proposal(component: Component, number: int, title: str, **values: Any) -> Proposal:
    now = timezone.now() - datetime.timedelta(days=number)
    return Proposal.objects.create(
        component=component, number=number, state=ProposalState.PUBLISHED, title=title,
        body=f"{title}: the details.", title_public=title, body_public=f"{title}: the details.",
        channel="letter", author_name="Ion Popescu", published_at=now, received_at=now,
        created_at=now, **values)


def test_it_browses_proposals_by_list_map_and_page(journey: Any, site: Any,
                                                   settings: Any) -> None:
    # Tiles from this server (the test has no network), allowed by the policy.
    settings.MAP_TILE_URL = "/static/leaflet/images/layers.png?z={z}&x={x}&y={y}"
    page = journey.page
    north = Scope.objects.create(organization=site, code="north", name={"en": "North"})
    space = Space.objects.create(organization=site, kind=SpaceKind.PROCESS, slug="ideas",
                                 title={"en": "Ideas for the city"}, scope=north,
                                 published_at=timezone.now())
    Phase.objects.create(space=space, title={"en": "Proposals"},
                         start_date=timezone.localdate() - datetime.timedelta(days=5),
                         end_date=timezone.localdate() + datetime.timedelta(days=50))
    component = Component.objects.create(space=space, type="proposals",
                                         name={"en": "Proposals"},
                                         published_at=timezone.now())
    fountain = _proposal(component, 1, "A drinking fountain in the park",
                         latitude=Decimal("45.7538"), longitude=Decimal("21.2257"),
                         address="Central Park", supports_count=1)
    _proposal(component, 2, "Benches by the lake", latitude=Decimal("45.7541"),
              longitude=Decimal("21.2262"), supports_count=12)
    _proposal(component, 3, "Longer library hours")
    resident = make_person(site, "Ana Pop", "ana@example.org")
    Support.objects.create(proposal=fountain, user=resident)

    journey.goto("spaces:proposals:index", space.slug, component.pk)
    _check_on_a_phone(journey)
    assert "3 proposals found" in page.inner_text("main")
    page.get_by_label("Sort by").select_option(label="Most supported")
    journey.follow(page.get_by_role("button", name="Filter"))
    cards = page.locator(".proposal-card h3").all_inner_texts()
    assert cards[0] == "Benches by the lake"

    journey.follow(page.get_by_role("link", name="See the proposals on a map"))
    _check_on_a_phone(journey)
    links = page.locator(".proposal-map-list a").all_inner_texts()
    assert links == ["No. 1: A drinking fountain in the park", "No. 2: Benches by the lake"]
    page.locator("#proposal-map.leaflet-container").wait_for()
    page.locator(".leaflet-tile-loaded").first.wait_for()
    # Both proposals are a few tens of metres apart: the map opens on them as one cluster, a
    # button that zooms in until each is a marker whose popup links to it.
    assert page.locator(".leaflet-control-attribution a", has_text="OpenStreetMap").count() == 1
    cluster = page.get_by_role("button", name="Proposals in this group: 2. Zoom in.")
    cluster.wait_for()
    assert page.locator(".proposal-map-cluster").inner_text() == "2"
    _screenshot(journey, "map-cluster-1280")
    cluster.focus()
    page.keyboard.press("Enter")
    fountain_marker = page.get_by_role("button", name="No. 1: A drinking fountain in the park")
    fountain_marker.wait_for()
    assert page.locator(".leaflet-marker-icon").count() == 2
    fountain_marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content a")
    popup.wait_for()
    assert popup.inner_text() == "No. 1: A drinking fountain in the park"
    assert popup.get_attribute("href") == fountain.get_absolute_url()
    # axe-core again, with Leaflet's map, markers and popup on the page (once it has faded in).
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    _check_on_a_phone(journey, WIDE)
    _check_on_a_phone(journey)
    _screenshot(journey, "map-1280")
    page.set_viewport_size(PHONE)
    _screenshot(journey, "map-375")
    page.set_viewport_size(WIDE)
    assert not journey.csp_violations

    journey.follow(popup)
    _check_on_a_phone(journey)
    main = page.inner_text("main")
    assert "Central Park" in main and "Supported once so far" in main

    log_in(journey, "ana@example.org")
    journey.goto("proposals_supported")
    _check_on_a_phone(journey)
    assert page.locator(".proposal-card h3").all_inner_texts() == [
        "A drinking fountain in the park"]
