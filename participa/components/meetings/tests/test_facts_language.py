"""The facts of a meeting page: texts written once, in the organization's language (the
accessibility information, the directions, the minutes), carry that language on a page in
another one (WCAG 3.1.2); "Where" says "online" once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from participa.components.meetings.models import SeatDraw
from participa.components.meetings.tests.conftest import make_meeting
from participa.core.models import Organization
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("page_language", "marked"), [("en", True), ("ro", False)])
def test_texts_in_the_organizations_language_say_so(
        client_for: Any, org: Organization, component: Component, page_language: str,
        marked: bool) -> None:
    org.default_language = "ro"
    org.save()
    meeting = make_meeting(component, location_hints="Sala mică, parter.",
                           accessibility="Intrare fără trepte.")
    html = client_for(None).get(meeting.get_absolute_url(),
                                HTTP_ACCEPT_LANGUAGE=page_language).content.decode()
    lang = ' lang="ro"' if marked else ""
    assert f"<span{lang}>Sala mică, parter.</span>" in html
    assert f"<dd{lang}>Intrare fără trepte.</dd>" in html


@pytest.mark.parametrize(("page_language", "marked"), [("pl", True), ("ro", False)])
def test_conclusions_and_minutes_say_their_language(
        client_for: Any, org: Organization, component: Component, page_language: str,
        marked: bool) -> None:
    org.default_language = "ro"
    org.save()
    meeting = make_meeting(component, starts_at=timezone.now() - datetime.timedelta(days=2),
                           conclusions="Trei priorități.", minutes_text="S-au stabilit.",
                           minutes_published_at=timezone.now())
    html = client_for(None).get(meeting.get_absolute_url(),
                                HTTP_ACCEPT_LANGUAGE=page_language).content.decode()
    lang = ' lang="ro"' if marked else ""
    assert f'<div class="prose"{lang}><p>Trei priorități.</p></div>' in html
    assert f'<div class="prose minutes-text"{lang}><p>S-au stabilit.</p></div>' in html


def test_the_public_value_a_draw_waits_for_says_its_language(
        client_for: Any, org: Organization, component: Component) -> None:
    org.default_language = "ro"
    org.save()
    draw = SeatDraw.objects.create(
        component=component, space=component.space, title={"en": "Seats"}, seats=2,
        applications_close_at=timezone.now() + datetime.timedelta(days=3),
        committed_number="12345", public_value_source="Primul număr extras la Loto 6/49")
    html = client_for(None).get(draw.get_absolute_url(),
                                HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert '<dd lang="ro">Primul număr extras la Loto 6/49</dd>' in html


def test_an_online_meeting_says_online_once(client_for: Any, component: Component) -> None:
    online = make_meeting(component, format="online", address="",
                          online_url="https://meet.example.org/x")
    html = client_for(None).get(online.get_absolute_url()).content.decode()
    assert ("<dt>Where</dt><dd>Online: the link is sent to registered participants.</dd>"
            in html)
    hybrid = make_meeting(component, format="hybrid", address="Hall 2",
                          online_url="https://meet.example.org/x")
    html = client_for(None).get(hybrid.get_absolute_url()).content.decode()
    assert ("<dt>Where</dt><dd>Hall 2<br>Online: the link is sent to registered "
            "participants.</dd>") in html
