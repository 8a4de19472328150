"""iCalendar feeds: the organization's (cached), a component's, one meeting's ("add to
calendar") and a person's at a secret, renewable address. Every feed is read back with
``icalendar`` and validated by a second parser (``vobject``)."""

from __future__ import annotations

import datetime
import gzip
import itertools
import uuid
from typing import Any

import icalendar
import vobject
from django.urls import reverse
from django.utils import timezone

from participa.components.meetings.models import (
    CalendarFeed,
    MeetingFormat,
    MeetingState,
    Registration,
    RegistrationState,
)
from participa.components.meetings.services.calendar_feeds import (
    calendar_feed_get_or_create,
    calendar_feed_renew,
)
from participa.components.meetings.services.meetings import meeting_cancel, meeting_update
from participa.components.meetings.tests.conftest import (
    at,
    make_component,
    make_meeting,
    make_space,
)
from participa.conftest import make_user
from participa.core.models import AuditEntry
from participa.notifications.services import follow_create
from participa.spaces.models import Visibility
from participa.testing import assert_constant_queries

ORG_FEED = reverse("meetings_organization_feed")
ONLINE = "https://meet.example.org/secret-room"
COUNTER = itertools.count()


def parse(response) -> icalendar.Calendar:
    """The feed, read by both parsers (each must accept it); icalendar's reading."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    body = response.content
    # vobject keeps the first VTIMEZONE it read for a TZID for the whole process: forget
    # those of earlier feeds so that this feed's own VTIMEZONE is the one checked.
    known = vars(vobject.icalendar)["__tzidMap"]
    for tzid in [tzid for tzid in known if tzid != "UTC"]:
        del known[tzid]
    parsed = vobject.readOne(body.decode("utf-8"), validate=True)
    assert parsed.name == "VCALENDAR"
    for event in getattr(parsed, "vevent_list", []):
        event.dtstart.value
    return icalendar.Calendar.from_ical(body)


def events(cal: icalendar.Calendar) -> dict[str, Any]:
    return {str(event["summary"]): event for event in cal.walk("VEVENT")}


def feed_url(component):
    return reverse("spaces:meetings:feed", args=[component.space.slug, component.pk])


def meeting_url(meeting):
    component = meeting.component
    return reverse("spaces:meetings:meeting_feed",
                   args=[component.space.slug, component.pk, meeting.pk])


def test_the_organization_feed_carries_announced_meetings_only(client_for, component, org):
    make_meeting(component, title={"en": "Cycle lanes"}, starts_at=at(3))
    make_meeting(component, title={"en": "Hybrid debate"}, starts_at=at(4),
                 format=MeetingFormat.HYBRID, online_url=ONLINE)
    make_meeting(component, title={"en": "Online only"}, starts_at=at(5),
                 format=MeetingFormat.ONLINE, address="", online_url=ONLINE)
    make_meeting(component, title={"en": "A draft"}, state=MeetingState.DRAFT)
    hidden = make_component(make_space(org, slug="closed", visibility=Visibility.MEMBERS))
    make_meeting(hidden, title={"en": "Members only"})
    make_meeting(make_component(component.space, published=False),
                 title={"en": "Unpublished component"})

    response = client_for(None).get(ORG_FEED)
    found = events(parse(response))

    assert sorted(found) == ["Cycle lanes", "Hybrid debate", "Online only"]
    assert ONLINE.encode() not in response.content
    assert str(found["Cycle lanes"]["location"]) == "Piața Libertății 1, Sala de consiliu"
    assert str(found["Cycle lanes"]["status"]) == "CONFIRMED"
    assert response["Content-Disposition"] == 'attachment; filename="meetings.ics"'


def test_feeds_never_show_drafts_or_links_to_those_who_run_the_space(client_for, component,
                                                                    manager):
    make_meeting(component, title={"en": "A draft"}, state=MeetingState.DRAFT)
    make_meeting(component, title={"en": "Online"}, format=MeetingFormat.ONLINE, address="",
                 online_url=ONLINE)
    client = client_for(manager)
    for url in (ORG_FEED, feed_url(component)):
        response = client.get(url)
        assert list(events(parse(response))) == ["Online"]
        assert ONLINE.encode() not in response.content


def test_the_component_feed_carries_its_own_meetings(client_for, component, org):
    make_meeting(component, title={"en": "Ours"})
    make_meeting(make_component(make_space(org, slug="other")), title={"en": "Theirs"})
    response = client_for(None).get(feed_url(component))
    assert list(events(parse(response))) == ["Ours"]
    assert response["Content-Disposition"] == (
        f'attachment; filename="mobility-group-{component.pk}.ics"')


def test_a_members_only_space_has_no_public_feed(client_for, org):
    hidden = make_component(make_space(org, slug="closed", visibility=Visibility.MEMBERS))
    assert client_for(None).get(feed_url(hidden)).status_code == 404


def test_add_to_calendar_gives_the_meeting_alone(client_for, component, meeting):
    response = client_for(None).get(meeting_url(meeting))
    cal = parse(response)
    (event,) = cal.walk("VEVENT")
    assert str(event["uid"]) == f"meeting-{meeting.uid}@participa"
    assert str(event["url"]) == f"http://testserver{meeting.get_absolute_url()}"
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'


def test_add_to_calendar_is_404_for_a_draft(client_for, component, manager):
    draft = make_meeting(component, state=MeetingState.DRAFT)
    assert client_for(manager).get(meeting_url(draft)).status_code == 404
    assert client_for(None).get(meeting_url(draft)).status_code == 404


def test_the_detail_page_links_its_calendar_file(client_for, meeting):
    page = client_for(None).get(meeting.get_absolute_url()).content.decode()
    assert f'href="{meeting_url(meeting)}"' in page


def test_changes_and_cancellations_propagate(client_for, component, manager):
    meeting = make_meeting(component, title={"en": "Cycle lanes"}, starts_at=at(10))
    client = client_for(None)
    first = events(parse(client.get(meeting_url(meeting))))["Cycle lanes"]
    assert int(first.decoded("sequence")) == 0

    meeting_update(acting_user=manager, meeting=meeting, data={"starts_at": at(11),
                                                               "ends_at": at(11, 19)})
    moved = events(parse(client.get(meeting_url(meeting))))["Cycle lanes"]
    assert int(moved.decoded("sequence")) == 1
    assert moved.decoded("dtstart") == at(11)

    meeting_cancel(acting_user=manager, meeting=meeting, reason="The room is flooded.")
    for url in (meeting_url(meeting), ORG_FEED, feed_url(component)):
        cancelled = events(parse(client.get(url)))["Cycle lanes"]
        assert int(cancelled.decoded("sequence")) == 2
        assert str(cancelled["status"]) == "CANCELLED"
        assert str(cancelled["uid"]) == f"meeting-{meeting.uid}@participa"


def test_the_time_zone_holds_across_daylight_saving_changes(client_for, component):
    winter = timezone.make_aware(datetime.datetime(2030, 1, 15, 17, 0))
    summer = timezone.make_aware(datetime.datetime(2030, 7, 15, 17, 0))
    make_meeting(component, title={"en": "Winter"}, starts_at=winter)
    make_meeting(component, title={"en": "Summer"}, starts_at=summer)

    response = client_for(None).get(ORG_FEED)
    text = response.content.decode()
    found = events(parse(response))

    assert "DTSTART;TZID=Europe/Bucharest:20300115T170000" in text
    assert "DTSTART;TZID=Europe/Bucharest:20300715T170000" in text
    cal = icalendar.Calendar.from_ical(response.content)
    (vtimezone,) = cal.walk("VTIMEZONE")
    assert str(vtimezone["tzid"]) == "Europe/Bucharest"
    in_utc = {name: event.decoded("dtstart").astimezone(datetime.UTC)
              for name, event in found.items()}
    assert in_utc["Winter"].hour == 15  # UTC+2 in winter
    assert in_utc["Summer"].hour == 14  # UTC+3 in summer
    # The second parser reads the same instants through the feed's own VTIMEZONE.
    parse(response)  # vobject now holds this feed's VTIMEZONE
    parsed = vobject.readOne(text)
    instants = sorted(event.dtstart.value.astimezone(datetime.UTC)
                      for event in parsed.vevent_list)
    assert [instant.hour for instant in instants] == [15, 14]


def test_the_time_zone_is_limited_to_the_span_of_the_feed(client_for, component):
    make_meeting(component, title={"en": "Winter"},
                 starts_at=timezone.make_aware(datetime.datetime(2030, 1, 15, 17, 0)))
    text = client_for(None).get(ORG_FEED).content.decode()
    assert "DAYLIGHT" not in text  # no summer time in a January-only feed
    assert text.count("BEGIN:VTIMEZONE") == 1


def test_the_organization_feed_is_cached_until_a_meeting_changes(client_for, component,
                                                                 manager,
                                                                 django_assert_num_queries):
    meeting = make_meeting(component, title={"en": "Cycle lanes"}, starts_at=at(10))
    client = client_for(None)
    client.get(ORG_FEED)
    with django_assert_num_queries(0):  # served from the cache, organization included
        assert b"Cycle lanes" in client.get(ORG_FEED).content
    meeting_update(acting_user=manager, meeting=meeting, data={"title": {"en": "Bike lanes"}})
    body = client.get(ORG_FEED).content
    assert b"Bike lanes" in body and b"Cycle lanes" not in body


def test_the_organization_feed_is_sent_compressed_to_those_who_accept_it(
        client_for, component, django_assert_num_queries):
    make_meeting(component, title={"en": "Cycle lanes"})
    client = client_for(None)
    plain = client.get(ORG_FEED)
    assert plain.get("Content-Encoding") is None
    assert "Accept-Encoding" in plain["Vary"]
    with django_assert_num_queries(0):  # served from the cache, organization included
        compressed = client.get(ORG_FEED, headers={"Accept-Encoding": "gzip, deflate"})
    assert compressed["Content-Encoding"] == "gzip"
    assert compressed["Content-Type"] == "text/calendar; charset=utf-8"
    assert gzip.decompress(compressed.content) == plain.content
    assert b"Cycle lanes" in plain.content


def test_feeds_keep_three_months_of_past_meetings(client_for, component):
    make_meeting(component, title={"en": "Last month"}, starts_at=at(-30))
    make_meeting(component, title={"en": "Half a year ago"}, starts_at=at(-180))
    make_meeting(component, title={"en": "Next year"}, starts_at=at(400))
    for url in (ORG_FEED, feed_url(component)):
        assert sorted(events(parse(client_for(None).get(url)))) == ["Last month", "Next year"]


def _grow(org, component):
    def grow():
        for _ in range(3):
            number = next(COUNTER)
            other = make_component(make_space(org, slug=f"grown-{number}"))
            for day in (2, 9):
                make_meeting(other, title={"en": f"Grown {number}-{day}"}, starts_at=at(day))
                make_meeting(component, title={"en": f"Own {number}-{day}"}, starts_at=at(day),
                             state=MeetingState.CANCELLED)
    return grow


def test_feeds_run_a_fixed_number_of_queries(client_for, org, component, resident, settings):
    make_meeting(component, starts_at=at(2))
    feed = calendar_feed_get_or_create(acting_user=resident)
    follow_create(user=resident, target=component.space)
    personal = reverse("meetings_personal_feed", args=[feed.token])
    # The organization's feed is cached: measured here without its cache.
    settings.CACHES = {**settings.CACHES,
                       "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    for url in (ORG_FEED, feed_url(component), personal):
        _first, second = assert_constant_queries(client_for(None), url, _grow(org, component))
        assert b"BEGIN:VEVENT" in second.content


# --- A person's feed ------------------------------------------------------------------------

def test_a_persons_feed_has_their_registrations_and_what_they_follow(client_for, org,
                                                                     component, resident,
                                                                     scope):
    other_space = make_space(org, slug="district-council")
    followed_component = make_component(other_space)
    registered = make_meeting(make_component(make_space(org, slug="a")),
                              title={"en": "Registered"})
    Registration.objects.create(meeting=registered, user=resident)
    cancelled = make_meeting(make_component(make_space(org, slug="b")),
                             title={"en": "Registration cancelled"})
    Registration.objects.create(meeting=cancelled, user=resident,
                                state=RegistrationState.CANCELLED, cancelled_at=timezone.now())
    make_meeting(component, title={"en": "In a followed space"})
    make_meeting(followed_component, title={"en": "In a followed component"})
    make_meeting(make_component(make_space(org, slug="c")), title={"en": "In a district"},
                 scope=scope)
    make_meeting(make_component(make_space(org, slug="d")), title={"en": "Not followed"})
    make_meeting(component, title={"en": "A draft"}, state=MeetingState.DRAFT)
    follow_create(user=resident, target=component.space)
    follow_create(user=resident, target=followed_component)
    follow_create(user=resident, target=scope)
    feed = calendar_feed_get_or_create(acting_user=resident)

    response = client_for(None).get(reverse("meetings_personal_feed", args=[feed.token]))

    assert sorted(events(parse(response))) == [
        "In a district", "In a followed component", "In a followed space", "Registered"]
    assert response["Cache-Control"] == "private, no-store"


def test_the_persons_feed_includes_members_only_meetings_they_may_see(client_for, org,
                                                                      resident):
    from participa.spaces.models import SpaceMembership

    hidden_space = make_space(org, slug="closed", visibility=Visibility.MEMBERS)
    hidden = make_meeting(make_component(hidden_space), title={"en": "Members only"})
    Registration.objects.create(meeting=hidden, user=resident)
    feed = calendar_feed_get_or_create(acting_user=resident)
    url = reverse("meetings_personal_feed", args=[feed.token])
    assert list(events(parse(client_for(None).get(url)))) == []
    SpaceMembership.objects.create(space=hidden_space, user=resident)
    assert list(events(parse(client_for(None).get(url)))) == ["Members only"]


def test_renewing_the_address_stops_the_old_one(client_for, resident):
    feed = calendar_feed_get_or_create(acting_user=resident)
    old = reverse("meetings_personal_feed", args=[feed.token])
    assert client_for(None).get(old).status_code == 200

    client = client_for(resident)
    response = client.post(reverse("meetings_my_calendar_renew"))
    assert response.status_code == 302

    new_token = CalendarFeed.objects.get(user=resident).token
    assert new_token != feed.token
    assert client_for(None).get(old).status_code == 404
    page = client.get(reverse("meetings_my_calendar")).content.decode()
    assert f"http://testserver/meetings/calendar/{new_token}.ics" in page
    assert "the old one no longer works" in page
    entry = AuditEntry.objects.filter(action="calendar_feed.renew").get()
    assert str(new_token) not in str(entry.changes)


def test_an_unknown_or_other_organizations_address_is_404(client_for, resident, other_org):
    assert client_for(None).get(
        reverse("meetings_personal_feed", args=[uuid.uuid4()])).status_code == 404
    feed = calendar_feed_get_or_create(acting_user=resident)
    url = reverse("meetings_personal_feed", args=[feed.token])
    assert client_for(None, host="other.test").get(url).status_code == 404


def test_renewing_asks_first_and_needs_a_post_from_a_signed_in_person(client_for, resident):
    feed = calendar_feed_get_or_create(acting_user=resident)
    client = client_for(resident)
    assert (f'href="{reverse("meetings_my_calendar_renew")}"'
            in client.get(reverse("meetings_my_calendar")).content.decode())
    response = client.get(reverse("meetings_my_calendar_renew"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Renew your calendar address?</h1>" in html
    assert "stop receiving your meetings at once" in html
    assert '<form method="post">' in html and "Yes, renew the address" in html
    assert CalendarFeed.objects.get().token == feed.token
    assert client.put(reverse("meetings_my_calendar_renew")).status_code == 405
    CalendarFeed.objects.all().delete()
    response = client_for(None).post(reverse("meetings_my_calendar_renew"))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not CalendarFeed.objects.exists()


def test_the_service_renews_and_audits(resident):
    feed = calendar_feed_get_or_create(acting_user=resident)
    again = calendar_feed_get_or_create(acting_user=resident)
    assert again.pk == feed.pk and again.token == feed.token
    renewed = calendar_feed_renew(acting_user=resident)
    assert renewed.token != feed.token and renewed.renewed_at is not None
    assert list(AuditEntry.objects.filter(action__startswith="calendar_feed.")
                .values_list("action", flat=True).order_by("pk")) == [
        "calendar_feed.create", "calendar_feed.renew"]


def test_a_deactivated_persons_feed_stops(client_for, org):
    person = make_user(org, "leaving")
    feed = calendar_feed_get_or_create(acting_user=person)
    person.is_active = False
    person.save()
    assert client_for(None).get(
        reverse("meetings_personal_feed", args=[feed.token])).status_code == 404
