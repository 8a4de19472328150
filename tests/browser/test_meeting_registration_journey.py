"""Registration for a meeting, end to end in the browser, axe-core on every page visited.

A meeting with one place: resident A registers (and gets the e-mail with the cancellation
link and the ``.ics`` file), resident B lands on the waiting list, A cancels through the link
in the e-mail without signing in, and B is promoted: B's page says "registered" and B got the
e-mail "you have a place".
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participa.components.meetings.models import (
    Meeting,
    MeetingFormat,
    MeetingState,
    MeetingType,
    Registration,
)
from participa.spaces.models import Component, Space, SpaceKind

from .conftest import PASSWORD, make_person

pytestmark = [pytest.mark.browser]
LINK = "https://meet.example.org/dezbatere"
CANCEL_LINK = re.compile(r"https?://[^/\s]+(?P<path>/spaces/\S+/registrations/[0-9a-f-]+/)")


def form_with(page: Any, field_name: str) -> Any:
    return page.locator(f"main form:has([name='{field_name}'])")


def log_in(journey: Any, email: str) -> None:
    journey.goto("account_login")
    login = form_with(journey.page, "password")
    login.locator("[name='login']").fill(email)
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))


def log_out(journey: Any) -> None:
    journey.follow(journey.page.locator(
        f"header form[action='{reverse('account_logout')}'] [type='submit']"))


def build(site: Any) -> Meeting:
    space = Space.objects.create(
        organization=site, kind=SpaceKind.ASSEMBLY, slug="grupul-de-mobilitate",
        title={"en": "Mobility working group"}, published_at=timezone.now())
    component = Component.objects.create(space=space, type="meetings",
                                         name={"en": "Meetings"}, published_at=timezone.now())
    starts_at = timezone.now() + datetime.timedelta(days=5)
    return Meeting.objects.create(
        component=component, type=MeetingType.PUBLIC_DEBATE, state=MeetingState.SCHEDULED,
        title={"en": "Public debate on the parking rules"}, starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2), format=MeetingFormat.HYBRID,
        address="Piața Libertății 1, Sala de consiliu", online_url=LINK, capacity=1,
        ask_to_speak=True, published_at=timezone.now())


def messages_to(email: str) -> list[Any]:
    return [message for message in mail.outbox if message.to == [email]]


def test_it_promotes_the_waiting_list_when_a_place_is_cancelled_by_the_email_link(
        journey: Any, site: Any) -> None:
    page = journey.page
    meeting = build(site)
    first = make_person(site, "Elena Dumitru", "elena@example.org")
    second = make_person(site, "Mihai Popa", "mihai@example.org")

    # A visitor is asked to sign in.
    journey.goto(meeting.get_absolute_url())
    assert "1 place left." in page.inner_text("#registration")
    assert page.get_by_role("link", name="Sign in to register").count() == 1

    # A registers, wishing to speak: forgetting the topic keeps what was typed.
    log_in(journey, first.email)
    journey.goto(meeting.get_absolute_url())
    form = form_with(page, "speech_topic")
    form.get_by_label("I wish to speak").check()
    form.get_by_label("Accessibility needs").fill("Step-free access")
    journey.follow(form.get_by_role("button", name="Register for this meeting"))
    assert "Write the topic of your intervention" in page.inner_text("main")
    form = form_with(page, "speech_topic")
    assert form.get_by_label("Accessibility needs").input_value() == "Step-free access"
    form.get_by_label("Topic of my intervention").fill("Residents' parking permits")
    journey.follow(form.get_by_role("button", name="Register for this meeting"))
    assert "You are registered." in page.inner_text("#registration")
    confirmation, = messages_to(first.email)
    assert LINK in confirmation.body
    (name, content, _mimetype), = confirmation.attachments
    assert name == "meeting.ics"
    event = icalendar.Calendar.from_ical(content).events[0]
    assert str(event["summary"]) == "Public debate on the parking rules"
    match = CANCEL_LINK.search(confirmation.body)
    assert match, confirmation.body
    cancel_path = match.group("path")
    log_out(journey)

    # B lands on the waiting list, without the online link.
    log_in(journey, second.email)
    journey.goto(meeting.get_absolute_url())
    assert "The meeting is full." in page.inner_text("#registration")
    journey.follow(page.get_by_role("button", name="Join the waiting list"))
    assert "You are No. 1 on the waiting list." in page.inner_text("#registration")
    waiting, = messages_to(second.email)
    assert "No. 1 on the waiting list" in waiting.subject
    assert LINK not in waiting.body
    log_out(journey)

    # A cancels through the link of the e-mail, not signed in, after confirming.
    journey.goto(cancel_path)
    assert "Cancel your registration?" in page.inner_text("main")
    journey.follow(page.get_by_role("button", name="Yes, cancel my registration"))
    assert "Your registration is cancelled" in page.inner_text("main")
    assert Registration.objects.get(user=first).state == "cancelled"

    # B is promoted: the page says so and the e-mail brought the place and the link.
    log_in(journey, second.email)
    journey.goto(meeting.get_absolute_url())
    assert "You are registered." in page.inner_text("#registration")
    promoted = messages_to(second.email)[-1]
    assert promoted.subject == "You have a place: Public debate on the parking rules"
    assert LINK in promoted.body
    assert len(promoted.attachments) == 1


def test_it_lets_staff_see_the_participants_and_check_them_in_at_the_door(
        journey: Any, site: Any) -> None:
    from participa.components.meetings.services.registrations import registration_create
    from participa.spaces.models import SpaceMembership

    page = journey.page
    meeting = build(site)
    staff = make_person(site, "Ioana Manager", "ioana@example.org")
    SpaceMembership.objects.create(space=meeting.component.space, user=staff,
                                   role=SpaceMembership.Role.MANAGER)
    resident = make_person(site, "Elena Dumitru", "elena@example.org")
    registration_create(acting_user=resident, meeting=meeting, wants_to_speak=True,
                        speech_topic="Residents' parking permits")
    registration_create(acting_user=make_person(site, "Mihai Popa", "mihai@example.org"),
                        meeting=meeting)

    log_in(journey, staff.email)
    component = meeting.component
    journey.goto("manage:meetings:manage_detail", component.space.slug, component.pk,
                 meeting.pk)
    journey.follow(page.locator("main").get_by_role("link", name="Participants"))
    table = page.inner_text("main table")
    assert "Residents' parking permits" in table and "Waiting list No. 1" in table
    journey.follow(page.get_by_role("link", name="Check in at the door"))
    page.get_by_role("searchbox", name="Search by name or e-mail").fill("elena")
    journey.follow(page.locator("main").get_by_role("button", name="Search"))
    journey.follow(page.get_by_role("button", name="Check in Elena Dumitru"))
    assert "Elena Dumitru is checked in." in page.inner_text("main")
    assert Registration.objects.get(user=resident).checked_in_at is not None
    journey.follow(page.get_by_role("button", name="Undo the check-in of Elena Dumitru"))
    assert "Check-in of Elena Dumitru undone." in page.inner_text("main")
    assert Registration.objects.get(user=resident).checked_in_at is None
