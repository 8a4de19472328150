"""Issue #12's journey on a phone-sized screen (375 by 812 px), axe-core on every page visited.

A resident writes a proposal with a point chosen by a click on the map and publishes it;
another resident supports it; an official drafts an answer, a second official approves it and
the first one publishes it; the public journal shows the proposal with its redacted text and
the published answer with its date. The map's tiles are served by this site (the tests never
touch the network). ``Journey.check`` measures every page at 320 px and 1280 px, then this
journey goes back to the phone's size before the next step.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import formats, translation

from participa.answers.models import AnswerState
from participa.components.proposals.models import Proposal, ProposalAnswer, ProposalState
from participa.components.proposals.tests.conftest import make_component, make_space
from participa.core.models import Area, Role, RoleKind

from .conftest import PASSWORD, make_person

pytestmark = [pytest.mark.browser]
PHONE = {"width": 375, "height": 812}


class Phone:
    """The journey's steps, each taken on the phone-sized screen."""

    def __init__(self, journey: Any) -> None:
        self.journey = journey
        self.page = journey.page
        self.page.set_viewport_size(PHONE)

    def goto(self, name_or_path: str, *args: Any) -> None:
        self.journey.goto(name_or_path, *args)
        self.page.set_viewport_size(PHONE)

    def follow(self, locator: Any) -> None:
        self.journey.follow(locator)
        self.page.set_viewport_size(PHONE)

    def log_in(self, email: str) -> None:
        self.goto("account_login")
        form = self.page.locator("main form:has([name='password'])")
        form.locator("[name='login']").fill(email)
        form.locator("[name='password']").fill(PASSWORD)
        self.follow(form.locator("[type='submit']"))

    def log_out(self) -> None:
        self.page.context.clear_cookies()


@pytest.fixture
def phone(journey: Any) -> Iterator[Phone]:
    yield Phone(journey)


def test_it_proposes_with_a_map_point_supports_answers_and_shows_it_in_the_journal(
        phone: Phone, journey: Any, site: Any, settings: Any) -> None:
    settings.MAP_TILE_URL = "/static/leaflet/images/layers.png?z={z}&x={x}&y={y}"
    settings.MAP_DEFAULT_VIEW = "45.7537,21.2257,13"
    page = phone.page
    area = Area.objects.create(organization=site, code="parks", name={"en": "Parks"})
    space = make_space(site, area=area)
    component = make_component(space)
    author = make_person(site, "Ioana Marin", "ioana@example.org")
    supporter = make_person(site, "Dan Ilie", "dan@example.org")
    drafter = make_person(site, "Oana Official", "oana@example.org")
    reviewer = make_person(site, "Radu Reviewer", "radu@example.org")
    for official in (drafter, reviewer):
        Role.objects.create(organization=site, user=official, kind=RoleKind.OFFICIAL,
                            area=area)

    # The resident writes the proposal, with a point chosen on the map, and publishes it.
    phone.log_in(author.email)
    phone.goto("spaces:proposals:index", space.slug, component.pk)
    phone.follow(page.get_by_role("link", name="Propose"))
    page.get_by_label("Title").fill("Shade trees in the Roses park")
    page.get_by_label("Your proposal").fill(
        "Plant trees near the playground. Call me on 0744 123 456 to show you where.")
    page.locator("#proposal-map").click(position={"x": 150, "y": 100})
    latitude = page.get_by_role("textbox", name="Latitude")
    longitude = page.get_by_role("textbox", name="Longitude")
    assert abs(float(latitude.input_value()) - 45.75) < 0.1
    assert abs(float(longitude.input_value()) - 21.23) < 0.1
    assert page.locator(".leaflet-marker-icon").count() == 1
    phone.follow(page.get_by_role("button", name="Publish", exact=True))
    proposal = Proposal.objects.get(title="Shade trees in the Roses park")
    assert proposal.state == ProposalState.PUBLISHED
    assert proposal.latitude is not None and proposal.longitude is not None
    assert abs(float(proposal.latitude) - 45.75) < 0.1
    assert abs(float(proposal.longitude) - 21.23) < 0.1
    assert "0744" in proposal.body and "0744" not in proposal.body_public
    assert page.get_by_role("heading", level=1).inner_text() == "Shade trees in the Roses park"
    phone.log_out()

    # Another resident supports it.
    phone.log_in(supporter.email)
    phone.goto(proposal.get_absolute_url())
    phone.follow(page.get_by_role("button", name="Support this proposal"))
    assert "Thank you: you support this proposal." in page.inner_text("main")
    assert "1 support" in page.inner_text("#supports")
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 1
    phone.log_out()

    # An official drafts the answer...
    phone.log_in(drafter.email)
    phone.goto("manage:proposals:manage_answer", space.slug, component.pk, proposal.number)
    form = page.locator("main form.answer-form")
    form.get_by_label("Accepted", exact=True).check()
    form.locator("[name='justification']").fill("The parks office plants them this autumn.")
    phone.follow(form.get_by_role("button", name="Save as a draft answer"))
    assert ProposalAnswer.objects.get(proposal=proposal).state == AnswerState.DRAFT
    assert page.get_by_role("button", name="Approve the answer").count() == 0
    phone.log_out()

    # ... a second official approves it ...
    phone.log_in(reviewer.email)
    phone.goto("manage:proposals:manage_answer", space.slug, component.pk, proposal.number)
    phone.follow(page.get_by_role("button", name="Approve the answer"))
    assert ProposalAnswer.objects.get(proposal=proposal).state == AnswerState.APPROVED
    phone.log_out()

    # ... and the first one publishes it.
    phone.log_in(drafter.email)
    phone.goto("manage:proposals:manage_answer", space.slug, component.pk, proposal.number)
    phone.follow(page.get_by_role("button", name="Publish the answer"))
    answer = ProposalAnswer.objects.get(proposal=proposal)
    assert answer.state == AnswerState.PUBLISHED and answer.published_at is not None
    phone.log_out()

    # The journal shows the proposal, its redacted text and the answer with its date.
    phone.goto(reverse("proposals_journal"))
    row = page.locator(".proposal-journal-row").filter(has_text="Shade trees in the Roses park")
    assert row.count() == 1
    text = row.inner_text()
    assert "by Ioana Marin" in text
    assert "Plant trees near the playground. Call me on [redacted] to show you where." in text
    assert "0744" not in page.content()
    assert "Accepted" in text
    assert "The parks office plants them this autumn." in text
    answered = row.locator("dd").filter(has_text="Accepted").locator("time")
    assert datetime.datetime.fromisoformat(
        answered.get_attribute("datetime") or "") == answer.published_at
    local = answer.published_at.astimezone(ZoneInfo(site.time_zone))
    with translation.override("en"):
        assert answered.inner_text() == formats.date_format(local, "DATE_FORMAT")
    assert journey.unchecked_pages() == []
