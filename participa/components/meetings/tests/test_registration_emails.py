"""The registration e-mails: confirmation with the .ics file and the cancellation link, the
waiting list, the promotion, the reminder; the online link only for registered people."""

from __future__ import annotations

import datetime
import re
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.utils import formats, timezone, translation

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


@pytest.fixture
def online(component: Component) -> Meeting:
    return make_meeting(component, capacity=1, format=MeetingFormat.HYBRID, online_url=LINK)


def register(user: User, meeting: Meeting, capture: Any) -> Registration:
    with capture(execute=True):
        return services.registration_create(acting_user=user, meeting=meeting)


def calendar_of(message: Any) -> icalendar.Calendar:
    (name, content, mimetype), = message.attachments
    assert name == "meeting.ics"
    assert mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def html_of(message: Any) -> str:
    return str(message.alternatives[0][0])


def cancel_link(message: Any) -> str:
    match = re.search(r"https?://testserver(/spaces/\S+/registrations/[0-9a-f-]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_confirmation_carries_the_calendar_file_the_link_and_the_cancellation(
        online: Meeting, resident: User, django_capture_on_commit_callbacks: Any) -> None:
    registration = register(resident, online, django_capture_on_commit_callbacks)

    message, = mail.outbox
    assert message.to == [resident.email]
    assert message.subject == "You are registered: Monthly meeting on cycle lanes"
    assert LINK in message.body
    event, = calendar_of(message).events
    assert str(event["summary"]) == "Monthly meeting on cycle lanes"
    assert event.start == online.starts_at
    assert LINK in str(event["description"])
    assert str(event["uid"]) == f"meeting-{online.uid}@participa"
    assert cancel_link(message) == (f"/spaces/{online.component.space.slug}/meetings/"
                                    f"{online.component_id}/registrations/{registration.token}/")
    html = html_of(message)
    assert f"/registrations/{registration.token}/" in html and LINK in html


def test_the_waiting_list_gets_its_number_and_never_the_online_link(
        online: Meeting, org: Organization, django_capture_on_commit_callbacks: Any) -> None:
    first, second = make_user(org, "first"), make_user(org, "second")
    register(first, online, django_capture_on_commit_callbacks)
    register(second, online, django_capture_on_commit_callbacks)

    message = mail.outbox[1]
    assert message.to == [second.email]
    assert message.subject == ("You are No. 1 on the waiting list: Monthly meeting on cycle "
                               "lanes")
    assert "you are No. 1 on the waiting list" in message.body
    assert LINK not in message.body
    assert LINK not in html_of(message)
    assert message.attachments == []


def test_the_link_of_the_email_cancels_after_a_confirmation_and_promotes_the_next(
        online: Meeting, org: Organization, django_capture_on_commit_callbacks: Any) -> None:
    first, second = make_user(org, "first"), make_user(org, "second")
    register(first, online, django_capture_on_commit_callbacks)
    register(second, online, django_capture_on_commit_callbacks)
    url = cancel_link(mail.outbox[0])
    visitor = Client()  # not signed in

    page = visitor.get(url)
    assert page.status_code == 200
    assert "Cancel your registration?" in page.content.decode()
    assert Registration.objects.get(user=first).state == "registered"  # opening changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(url)
    assert response.status_code == 302 and response["Location"] == url
    assert "Your registration is cancelled" in visitor.get(url).content.decode()
    assert Registration.objects.get(user=first).state == "cancelled"
    assert Registration.objects.get(user=second).state == "registered"
    promoted = mail.outbox[-1]
    assert promoted.to == [second.email]
    assert promoted.subject == "You have a place: Monthly meeting on cycle lanes"
    assert LINK in promoted.body
    assert calendar_of(promoted).events[0]["location"] == online.address


def test_a_wrong_token_is_not_found(meeting: Meeting) -> None:
    component = meeting.component
    url = (f"/spaces/{component.space.slug}/meetings/{component.pk}/registrations/"
           "00000000-0000-4000-8000-000000000000/")
    assert Client().get(url).status_code == 404


def test_the_email_is_in_the_person_s_language(online: Meeting, org: Organization,
                                               django_capture_on_commit_callbacks: Any) -> None:
    person = make_user(org, "romanian", preferred_language="ro")
    register(person, online, django_capture_on_commit_callbacks)
    message, = mail.outbox
    with translation.override("ro"):
        when = formats.date_format(timezone.localtime(online.starts_at), "DATETIME_FORMAT")
    assert when in message.body


def test_the_reminder_goes_once_with_the_link(component: Component, resident: User,
                                              django_capture_on_commit_callbacks: Any) -> None:
    soon = make_meeting(component, format=MeetingFormat.ONLINE, address="", online_url=LINK,
                        starts_at=timezone.now() + datetime.timedelta(hours=6))
    register(resident, soon, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.registration_reminders_send() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.registration_reminders_send() == 0
    message, = mail.outbox
    assert message.subject == "Tomorrow: Monthly meeting on cycle lanes"
    assert LINK in message.body
    assert len(message.attachments) == 1


def test_an_invitation_asks_to_register_on_the_page(component: Component, resident: User,
                                                    manager: User,
                                                    django_capture_on_commit_callbacks: Any
                                                    ) -> None:
    meeting = make_meeting(component, registration_mode=RegistrationMode.INVITATION,
                           format=MeetingFormat.ONLINE, address="", online_url=LINK)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_invite(acting_user=manager, meeting=meeting,
                                     emails=[resident.email])
    message, = mail.outbox
    assert message.subject == "You are invited: Monthly meeting on cycle lanes"
    assert f"://testserver{meeting.get_absolute_url()}" in message.body
    assert LINK not in message.body
    assert "/registrations/" not in message.body


def test_the_calendar_file_names_its_charset_once(
        online: Meeting, resident: User, django_capture_on_commit_callbacks: Any) -> None:
    register(resident, online, django_capture_on_commit_callbacks)
    message, = mail.outbox
    raw = message.message().as_string()
    header = re.search(r"Content-Type: text/calendar;[^\n]*(\n [^\n]*)*", raw)
    assert header is not None
    assert header.group(0).lower().count("charset") == 1, header.group(0)
    assert "method=" in header.group(0).lower()
