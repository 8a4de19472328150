"""Invitations: followers of a space, a working group or a district hear of a new meeting, of
its changes and of its cancellation, each as their digest settings say; the notice period
of the legal profile (Romania: 3 days) is enforced and shown."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import formats, timezone

from participa.components.meetings.models import MeetingState
from participa.components.meetings.services.meetings import (
    check_notice,
    meeting_cancel,
    meeting_create,
    meeting_publish,
    meeting_update,
    notice_help,
)
from participa.components.meetings.tests.conftest import (
    at,
    make_component,
    make_meeting,
    make_space,
)
from participa.conftest import make_user
from participa.core.models import Scope
from participa.notifications.models import Notification
from participa.notifications.services import follow_create, follow_delete
from participa.notifications.targets import can_see_target, is_followable, resolve_followable


def prefs(user, frequency):
    user.notification_preferences = {"email_frequency": frequency}
    user.save()


def draft(component, **values):
    return make_meeting(component, state=MeetingState.DRAFT, starts_at=at(10), **values)


def events_of(person):
    return list(Notification.objects.filter(recipient=person).order_by("pk")
                .values_list("event", flat=True))


def test_followers_of_the_space_are_invited_each_as_they_chose(
        org, component, manager, django_capture_on_commit_callbacks):
    at_once = make_user(org, "at_once")
    daily = make_user(org, "daily")
    prefs(at_once, "immediately")
    prefs(daily, "daily")
    follow_create(user=at_once, target=component.space)
    follow_create(user=daily, target=component.space)
    meeting = draft(component, title={"en": "Cycle lanes"})

    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish(acting_user=manager, meeting=meeting)

    assert events_of(at_once) == ["meeting.announced"]
    assert events_of(daily) == ["meeting.announced"]
    assert [message.to for message in mail.outbox] == [[at_once.email]]
    assert "Cycle lanes" in mail.outbox[0].body
    assert Notification.objects.get(recipient=daily).email_pending is True  # the daily digest


def test_followers_of_a_district_hear_of_meetings_there(org, component, manager, scope,
                                                        django_capture_on_commit_callbacks):
    of_north = make_user(org, "of_north")
    of_city = make_user(org, "of_city")
    of_south = make_user(org, "of_south")
    south = Scope.objects.create(organization=org, code="south", name={"en": "South"})
    follow_create(user=of_north, target=scope)
    follow_create(user=of_city, target=scope.parent)
    follow_create(user=of_south, target=south)
    # A space with no district of its own; the meeting is in the north district.
    elsewhere = make_component(make_space(org, slug="city-hall"))
    meeting = draft(elsewhere, scope=scope)

    meeting_publish(acting_user=manager, meeting=meeting)
    meeting_update(acting_user=manager, meeting=meeting,
                   data={"address": "Strada Nouă 2"})
    meeting_cancel(acting_user=manager, meeting=meeting, reason="The hall is closed.")

    expected = ["meeting.announced", "meeting.changed", "meeting.cancelled"]
    assert events_of(of_north) == expected
    assert events_of(of_city) == expected  # the district is inside the city
    assert events_of(of_south) == []


def test_a_meeting_reaches_followers_of_its_spaces_district(org, space, scope, manager):
    follower = make_user(org, "follower")
    follow_create(user=follower, target=scope)
    meeting = draft(make_component(space))  # the working group's space is in the north
    meeting_publish(acting_user=manager, meeting=meeting)
    assert events_of(follower) == ["meeting.announced"]


def test_a_district_follower_hears_once_even_following_the_space_too(org, space, scope,
                                                                     manager):
    follower = make_user(org, "follower")
    follow_create(user=follower, target=scope)
    follow_create(user=follower, target=space)
    meeting_publish(acting_user=manager, meeting=draft(make_component(space)))
    assert events_of(follower) == ["meeting.announced"]


def test_district_followers_never_hear_of_drafts_or_meetings_they_cannot_see(
        org, scope, manager):
    from participa.spaces.models import Visibility

    follower = make_user(org, "follower")
    follow_create(user=follower, target=scope)
    hidden = make_component(make_space(org, slug="closed", visibility=Visibility.MEMBERS))
    meeting_create(acting_user=manager, component=hidden,
                   data={"title": {"en": "Draft"}, "starts_at": at(10), "ends_at": at(10, 19),
                         "address": "Hall", "scope": scope})
    meeting = draft(hidden, scope=scope)
    meeting_publish(acting_user=None, meeting=meeting)
    assert events_of(follower) == []


def test_a_district_can_be_followed_and_unfollowed(org, scope, resident, other_org):
    assert is_followable(scope)
    assert can_see_target(resident, scope)
    assert resolve_followable(resident, org, f"core.scope:{scope.pk}") == scope
    foreign = Scope.objects.create(organization=other_org, code="x", name={"en": "X"})
    assert resolve_followable(resident, org, f"core.scope:{foreign.pk}") is None
    follow_create(user=resident, target=scope)
    assert follow_delete(user=resident, target=scope) is True
    with pytest.raises(ValidationError):
        follow_create(user=resident, target=foreign)


def test_the_list_filtered_by_a_district_offers_to_follow_it(client_for, resident, scope,
                                                             component):
    from django.urls import reverse

    page = client_for(resident).get(reverse("meetings_list"),
                                    {"scope": scope.pk}).content.decode()
    assert f'value="core.scope:{scope.pk}"' in page


# --- The notice period ------------------------------------------------------------------------

def set_profile(org, profile):
    org.legal_profile = profile
    org.save()


def test_ro_refuses_a_meeting_announced_less_than_three_days_before(org, component, manager):
    set_profile(org, "ro-law-52-2003")
    meeting = draft(component)
    meeting.starts_at, meeting.ends_at = at(2), at(2, 19)
    meeting.save()
    with pytest.raises(ValidationError) as refused:
        meeting_publish(acting_user=manager, meeting=meeting)
    first = formats.date_format(timezone.localdate() + datetime.timedelta(days=3),
                                "DATE_FORMAT")
    assert refused.value.message_dict["starts_at"] == [
        "A public meeting must be announced at least 3 days before it takes place: choose "
        f"{first} or a later day."]
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.DRAFT


def test_ro_accepts_the_third_day(org, component, manager):
    set_profile(org, "ro-law-52-2003")
    meeting = draft(component)
    meeting.starts_at, meeting.ends_at = at(3, 9), at(3, 11)
    meeting.save()
    meeting_publish(acting_user=manager, meeting=meeting)
    assert meeting.state == MeetingState.SCHEDULED


def test_ro_refuses_moving_an_announced_meeting_closer_than_the_notice(org, component,
                                                                       manager):
    set_profile(org, "ro-law-52-2003")
    meeting = make_meeting(component, starts_at=at(10))
    with pytest.raises(ValidationError) as refused:
        meeting_update(acting_user=manager, meeting=meeting,
                       data={"starts_at": at(1), "ends_at": at(1, 19)})
    assert "at least 3 days" in refused.value.message_dict["starts_at"][0]


def test_pl_accepts_a_meeting_the_next_day(org, component, manager):
    set_profile(org, "pl-art-5a")
    meeting = draft(component)
    meeting.starts_at, meeting.ends_at = at(1), at(1, 19)
    meeting.save()
    meeting_publish(acting_user=manager, meeting=meeting)
    assert meeting.state == MeetingState.SCHEDULED
    check_notice(meeting)  # no notice period: nothing to refuse


def test_the_staff_form_help_states_the_rule(org, component):
    set_profile(org, "ro-law-52-2003")
    first = formats.date_format(datetime.date(2027, 3, 4), "DATE_FORMAT")
    assert notice_help(component, today=datetime.date(2027, 3, 1)) == (
        "The law requires public meetings to be announced at least 3 days before they take "
        f"place: a meeting announced today can take place on {first} or later.")
    set_profile(org, "pl-art-5a")
    assert notice_help(component) == ""


def test_the_meeting_page_says_it_was_announced_as_the_law_requires(client_for, org,
                                                                    component):
    set_profile(org, "ro-law-52-2003")
    meeting = make_meeting(component, starts_at=at(5))
    meeting.published_at = timezone.now()
    meeting.save()
    page = client_for(None).get(meeting.get_absolute_url()).content.decode()
    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"Announced on {today}, 5 days before, as the law requires." in page
    set_profile(org, "pl-art-5a")
    page = client_for(None).get(meeting.get_absolute_url()).content.decode()
    assert f"Announced on {today}." in page
    assert "as the law requires" not in page
