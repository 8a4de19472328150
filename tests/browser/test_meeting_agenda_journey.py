"""A resident sends a question on a meeting's agenda item; after the meeting the staff write the
minutes, review what is hidden and publish them; the public page shows only the redacted text.
axe-core runs on every page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from participa.components.meetings.models import (
    AgendaItem,
    AgendaQuestion,
    Meeting,
    MeetingState,
    MeetingType,
    Registration,
)
from participa.components.meetings.tests.conftest import make_component, make_meeting
from participa.spaces.models import Space, SpaceKind, SpaceMembership

from .conftest import make_person
from .test_consultation_journeys import form_with, log_in, log_out

pytestmark = [pytest.mark.browser]

QUESTION = "Can the lane avoid the school gate? Call me at 0722 123 456."
MINUTES = ("The meeting opened at 17:00. Maria Pop (maria.pop@example.com, 0744 555 666) "
           "asked for a safer crossing. Elena Radu supported it.")


def test_it_takes_a_question_then_publishes_redacted_minutes(journey: Any, site: Any) -> None:
    page = journey.page
    space = Space.objects.create(
        organization=site, kind=SpaceKind.ASSEMBLY, slug="grup-mobilitate",
        title={"en": "Mobility working group"}, published_at=timezone.now())
    component = make_component(space)
    meeting = make_meeting(component, title={"en": "Public debate on cycle lanes"},
                           type=MeetingType.PUBLIC_DEBATE)
    AgendaItem.objects.create(meeting=meeting, title={"en": "Cycle lanes"}, position=1)
    resident = make_person(site, "Ioana Resident", "ioana@example.org")
    Registration.objects.create(meeting=meeting, user=resident, wants_to_speak=True,
                                speech_topic="A crossing by the school")
    official = make_person(site, "Dan Official", "dan@example.org")
    SpaceMembership.objects.create(space=space, user=official,
                                   role=SpaceMembership.Role.MANAGER)

    # A resident sends a question before the meeting.
    log_in(journey, resident.email)
    journey.goto(meeting.get_absolute_url())
    form = form_with(page, "body")
    form.locator("[name='body']").fill(QUESTION)
    journey.follow(form.locator("[type='submit']"))
    main = page.inner_text("main")
    assert "Your question is published on the agenda." in main
    assert "Can the lane avoid the school gate?" in main and "0722" not in main
    assert AgendaQuestion.objects.get().body == QUESTION
    log_out(journey)

    # The meeting took place.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1))

    # The staff write the minutes, review the redactions and publish.
    log_in(journey, official.email)
    args = [space.slug, component.pk, meeting.pk]
    journey.goto("manage:meetings:manage_detail", *args)
    journey.follow(page.get_by_role("link", name="Residents' questions"))
    form = page.locator("main form.answer-form")
    form.locator("[value='answered']").check()
    form.locator("textarea").first.fill("The lane passes behind the school.")
    journey.follow(form.get_by_role("button", name="Publish the answer"))
    assert "The answer is published." in page.inner_text("main")
    journey.goto("manage:meetings:manage_speakers", *args)
    assert "A crossing by the school" in page.inner_text("main")
    journey.follow(page.get_by_role("button", name="Heard speaker 1"))
    journey.goto("manage:meetings:manage_agenda", *args)
    journey.goto("manage:meetings:manage_detail", *args)
    journey.follow(page.get_by_role("link", name="After the meeting: minutes, video, "
                                                 "conclusions"))
    form = form_with(page, "minutes_text")
    form.locator("[name='minutes_text']").fill(MINUTES)
    form.locator("[name='participants']").fill("27")
    journey.follow(form.locator("[type='submit']"))
    assert "The record of the meeting is saved." in page.inner_text("main")
    journey.follow(page.get_by_role("link", name="Review the redactions"))
    form = form_with(page, "words")
    form.locator("[name='words']").fill("Elena Radu")
    journey.follow(form.locator("[type='submit']"))
    assert "The words are hidden in 1 place." in page.inner_text("main")
    journey.follow(page.get_by_role("link", name="Back to the record of the meeting"))
    journey.follow(page.get_by_role("button", name="Publish the minutes"))
    assert "The minutes are published." in page.inner_text("main")
    journey.follow(page.get_by_role("button", name="Close the meeting"))
    assert "The meeting is closed." in page.inner_text("main")
    assert Meeting.objects.get().state == MeetingState.CLOSED
    log_out(journey)

    # The public reads the redacted minutes only.
    journey.goto(meeting.get_absolute_url())
    main = page.inner_text("main")
    assert "The meeting opened at 17:00." in main
    for personal in ("maria.pop@example.com", "0744", "Elena Radu", "0722"):
        assert personal not in main
    assert "The lane passes behind the school." in main
    assert "Speaker 1: A crossing by the school" in main
    assert "Questions on this item closed when the meeting started." in main
