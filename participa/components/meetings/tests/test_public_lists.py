"""The organization's list of meetings (/meetings/), a component's list and the month
calendar: the one visibility rule, the filters, upcoming by default, clear empty states, and a
fixed number of queries whatever the number of meetings."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from participa.components.meetings.models import MeetingState, MeetingType
from participa.components.meetings.tests.conftest import (
    at,
    make_component,
    make_meeting,
    make_space,
)
from participa.core.models import Area, Scope, UserGroup
from participa.spaces.models import Visibility
from participa.testing import assert_constant_queries

LIST = reverse("meetings_list")
CALENDAR = reverse("meetings_calendar")
COUNTER = itertools.count()


def titled(component, title, **values):
    return make_meeting(component, title={"en": title}, **values)


def test_it_lists_upcoming_announced_meetings_of_every_space(client_for, component, org):
    other = make_component(make_space(org, slug="district-council"))
    titled(component, "Cycle lanes on the north bank", starts_at=at(3))
    titled(other, "Duty hours of the district council", starts_at=at(5))
    titled(component, "A draft nobody sees", state=MeetingState.DRAFT)
    titled(component, "Last month's meeting", starts_at=at(-30))
    hidden = make_component(make_space(org, slug="closed-group", visibility=Visibility.MEMBERS))
    titled(hidden, "A members-only meeting")
    unpublished = make_component(component.space, published=False)
    titled(unpublished, "In an unpublished component")

    page = client_for(None).get(LIST).content.decode()

    assert "Cycle lanes on the north bank" in page
    assert "Duty hours of the district council" in page
    assert page.index("Cycle lanes") < page.index("Duty hours")
    for absent in ("A draft nobody sees", "Last month", "members-only", "unpublished component"):
        assert absent not in page
    assert "2 meetings" in page


def test_it_shows_past_meetings_latest_first_when_asked(client_for, component):
    titled(component, "Upcoming one", starts_at=at(3))
    titled(component, "Two months ago", starts_at=at(-60))
    titled(component, "Last week", starts_at=at(-7))

    page = client_for(None).get(LIST, {"when": "past"}).content.decode()

    assert "Upcoming one" not in page
    assert page.index("Last week") < page.index("Two months ago")
    assert "2 past meetings" in page


def test_it_filters_by_type_district_area_and_dates(client_for, component, org, scope, area):
    south = Scope.objects.create(organization=org, code="south", name={"en": "South"})
    other_area = Area.objects.create(organization=org, code="culture", name={"en": "Culture"})
    plain = make_component(make_space(org, slug="plain"))
    titled(component, "In the north, urbanism", starts_at=at(3))
    titled(plain, "In the south", starts_at=at(4), scope=south)
    titled(plain, "A workshop on culture", starts_at=at(20), type=MeetingType.WORKSHOP,
           organizer_area=other_area)
    client = client_for(None)

    def shown(**params):
        page = client.get(LIST, params).content.decode()
        return [title for title in ("In the north, urbanism", "In the south",
                                    "A workshop on culture") if title in page]

    assert shown(scope=scope.pk) == ["In the north, urbanism"]
    assert shown(scope=scope.parent_id) == ["In the north, urbanism"]  # the city holds north
    assert shown(scope=south.pk) == ["In the south"]
    assert shown(area=area.pk) == ["In the north, urbanism"]
    assert shown(area=other_area.pk) == ["A workshop on culture"]
    assert shown(type="workshop") == ["A workshop on culture"]
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    assert shown(date_from=day) == ["A workshop on culture"]
    assert shown(date_to=day) == ["In the north, urbanism", "In the south"]


def test_it_filters_by_organizer(client_for, component, org, space, area):
    ngo = UserGroup.objects.create(organization=org, name="Asociația Velo", slug="velo",
                                   verified_at=timezone.now())
    plain = make_component(make_space(org, slug="plain"))
    titled(component, "The group's own meeting", starts_at=at(3))
    titled(plain, "Hosted for the group", starts_at=at(4), organizer_space=space)
    titled(plain, "With the association", starts_at=at(5), co_organizer=ngo)
    titled(plain, "By the department", starts_at=at(6), organizer_area=area)
    client = client_for(None)

    def shown(value):
        page = client.get(LIST, {"organizer": value}).content.decode()
        return [title for title in ("The group's own meeting", "Hosted for the group",
                                    "With the association", "By the department")
                if title.replace("'", "&#x27;") in page]

    assert shown(f"space-{space.pk}") == ["The group's own meeting", "Hosted for the group"]
    assert shown(f"group-{ngo.pk}") == ["With the association"]
    assert shown(f"area-{area.pk}") == ["By the department"]
    page = client.get(LIST).content.decode()
    assert '<optgroup label="Working groups">' in page
    assert '<optgroup label="Associations">' in page


def test_it_says_so_when_nothing_is_planned_or_nothing_matches(client_for, component):
    client = client_for(None)
    page = client.get(LIST).content.decode()
    assert "No meeting is planned at the moment." in page
    assert 'href="?when=past"' in page
    page = client.get(LIST, {"type": "workshop"}).content.decode()
    assert "No meeting matches these filters." in page


def test_it_refuses_an_unknown_organizer_with_a_sentence(client_for, component):
    titled(component, "Cycle lanes", starts_at=at(3))
    response = client_for(None).get(LIST, {"organizer": "space-999999"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice." in page
    assert "Cycle lanes" not in page


def test_the_component_index_takes_the_same_filters(client_for, component):
    titled(component, "Cycle lanes", starts_at=at(3))
    titled(component, "A workshop", starts_at=at(4), type=MeetingType.WORKSHOP)
    url = reverse("spaces:meetings:index", args=[component.space.slug, component.pk])
    page = client_for(None).get(url, {"type": "workshop"}).content.decode()
    assert "A workshop" in page
    assert "Cycle lanes" not in page
    assert reverse("spaces:meetings:feed", args=[component.space.slug, component.pk]) in page


def test_the_component_index_shows_drafts_to_its_managers_only(client_for, component, manager):
    titled(component, "A draft being prepared", state=MeetingState.DRAFT)
    url = reverse("spaces:meetings:index", args=[component.space.slug, component.pk])
    assert "A draft being prepared" in client_for(manager).get(url).content.decode()
    assert "A draft being prepared" not in client_for(None).get(url).content.decode()


def test_it_paginates(client_for, component):
    for day in range(1, 23):
        titled(component, f"Meeting number {day:02d}", starts_at=at(day))
    client = client_for(None)
    first = client.get(LIST).content.decode()
    assert "Meeting number 20" in first and "Meeting number 21" not in first
    assert "Page 1 of 2" in first
    second = client.get(LIST, {"page": 2}).content.decode()
    assert "Meeting number 21" in second and "Meeting number 01" not in second


def _grow(org, area, scope):
    def grow():
        for n in range(3):
            number = next(COUNTER)
            space = make_space(org, slug=f"grown-{number}", area=area, scope=scope)
            component = make_component(space)
            ngo = UserGroup.objects.create(organization=org, name=f"NGO {number}",
                                           slug=f"ngo-{number}", verified_at=timezone.now())
            for day in (2, 9, 16):
                make_meeting(component, starts_at=at(day), scope=scope, organizer_area=area,
                             organizer_space=space, co_organizer=ngo,
                             title={"en": f"Grown {number}-{n}-{day}"})
            make_meeting(component, state=MeetingState.CANCELLED, starts_at=at(4))
    return grow


def test_the_list_runs_a_fixed_number_of_queries(client_for, org, area, scope, component):
    make_meeting(component, starts_at=at(2))
    _first, second = assert_constant_queries(client_for(None), LIST, _grow(org, area, scope))
    assert "Grown" in second.content.decode()


def test_the_list_of_a_signed_in_person_runs_a_fixed_number_of_queries(
        client_for, org, area, scope, component, resident):
    make_meeting(component, starts_at=at(2))
    assert_constant_queries(client_for(resident), f"{LIST}?when=all&scope={scope.pk}",
                            _grow(org, area, scope))


def test_the_calendar_runs_a_fixed_number_of_queries(client_for, org, area, scope, component):
    make_meeting(component, starts_at=at(2))
    month = at(2).strftime("%Y-%m")
    assert_constant_queries(client_for(None), f"{CALENDAR}?month={month}",
                            _grow(org, area, scope))


# --- The month calendar ---------------------------------------------------------------------

def test_the_calendar_shows_a_month_as_an_accessible_table(client_for, component):
    march = timezone.make_aware(datetime.datetime(2027, 3, 9, 17, 30))
    meeting = titled(component, "Cycle lanes in March", starts_at=march)
    titled(component, "In April", starts_at=march + datetime.timedelta(days=40))

    page = client_for(None).get(CALENDAR, {"month": "2027-03"}).content.decode()

    assert "<caption>Meetings in March 2027</caption>" in page
    assert page.count('<th scope="col">') == 7
    assert f'<a href="{meeting.get_absolute_url()}"' in page
    assert "17:30" in page and "Cycle lanes in March" in page
    assert "In April" not in page
    assert '?month=2027-02" rel="prev"' in page
    assert '?month=2027-04" rel="next"' in page
    assert "1 meeting this month" in page
    assert 'id="month-list-heading"' in page  # the list shown instead on narrow screens


def test_the_calendar_marks_today_and_keeps_filters_in_month_links(client_for, component,
                                                                    scope):
    titled(component, "Today's meeting", starts_at=at(0, 23, 0), minutes=30)
    page = client_for(None).get(CALENDAR, {"scope": scope.pk}).content.decode()
    today = timezone.localdate()
    assert f'<time datetime="{today.isoformat()}" aria-current="date">' in page
    assert f"&amp;scope={scope.pk}\" rel=\"next\"" in page
    assert "Today&#x27;s meeting" in page


def test_the_calendar_explains_a_month_it_cannot_read(client_for, component):
    response = client_for(None).get(CALENDAR, {"month": "March"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The month was not understood" in page
    today = timezone.localdate()
    assert f"Meetings in {today:%B %Y}" in page


def test_the_calendar_never_shows_drafts_or_invisible_meetings(client_for, component, org,
                                                               manager):
    titled(component, "A draft", state=MeetingState.DRAFT, starts_at=at(1))
    hidden = make_component(make_space(org, slug="closed", visibility=Visibility.MEMBERS))
    titled(hidden, "Members only", starts_at=at(1))
    month = at(1).strftime("%Y-%m")
    for client in (client_for(None), client_for(manager)):
        page = client.get(CALENDAR, {"month": month}).content.decode()
        assert "A draft" not in page
        assert "Members only" not in page


@pytest.mark.parametrize("name", ["meetings"])
def test_the_main_menu_links_the_meetings(client_for, org, name):
    page = client_for(None).get("/").content.decode()
    assert f'<a href="{LIST}"' in page


def test_it_explains_a_date_range_that_ends_before_it_starts(client_for, component):
    titled(component, "Cycle lanes", starts_at=at(3))
    response = client_for(None).get(LIST, {"date_from": "2030-05-10", "date_to": "2030-05-01"})
    assert response.status_code == 200
    page = response.content.decode()
    first = formats.date_format(datetime.date(2030, 5, 10), "DATE_FORMAT")
    assert ("The end date is before the start date: choose a day on or after "
            f"{first}.") in page
    assert "Cycle lanes" not in page
