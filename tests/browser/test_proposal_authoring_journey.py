"""Writing a proposal on a phone-sized screen (375 px), axe-core on every page visited.

A resident opens the proposals of a process, presses "Propose", types a title (the similar
proposal already filed shows up while typing), chooses a point by clicking on the map and
then corrects it by typing the coordinates, saves a draft, and publishes it from the draft.
The map's tiles are served by this site in the test (the tests never touch the network).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from participa.components.proposals.models import Proposal, ProposalState
from participa.components.proposals.tests.conftest import (
    make_component,
    make_proposal,
    make_space,
)

from .conftest import PASSWORD, make_person

pytestmark = [pytest.mark.browser]
PHONE = {"width": 375, "height": 800}


def on_phone(journey: Any) -> None:
    journey.page.set_viewport_size(PHONE)


def test_it_writes_a_proposal_with_a_map_point_saves_a_draft_and_publishes_it(
        journey: Any, site: Any, settings: Any) -> None:
    settings.MAP_TILE_URL = "/static/leaflet/images/layers.png?z={z}&x={x}&y={y}"
    settings.MAP_DEFAULT_VIEW = "45.7537,21.2257,13"
    page = journey.page
    space = make_space(site)
    component = make_component(space)
    resident = make_person(site, "Ioana Marin", "ioana@example.org")
    filed = make_proposal(component, author=make_person(site, "Dan Pop", "dan@example.org"),
                          title="Pistă de biciclete pe bulevardul Revoluției",
                          body="O pistă separată de trotuar.")
    index = reverse("spaces:proposals:index", args=[space.slug, component.pk])

    on_phone(journey)
    journey.goto("account_login")
    login = page.locator("main form:has([name='password'])")
    login.locator("[name='login']").fill(resident.email)
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))

    on_phone(journey)
    journey.goto(index)
    on_phone(journey)
    journey.follow(page.get_by_role("link", name="Propose"))
    on_phone(journey)

    page.get_by_label("Title").fill("Pistă pentru biciclete pe Revoluției")
    page.get_by_label("Your proposal").fill(
        "O pistă de biciclete pe bulevardul Revoluției, separată de trotuar.")
    # The similar proposal appears while typing, with its link and the hint.
    similar = page.locator("#similar-proposals")
    similar.get_by_role("link", name=filed.title_public).wait_for()
    assert "support it instead" in similar.inner_text()

    # A point chosen on the map fills the coordinates...
    page.locator("#proposal-map").click(position={"x": 150, "y": 100})
    latitude = page.get_by_role("textbox", name="Latitude")
    longitude = page.get_by_role("textbox", name="Longitude")
    assert latitude.input_value() != "" and longitude.input_value() != ""
    assert abs(float(latitude.input_value()) - 45.75) < 0.1
    assert page.locator(".leaflet-marker-icon").count() == 1
    # ... and typed coordinates win.
    latitude.fill("45.756789")
    longitude.fill("21.229876")
    page.get_by_label("Address or place").fill("Bulevardul Revoluției 1989")
    journey.follow(page.get_by_role("button", name="Save as draft"))
    on_phone(journey)

    proposal = Proposal.objects.get(title="Pistă pentru biciclete pe Revoluției")
    assert proposal.state == ProposalState.DRAFT
    assert proposal.latitude == Decimal("45.756789")
    assert proposal.longitude == Decimal("21.229876")
    assert page.get_by_role("textbox", name="Latitude").input_value() == "45.756789"
    # The draft's map shows the saved point.
    assert page.locator(".leaflet-marker-icon").count() == 1

    journey.follow(page.get_by_role("button", name="Publish"))
    on_phone(journey)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PUBLISHED
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Pistă pentru biciclete pe Revoluției")
    assert page.get_by_role("link", name="Withdraw the proposal").count() == 1
