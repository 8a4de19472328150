"""Meetings as iCalendar (RFC 5545), built with the ``icalendar`` library.

One ``VEVENT`` per meeting: its ``UID`` never changes, ``SEQUENCE`` rises with every change
calendar applications must take in, a cancelled meeting stays in the feed with
``STATUS:CANCELLED``; times are written in the organization's time zone with its
``VTIMEZONE`` (daylight-saving changes included), so a 17:00 meeting stays at 17:00 in winter
and in summer. The online link is written only for its registered participants
(``with_link``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone

from participa.components.meetings.models import Meeting, MeetingState
from participa.core.i18n import translated

PRODID = "-//Participa//Meetings//EN"


def _absolute(url: str, base_url: str) -> str:
    return url if url.startswith("http") else f"{base_url.rstrip('/')}{url}"


def meeting_event(meeting: Meeting, *, base_url: str, tz: ZoneInfo,
                  with_link: bool = False) -> icalendar.Event:
    """The ``VEVENT`` of one meeting (``base_url``: the organization's address)."""
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.uid}@participa")
    event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    event.add("created", meeting.created_at.astimezone(datetime.UTC))
    event.add("sequence", meeting.sequence)
    event.add("summary", translated(meeting.title) or str(meeting))
    event.add("dtstart", meeting.starts_at.astimezone(tz))
    event.add("dtend", meeting.ends_at.astimezone(tz))
    url = _absolute(meeting.get_absolute_url(), base_url)
    event.add("url", url)
    description = [translated(meeting.description)] if meeting.description else []
    if with_link and meeting.is_online and meeting.online_url:
        description.append(meeting.online_url)
    description.append(url)
    event.add("description", "\n\n".join(part for part in description if part))
    if meeting.is_in_person:
        event.add("location", meeting.address)
        if meeting.latitude is not None and meeting.longitude is not None:
            event.add("geo", (float(meeting.latitude), float(meeting.longitude)))
    elif with_link:
        event.add("location", meeting.online_url)
    if meeting.state == MeetingState.CANCELLED:
        event.add("status", "CANCELLED")
    elif meeting.state == MeetingState.DRAFT:
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
    return event


def calendar(meetings: Iterable[Meeting], *, name: str, base_url: str, time_zone: str,
             with_link: bool = False) -> icalendar.Calendar:
    """A calendar of ``meetings`` named ``name``, times in ``time_zone``."""
    tz = ZoneInfo(time_zone or timezone.get_current_timezone_name())
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", tz.key)
    first: datetime.date | None = None
    last: datetime.date | None = None
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, base_url=base_url, tz=tz,
                                        with_link=with_link))
        start = meeting.starts_at.astimezone(tz).date()
        end = meeting.ends_at.astimezone(tz).date()
        first = start if first is None or start < first else first
        last = end if last is None or end > last else last
    if first is not None and last is not None:
        # Only the rules of the feed's own span (with a day's margin each side): a city's
        # feed stays small however many years of daylight-saving changes the zone has.
        # Before the events: some readers resolve a TZID only from a VTIMEZONE already read.
        cal.subcomponents.insert(0, icalendar.Timezone.from_tzinfo(
            tz, tzid=tz.key, first_date=first - datetime.timedelta(days=1),
            last_date=last + datetime.timedelta(days=1)))
    return cal


def calendar_bytes(meetings: Iterable[Meeting], *, name: str, base_url: str, time_zone: str,
                   with_link: bool = False) -> bytes:
    """The calendar as the bytes of a ``.ics`` file."""
    return bytes(calendar(meetings, name=name, base_url=base_url, time_zone=time_zone,
                          with_link=with_link).to_ical())
