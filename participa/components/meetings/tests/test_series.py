"""Recurring meetings: the rule, one meeting per occurrence, local time kept across
daylight-saving changes, limits, and cancelling this and the following ones."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from participa.components.meetings.models import Meeting, MeetingSeries, MeetingState
from participa.components.meetings.services.meetings import meeting_update
from participa.components.meetings.services.series import (
    meeting_series_cancel_following,
    meeting_series_create,
)
from participa.core.models import AuditEntry

pytestmark = pytest.mark.django_db

BUCHAREST = zoneinfo.ZoneInfo("Europe/Bucharest")


def data(starts_at: datetime.datetime, **extra: object) -> dict[str, object]:
    return {"title": {"en": "Working group"}, "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=2), "address": "Sala mare",
            **extra}


def local(year: int, month: int, day: int, hour: int = 17) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=BUCHAREST)


def next_year() -> int:
    return timezone.localdate().year + 1


def test_a_monthly_meeting_keeps_its_local_hour_across_daylight_saving(component, manager):
    year = next_year()
    # The first Tuesday of March, before the clocks go forward; until November, after they
    # go back.
    first = datetime.date(year, 3, 1)
    first += datetime.timedelta(days=(1 - first.weekday()) % 7)
    meetings = meeting_series_create(
        acting_user=manager, component=component, data=data(local(year, 3, first.day)),
        repeat="monthly_weekday", until=datetime.date(year, 11, 30))

    starts = [timezone.localtime(meeting.starts_at, BUCHAREST) for meeting in meetings]
    assert len(meetings) == 9
    assert [start.month for start in starts] == list(range(3, 12))
    assert {(start.hour, start.minute) for start in starts} == {(17, 0)}
    assert all(start.weekday() == 1 and start.day <= 7 for start in starts)
    assert {start.utcoffset() for start in starts} == {datetime.timedelta(hours=2),
                                                       datetime.timedelta(hours=3)}
    assert all(timezone.localtime(m.ends_at, BUCHAREST).hour == 19 for m in meetings)


def test_it_stores_the_rule_and_links_every_occurrence(component, manager):
    start = local(next_year(), 1, 15)

    meetings = meeting_series_create(acting_user=manager, component=component,
                                     data=data(start), repeat="monthly_day", count=3)

    series = MeetingSeries.objects.get()
    assert series.rrule == "FREQ=MONTHLY;COUNT=3;BYMONTHDAY=15"
    assert [m.series_id for m in meetings] == [series.pk] * 3
    assert [timezone.localtime(m.starts_at, BUCHAREST).month for m in meetings] == [1, 2, 3]
    assert all(m.state == MeetingState.DRAFT for m in meetings)
    assert AuditEntry.objects.filter(action="meeting_series.create").count() == 1
    assert AuditEntry.objects.filter(action="meeting.create").count() == 3


def test_every_two_weeks_until_a_day(component, manager):
    start = local(next_year(), 2, 2)

    meetings = meeting_series_create(acting_user=manager, component=component,
                                     data=data(start), repeat="fortnightly",
                                     until=datetime.date(next_year(), 3, 2), publish=True)

    assert [timezone.localtime(m.starts_at, BUCHAREST).date() for m in meetings] == [
        datetime.date(next_year(), 2, 2), datetime.date(next_year(), 2, 16),
        datetime.date(next_year(), 3, 2)]
    assert all(m.state == MeetingState.SCHEDULED for m in meetings)


@pytest.mark.parametrize(("options", "field", "message"), [
    ({"count": 25}, "repeat_count", "The number of meetings in a series is from 2 to 24."),
    ({"count": 3, "until": datetime.date(2100, 1, 1)}, "repeat_until",
     "Say until which day the meeting repeats, or how many times (not both)."),
    ({}, "repeat_until",
     "Say until which day the meeting repeats, or how many times (not both)."),
    ({"until": datetime.date(2100, 1, 1)}, "repeat_until",
     "A series has at most 24 meetings: choose an earlier last day."),
])
def test_it_refuses_bad_repetitions(component, manager, options, field, message):
    with pytest.raises(ValidationError) as refused:
        meeting_series_create(acting_user=manager, component=component,
                              data=data(local(next_year(), 1, 6)), repeat="weekly",
                              **options)

    assert refused.value.message_dict == {field: [message]}
    assert Meeting.objects.count() == 0


def test_a_refused_occurrence_creates_nothing(component, manager):
    with pytest.raises(ValidationError) as refused:
        meeting_series_create(acting_user=manager, component=component,
                              data=data(local(next_year(), 1, 6), address=""),
                              repeat="weekly", count=3)

    assert refused.value.message_dict == {
        "address": ["Give the address of a meeting held in person."]}
    assert (Meeting.objects.count(), MeetingSeries.objects.count()) == (0, 0)


def test_it_cancels_this_and_the_following_with_one_reason(component, manager):
    meetings = meeting_series_create(acting_user=manager, component=component,
                                     data=data(local(next_year(), 1, 6)), repeat="weekly",
                                     count=4, publish=True)

    done = meeting_series_cancel_following(acting_user=manager, meeting=meetings[2],
                                           reason="The hall is being repaired.")

    states = list(Meeting.objects.order_by("starts_at").values_list("state", "cancel_reason"))
    assert done == 2
    assert states == [("scheduled", ""), ("scheduled", ""),
                      ("cancelled", "The hall is being repaired."),
                      ("cancelled", "The hall is being repaired.")]


def test_each_occurrence_changes_on_its_own(component, manager):
    meetings = meeting_series_create(acting_user=manager, component=component,
                                     data=data(local(next_year(), 1, 6)), repeat="weekly",
                                     count=3)

    meeting_update(acting_user=manager, meeting=meetings[1], data={"address": "Sala mică"})

    assert list(Meeting.objects.order_by("starts_at").values_list("address", flat=True)) == [
        "Sala mare", "Sala mică", "Sala mare"]
