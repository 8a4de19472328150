"""Staff create a meeting with the full form, announce it and see it on the public pages; a
resident applies for a citizen seat and reads the draw's public page. Every page passes
axe-core and fits 320 px."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from participa.components.meetings.models import Meeting, MeetingState, SeatDraw
from participa.components.meetings.services.draws import (
    seat_draw_close,
    seat_draw_create,
    seat_draw_run,
    seat_draw_set_public_value,
)
from participa.spaces.models import Component, Space, SpaceKind, SpaceMembership

from .conftest import PASSWORD, make_person

pytestmark = [pytest.mark.browser]


def log_in(journey: Any, email: str) -> None:
    page = journey.page
    journey.goto("account_login")
    form = page.locator("main form:has([name='password'])")
    form.locator("[name='login']").fill(email)
    form.locator("[name='password']").fill(PASSWORD)
    journey.follow(form.locator("[type='submit']"))


def test_it_creates_announces_and_shows_a_meeting(journey: Any, site: Any) -> None:
    page = journey.page
    space = Space.objects.create(organization=site, kind=SpaceKind.ASSEMBLY, slug="mobility",
                                 title={"en": "Mobility working group"},
                                 published_at=timezone.now())
    component = Component.objects.create(space=space, type="meetings",
                                         name={"en": "Meetings"},
                                         published_at=timezone.now())
    manager = make_person(site, "Mara Manager", "mara@example.org")
    SpaceMembership.objects.create(space=space, user=manager,
                                   role=SpaceMembership.Role.MANAGER)
    log_in(journey, manager.email)

    journey.goto("manage:meetings:manage_index", space.slug, component.pk)
    journey.follow(page.get_by_role("link", name="Add a meeting"))
    form = page.locator("main form")
    start = timezone.localtime() + datetime.timedelta(days=10)
    form.locator("[name='title__en']").fill("Cycle lanes in the north")
    form.locator("[name='starts_at']").fill(start.strftime("%Y-%m-%dT17:00"))
    form.locator("[name='ends_at']").fill(start.strftime("%Y-%m-%dT16:00"))
    form.locator("[name='address']").fill("Piața Libertății 1")
    form.locator("[name='question_0_label']").fill("Which district?")
    journey.follow(form.get_by_role("button", name="Create the meeting"))
    # The service's refusal, next to its field, with what was typed kept.
    assert "The meeting must end after it starts." in page.content()
    assert form.locator("[name='question_0_label']").input_value() == "Which district?"
    form.locator("[name='ends_at']").fill(start.strftime("%Y-%m-%dT19:00"))
    journey.follow(form.get_by_role("button", name="Create the meeting"))

    meeting = Meeting.objects.get()
    assert meeting.state == MeetingState.DRAFT
    journey.follow(page.get_by_role("link", name="Announce"))
    journey.follow(page.get_by_role("button", name="Yes, announce it"))
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SCHEDULED
    journey.follow(page.get_by_role("link", name="See the public page"))
    assert "Cycle lanes in the north" in page.locator("h1").inner_text()
    journey.goto("spaces:meetings:index", space.slug, component.pk)
    assert "Cycle lanes in the north" in page.content()

    journey.goto("manage:meetings:manage_cancel", space.slug, component.pk, meeting.pk)
    journey.goto("manage:meetings:manage_edit", space.slug, component.pk, meeting.pk)
    journey.goto("manage:meetings:manage_draws", space.slug, component.pk)
    draw = seat_draw_create(
        acting_user=manager, component=component, space=space,
        title={"en": "Citizen observers"}, seats=2,
        applications_close_at=timezone.now() + datetime.timedelta(days=5),
        committed_number="48213", public_value_source="The national lottery of Sunday")
    journey.goto("manage:meetings:manage_draw", space.slug, component.pk, draw.pk)
    journey.goto("spaces:meetings:draw", space.slug, component.pk, draw.pk)

    resident = make_person(site, "Rita Resident", "rita@example.org")
    page.context.clear_cookies()
    log_in(journey, resident.email)
    journey.goto("spaces:meetings:draw", space.slug, component.pk, draw.pk)
    journey.follow(page.get_by_role("button", name="Apply for a seat"))
    code = SeatDraw.objects.get().applications.get().code
    assert code in page.content()

    # After the draw: the ranking, the seed and the program to re-check it.
    SeatDraw.objects.filter(pk=draw.pk).update(
        applications_close_at=timezone.now() - datetime.timedelta(minutes=1))
    draw.refresh_from_db()
    seat_draw_close(acting_user=manager, draw=draw)
    seat_draw_set_public_value(acting_user=manager, draw=draw, public_value="17")
    seat_draw_run(acting_user=manager, draw=draw)
    journey.goto("spaces:meetings:draw", space.slug, component.pk, draw.pk)
    assert "You were drawn." in page.content()
    assert "hashlib.sha256" in page.locator("pre").inner_text()
