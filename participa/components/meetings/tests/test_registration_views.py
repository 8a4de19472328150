"""The registration box of the meeting page, the registration form and the cancel button."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from participa.components.meetings.models import (
    Meeting,
    MeetingFormat,
    Registration,
    RegistrationMode,
)
from participa.components.meetings.services import registrations as services
from participa.components.meetings.tests.conftest import make_meeting
from participa.conftest import make_user
from participa.core.models import Organization, User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db
LINK = "https://meet.example.org/cycle-lanes"


def url(meeting: Meeting, name: str = "") -> str:
    return meeting.get_absolute_url() + name


def box(client: Any, meeting: Meeting) -> str:
    response = client.get(url(meeting))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('id="registration"')
    return html[start:html.index("</section>", start)]


def test_visitors_see_the_places_left_and_are_asked_to_sign_in(client_for: Any,
                                                               component: Component) -> None:
    meeting = make_meeting(component, capacity=30, registered_count=28)
    html = box(client_for(None), meeting)
    assert "2 places left." in html
    assert "Sign in to register" in html
    assert "<form" not in html


def test_a_resident_registers_from_the_page(client_for: Any, component: Component,
                                            resident: User) -> None:
    meeting = make_meeting(component, capacity=2, ask_to_speak=True)
    client = client_for(resident)
    html = box(client, meeting)
    assert 'name="wants_to_speak"' in html and 'name="accessibility_needs"' in html

    response = client.post(url(meeting, "register/"), {
        "wants_to_speak": "on", "speech_topic": "Parking on my street",
        "accessibility_needs": "Step-free access"})
    assert response.status_code == 302
    assert response["Location"] == url(meeting) + "#registration"
    registration = Registration.objects.get(user=resident)
    assert (registration.state, registration.speech_topic,
            registration.accessibility_needs) == ("registered", "Parking on my street",
                                                  "Step-free access")
    page = client.get(url(meeting)).content.decode()
    assert "You are registered. We sent you an e-mail" in page
    assert "You are registered." in box(client, meeting)
    assert "1 place left." in box(client, meeting)


def test_an_error_comes_back_next_to_its_field_and_keeps_what_was_typed(
        client_for: Any, component: Component, resident: User) -> None:
    meeting = make_meeting(component, ask_to_speak=True, questions=[
        {"id": "district", "label": {"en": "Your district"}, "kind": "text", "required": True}])
    response = client_for(resident).post(url(meeting, "register/"), {
        "wants_to_speak": "on", "speech_topic": "", "accessibility_needs": "Sign language",
        "question_district": "Fabric"})
    assert response.status_code == 200
    html = response.content.decode()
    assert ('<p class="error" id="id_speech_topic_error">Write the topic of your '
            'intervention, or untick “I wish to speak”.</p>') in html
    assert "Sign language</textarea>" in html
    assert 'value="Fabric"' in html
    assert not Registration.objects.exists()


def test_a_required_question_left_empty_is_refused_with_its_label(
        client_for: Any, component: Component, resident: User) -> None:
    meeting = make_meeting(component, questions=[
        {"id": "bus", "label": {"en": "Do you come by bus?"}, "kind": "yes_no",
         "required": True}])
    response = client_for(resident).post(url(meeting, "register/"), {})
    assert response.status_code == 200
    assert ("Answer “yes” or “no” to the question “Do you come by bus?”."
            in response.content.decode())


def test_a_double_click_answers_already_registered(client_for: Any, meeting: Meeting,
                                                   resident: User) -> None:
    client = client_for(resident)
    client.post(url(meeting, "register/"), {})
    response = client.post(url(meeting, "register/"), {})
    assert response.status_code == 200
    assert "You are already registered for this meeting." in response.content.decode()
    assert Registration.objects.filter(user=resident).count() == 1


def test_a_full_meeting_offers_the_waiting_list_and_shows_the_number(
        client_for: Any, component: Component, org: Organization) -> None:
    meeting = make_meeting(component, capacity=1)
    services.registration_create(acting_user=make_user(org, "first"), meeting=meeting)
    person = make_user(org, "second")
    client = client_for(person)
    html = box(client, meeting)
    assert "The meeting is full." in html and "Join the waiting list" in html

    client.post(url(meeting, "register/"), {})
    html = box(client, meeting)
    assert "You are No. 1 on the waiting list." in html
    assert "1 person on the waiting list." in html


def test_the_cancel_button_asks_to_confirm(client_for: Any, meeting: Meeting,
                                           resident: User) -> None:
    services.registration_create(acting_user=resident, meeting=meeting)
    client = client_for(resident)
    assert "Cancel my registration" in box(client, meeting)
    page = client.get(url(meeting, "cancel-registration/"))
    assert "Cancel your registration?" in page.content.decode()
    assert Registration.objects.get(user=resident).state == "registered"

    response = client.post(url(meeting, "cancel-registration/"))
    assert response.status_code == 302
    assert Registration.objects.get(user=resident).state == "cancelled"
    assert ">Register for this meeting</button>" in box(client, meeting)


WAITING_SENTENCE = "If you cancel, your place goes to the next person on the waiting list."


def test_the_cancel_page_speaks_of_the_waiting_list_only_when_someone_waits(
        client_for: Any, component: Component, resident: User, org: Organization) -> None:
    meeting = make_meeting(component, capacity=1)
    services.registration_create(acting_user=resident, meeting=meeting)
    client = client_for(resident)
    page = client.get(url(meeting, "cancel-registration/")).content.decode()
    assert "You are registered." in page and WAITING_SENTENCE not in page

    waiting = make_user(org, "waiting")
    services.registration_create(acting_user=waiting, meeting=meeting)
    assert WAITING_SENTENCE in client.get(url(meeting, "cancel-registration/")).content.decode()
    page = client_for(waiting).get(url(meeting, "cancel-registration/")).content.decode()
    assert "You are No. 1 on the waiting list." in page and WAITING_SENTENCE not in page


@pytest.mark.parametrize(("capacity", "sentence"), [
    (None, False), (10, True)])
def test_the_e_mail_link_thanks_and_mentions_the_waiting_list_only_with_a_limit(
        client_for: Any, component: Component, resident: User, capacity: int | None,
        sentence: bool) -> None:
    meeting = make_meeting(component, capacity=capacity)
    registration = services.registration_create(acting_user=resident, meeting=meeting)
    link = reverse("spaces:meetings:registration_link",
                   args=[component.space.slug, component.pk, registration.token])
    response = client_for(None).post(link, follow=True)
    html = response.content.decode()
    assert "<h1>Your registration is cancelled</h1>" in html
    assert "Thank you for letting us know." in html
    assert ("Your place goes to the next person on the waiting list, if anyone is waiting."
            in html) is sentence


def test_invitation_mode_lets_only_the_invited_register(client_for: Any, component: Component,
                                                       resident: User, manager: User,
                                                       org: Organization) -> None:
    meeting = make_meeting(component, registration_mode=RegistrationMode.INVITATION)
    services.registration_invite(acting_user=manager, meeting=meeting, emails=[resident.email])
    html = box(client_for(resident), meeting)
    assert "You are invited to this meeting." in html and "Accept the invitation" in html
    other = box(client_for(make_user(org, "other")), meeting)
    assert "Registration for this meeting is by invitation only." in other
    assert "<form" not in other


@pytest.mark.parametrize(("minutes", "shown"), [(10, True), (20, False)])
def test_the_online_link_shows_to_registered_people_from_fifteen_minutes_before(
        client_for: Any, component: Component, org: Organization, minutes: int,
        shown: bool) -> None:
    meeting = make_meeting(component, capacity=1, format=MeetingFormat.ONLINE, address="",
                           online_url=LINK,
                           starts_at=timezone.now() + datetime.timedelta(minutes=minutes))
    holder, waiting = make_user(org, "holder"), make_user(org, "waiting")
    services.registration_create(acting_user=holder, meeting=meeting)
    services.registration_create(acting_user=waiting, meeting=meeting)

    assert (LINK in client_for(holder).get(url(meeting)).content.decode()) is shown
    assert LINK not in client_for(waiting).get(url(meeting)).content.decode()
    assert LINK not in client_for(None).get(url(meeting)).content.decode()


def test_a_meeting_without_registration_says_so(client_for: Any, component: Component,
                                                resident: User) -> None:
    meeting = make_meeting(component, registration_mode=RegistrationMode.CLOSED)
    assert "No registration is needed for this meeting." in box(client_for(resident), meeting)
    response = client_for(resident).post(url(meeting, "register/"), {})
    assert "This meeting takes no registration." in response.content.decode()


def test_a_past_meeting_speaks_of_neither_places_nor_a_closed_form(
        client_for: Any, component: Component, resident: User) -> None:
    meeting = make_meeting(component, capacity=30, registered_count=28,
                           starts_at=timezone.now() - datetime.timedelta(days=3))
    html = box(client_for(resident), meeting)
    assert "Registration closed when the meeting started." in html
    assert "places left" not in html and "Registration is closed." not in html
    unlimited = make_meeting(component, starts_at=timezone.now() - datetime.timedelta(days=3))
    html = box(client_for(None), unlimited)
    assert "No limit on places." not in html
    assert "Registration closed when the meeting started." in html


def test_a_cancelled_meeting_says_registration_is_closed(client_for: Any,
                                                         component: Component) -> None:
    meeting = make_meeting(component, state="cancelled", capacity=30)
    html = box(client_for(None), meeting)
    assert "Registration is closed." in html and "places left" not in html
