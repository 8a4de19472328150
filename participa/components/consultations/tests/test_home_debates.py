"""The home page lists the scheduled public debates of the consultations the visitor may see:
they are meetings, listed by the meetings component (the consultations list none of their
own)."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participa.components.meetings.models import MeetingState
from participa.spaces.models import Component, Visibility

from .conftest import make_component, make_consultation, make_debate, make_space


def _at(days: int, hour: int = 18) -> datetime.datetime:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _upcoming_section(html: str) -> str:
    return html.split('id="upcoming"', 1)[1].split("</section>", 1)[0]


def test_it_lists_future_debates_with_date_place_and_their_meeting_page(client_for,
                                                                      consultation):
    later = make_debate(consultation, starts_at=_at(9),
                        place="Sala de consiliu, Bd. C.D. Loga 1")
    sooner = make_debate(consultation, starts_at=_at(3, 17),
                         online_url="https://meet.example/parking")
    make_debate(consultation, starts_at=_at(-2), place="Past room")
    section = _upcoming_section(client_for(None).get("/").content.decode())
    assert "No public debate or meeting is scheduled" not in section
    assert section.count("<li>") == 2
    first, second = section.split("<li>")[1:]
    assert f'<a href="{sooner.get_absolute_url()}">Public debate on Parking rules</a>' in first
    assert f'<a href="{later.get_absolute_url()}">' in second
    # The link is sent to registered participants only, never listed.
    assert "https://meet.example/parking" not in section
    assert "Sala de consiliu, Bd. C.D. Loga 1" in second
    assert "Past room" not in section
    space = consultation.component.space
    assert f'Public debate: <a href="{space.get_absolute_url()}">Draft decisions</a>' in first
    starts = timezone.localtime(_at(9))
    assert f'<time datetime="{starts.isoformat()}">' in second


def test_it_leaves_out_debates_the_visitor_may_not_see(client_for, org, consultation):
    members = make_space(org, slug="members", visibility=Visibility.MEMBERS)
    hidden = make_consultation(make_component(members), slug="members", title="Members rules")
    make_debate(hidden, starts_at=_at(2), place="Members room")
    cancelled = make_debate(consultation, starts_at=_at(2), place="Cancelled room",
                            state=MeetingState.CANCELLED, cancelled_at=timezone.now(),
                            cancel_reason="The hall is flooded.")
    section = _upcoming_section(client_for(None).get("/").content.decode())
    assert "Members room" not in section and "Cancelled room" not in section
    assert "No public debate or meeting is scheduled at the moment." in section
    # An unpublished meetings component shows none of its debates.
    cancelled.delete()
    make_debate(consultation, starts_at=_at(2), place="Hall")
    Component.objects.filter(type="meetings", space=consultation.component.space).update(
        published_at=None)
    assert "Hall" not in _upcoming_section(client_for(None).get("/").content.decode())


def test_it_lists_debates_in_a_fixed_number_of_queries(client_for, component, consultation):
    client = client_for(None)
    make_debate(consultation, starts_at=_at(2), place="Hall")
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(8):
        other = make_consultation(component, slug=f"other-{n}", title=f"Other {n}")
        make_debate(other, starts_at=_at(3 + n), place=f"Room {n}")
    with CaptureQueriesContext(connection) as many:
        html = client.get("/").content.decode()
    assert len(many) == len(few)
    assert _upcoming_section(html).count("<li>") == 6
