"""The journal of proposals on a phone-sized screen (375 px), axe-core on every page: an
official registers a letter, checks the personal data removed and publishes it, prints the
receipt; a visitor finds it in the journal, filters by channel and opens the proposal."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.proposals.models import Proposal, ProposalAnswer
from participa.components.proposals.tests.conftest import make_component, make_proposal, make_space
from participa.spaces.models import SpaceMembership

from .conftest import make_person
from .test_consultation_journeys import log_in, log_out

pytestmark = [pytest.mark.browser]
PHONE = {"width": 375, "height": 740}


def test_it_registers_a_letter_and_shows_it_in_the_journal(journey: Any, site: Any,
                                                             administrator: Any) -> None:
    page = journey.page
    space = make_space(site, slug="propuneri")
    component = make_component(space)
    official = make_person(site, "Oana Official", "oana@example.org")
    SpaceMembership.objects.create(space=space, user=official,
                                   role=SpaceMembership.Role.MANAGER)
    resident = make_person(site, "Rita Resident", "rita@example.org")
    online = make_proposal(component, author=resident, title="Shade in the Roses park",
                           body="More trees near the playground.")
    ProposalAnswer.objects.create(
        proposal=online, outcome="accepted", drafted_by=official, reviewed_by=administrator,
        reviewed_at=timezone.now(), state=AnswerState.PUBLISHED, published_at=timezone.now())

    page.set_viewport_size(PHONE)
    log_in(journey, "oana@example.org")
    page.set_viewport_size(PHONE)
    journey.goto(f"/manage/spaces/{space.slug}/proposals/{component.pk}/received/new/")
    page.locator("[name=channel]").select_option(label="Letter")
    received = timezone.localtime() - datetime.timedelta(days=1)
    page.locator("[name=received_at]").fill(received.strftime("%Y-%m-%dT%H:%M"))
    page.locator("[name=author_name]").fill("Gheorghe Vlad")
    page.locator("[name=title]").fill("Lights on Tulip street")
    page.locator("[name=body]").fill(
        "Gheorghe Vlad, phone 0744 123 456, asks for street lights on Tulip street.")
    page.set_viewport_size(PHONE)
    journey.follow(page.get_by_role("button", name="Register"))
    assert "Personal data check" in page.inner_text("h1")
    page.locator("[name=words]").fill("Tulip street")
    page.locator("[name=kind]").select_option(label="Street address")
    page.set_viewport_size(PHONE)
    journey.follow(page.get_by_role("button", name="Hide these words"))
    page.set_viewport_size(PHONE)
    journey.follow(page.get_by_role("button", name="Publish the proposal"))
    letter = Proposal.objects.get(channel="letter")
    assert letter.state == "published" and "0744" not in letter.body_public
    page.set_viewport_size(PHONE)
    journey.follow(page.get_by_role("link", name="Receipt", exact=True))
    assert letter.registration_label in page.inner_text("main")
    log_out(journey)

    page.set_viewport_size(PHONE)
    journey.goto("/proposals/journal/")
    main = page.inner_text("main")
    assert "Shade in the Roses park" in main and "Accepted" in main
    assert "0744" not in main and "Gheorghe Vlad" in main  # named, as the sender asked
    page.locator("[name=channel]").select_option(label="Letter")
    page.set_viewport_size(PHONE)
    journey.follow(page.get_by_role("button", name="Filter"))
    main = page.inner_text("main")
    assert "Shade in the Roses park" not in main and "No answer yet" in main
    page.set_viewport_size(PHONE)
    journey.follow(page.get_by_role("link", name=f"No. {letter.registration_label}: "
                                                f"{letter.title_public}"))
    assert journey.unchecked_pages() == []
