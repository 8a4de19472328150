"""A resident finds meetings in the browser, axe-core on every page: the home page's "All
meetings", the list filtered by district, the month calendar (a table; a list of days at
320 px), a meeting's page with its map link and "add to calendar", and "My calendar" with its
secret address renewed."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from participa.components.meetings.models import CalendarFeed, Meeting, MeetingState
from participa.core.models import Scope
from participa.spaces.models import Component, Space, SpaceKind

from .conftest import NARROW, WIDE, make_person
from .test_consultation_journeys import log_in

pytestmark = [pytest.mark.browser]


def _meeting(component: Component, title: str, days: int, **values: Any) -> Meeting:
    day = timezone.localdate() + datetime.timedelta(days=days)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))
    return Meeting.objects.create(
        component=component, title={"en": title}, starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2), state=MeetingState.SCHEDULED,
        published_at=timezone.now(), address="Piața Libertății 1", **values)


def test_it_finds_a_meeting_by_list_and_calendar_and_subscribes(journey: Any,
                                                                site: Any) -> None:
    page = journey.page
    north = Scope.objects.create(organization=site, code="north", name={"en": "North"})
    space = Space.objects.create(organization=site, kind=SpaceKind.ASSEMBLY, slug="mobility",
                                 title={"en": "Mobility working group"},
                                 published_at=timezone.now())
    component = Component.objects.create(space=space, type="meetings",
                                         name={"en": "Meetings"}, published_at=timezone.now())
    lanes = _meeting(component, "Cycle lanes in the north", 1, scope=north,
                     latitude=Decimal("45.7538"), longitude=Decimal("21.2257"))
    _meeting(component, "Parking in the south", 2)

    journey.goto("/")
    journey.follow(page.get_by_role("link", name="All meetings"))
    main = page.inner_text("main")
    assert "Cycle lanes in the north" in main and "Parking in the south" in main

    page.get_by_label("District").select_option(label="North")
    journey.follow(page.get_by_role("button", name="Filter"))
    main = page.inner_text("main")
    assert "Cycle lanes in the north" in main and "Parking in the south" not in main

    month = lanes.starts_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m")
    journey.goto(f"/meetings/calendar/?month={month}")
    table = page.locator("table.month-calendar")
    assert table.is_visible()
    assert table.get_by_role("link", name="Cycle lanes in the north").count() == 1
    page.set_viewport_size(NARROW)
    assert not table.is_visible()
    day_list = page.locator("section.month-list")
    assert day_list.is_visible()
    assert day_list.get_by_role("link", name="Cycle lanes in the north").is_visible()
    page.set_viewport_size(WIDE)

    journey.follow(table.get_by_role("link", name="Cycle lanes in the north"))
    main = page.inner_text("main")
    assert "See on the map (OpenStreetMap, 45.753800, 21.225700)" in main
    calendar_link = page.get_by_role("link", name="Add to calendar (.ics)")
    assert calendar_link.get_attribute("href") == (
        f"/spaces/mobility/meetings/{component.pk}/{lanes.pk}/calendar.ics")

    resident = make_person(site, "Radu Rezident", "radu@example.org")
    log_in(journey, resident.email)
    journey.goto("meetings_my_calendar")
    old = page.get_by_label("Your personal calendar address").input_value()
    assert old.endswith(f"/meetings/calendar/{CalendarFeed.objects.get().token}.ics")
    journey.follow(page.get_by_role("link", name="Renew the address"))
    assert str(CalendarFeed.objects.get().token) in old  # nothing changes before confirming
    journey.follow(page.get_by_role("button", name="Yes, renew the address"))
    new = page.get_by_label("Your personal calendar address").input_value()
    assert new != old
    assert "the old one no longer works" in page.inner_text("main")
