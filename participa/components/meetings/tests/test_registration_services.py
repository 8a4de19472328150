"""Registration services: places, the waiting list and its promotion, invitations, questions,
check-in, personal data; every refusal with its sentence."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.components.meetings.models import (
    Meeting,
    MeetingFormat,
    MeetingState,
    Registration,
    RegistrationMode,
    RegistrationState,
)
from participa.components.meetings.services import meetings as meeting_services
from participa.components.meetings.services import registrations as services
from participa.components.meetings.tests.conftest import at, make_meeting
from participa.conftest import make_user
from participa.core.models import AuditEntry, Organization, User
from participa.notifications.models import Notification
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> dict[str, list[str]] | list[str]:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages]
                for field, errors in error.error_dict.items()}
    return [str(m) for m in error.messages]


def refused(call: Any) -> dict[str, list[str]] | list[str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return messages_of(caught.value)


def people(org: Organization, count: int) -> list[User]:
    return [make_user(org, f"person{index}") for index in range(count)]


def register(user: User, meeting: Meeting, **values: Any) -> Registration:
    return services.registration_create(acting_user=user, meeting=meeting, **values)


def test_it_gives_a_place_and_counts_it(meeting: Meeting, resident: User) -> None:
    registration = register(resident, meeting)

    assert registration.state == RegistrationState.REGISTERED
    assert registration.waiting_number is None
    meeting.refresh_from_db()
    assert meeting.registered_count == 1
    entry = AuditEntry.objects.get(action="registration.create")
    assert entry.object_id == str(registration.pk)
    assert entry.actor == resident


def test_it_puts_people_on_the_waiting_list_in_order_once_full(
        component: Component, org: Organization) -> None:
    meeting = make_meeting(component, capacity=2)
    first, second, third, fourth = people(org, 4)
    states = [register(person, meeting) for person in (first, second, third, fourth)]

    assert [(r.state, r.waiting_number) for r in states] == [
        ("registered", None), ("registered", None), ("waiting", 1), ("waiting", 2)]
    meeting.refresh_from_db()
    assert meeting.registered_count == 2
    assert meeting.places_left == 0


def test_it_has_no_limit_without_a_capacity(component: Component, org: Organization) -> None:
    meeting = make_meeting(component, capacity=None)
    assert {register(person, meeting).state for person in people(org, 5)} == {"registered"}


def test_it_answers_a_second_registration_with_a_sentence(component: Component,
                                                          org: Organization) -> None:
    meeting = make_meeting(component, capacity=1)
    first, second = people(org, 2)
    register(first, meeting)
    register(second, meeting)

    assert refused(lambda: register(first, meeting)) == [
        "You are already registered for this meeting."]
    assert refused(lambda: register(second, meeting)) == [
        "You are already on the waiting list of this meeting (No. 1)."]
    assert Registration.objects.filter(meeting=meeting).count() == 2


@pytest.mark.parametrize(("values", "message"), [
    ({"state": MeetingState.DRAFT}, "This meeting is not announced yet: registration is not open."),
    ({"state": MeetingState.CANCELLED}, "This meeting is cancelled: registration is closed."),
    ({"state": MeetingState.CLOSED}, "This meeting is over: registration is closed."),
    ({"starts_at": timezone.now() - datetime.timedelta(minutes=5)},
     "This meeting has already started: registration is closed."),
    ({"registration_mode": RegistrationMode.CLOSED}, "This meeting takes no registration."),
    ({"registration_mode": RegistrationMode.INVITATION},
     "Registration for this meeting is by invitation only."),
])
def test_it_refuses_registration_where_it_is_not_open(component: Component, resident: User,
                                                      values: dict[str, Any],
                                                      message: str) -> None:
    meeting = make_meeting(component, **values)
    assert refused(lambda: register(resident, meeting)) == [message]
    assert not Registration.objects.exists()


def test_it_refuses_people_of_another_organization(meeting: Meeting, outsider: User) -> None:
    assert refused(lambda: register(outsider, meeting)) == [
        "Sign in with an account of this organization to register."]


def test_it_refuses_a_meeting_the_person_may_not_see(org: Organization, resident: User) -> None:
    from participa.components.meetings.tests.conftest import make_component, make_space
    from participa.spaces.models import Visibility

    private = make_space(org, slug="council", visibility=Visibility.MEMBERS)
    meeting = make_meeting(make_component(private))
    assert refused(lambda: register(resident, meeting)) == [
        "This meeting is open only to the members of its space."]


def test_it_asks_for_the_topic_of_those_who_wish_to_speak(component: Component,
                                                          resident: User) -> None:
    meeting = make_meeting(component, ask_to_speak=True)
    assert refused(lambda: register(resident, meeting, wants_to_speak=True,
                                    speech_topic="  ")) == {
        "speech_topic": ["Write the topic of your intervention, or untick “I wish to speak”."]}

    registration = register(resident, meeting, wants_to_speak=True,
                            speech_topic=" Cycle lane on Bulevardul Eroilor ")
    assert registration.wants_to_speak is True
    assert registration.speech_topic == "Cycle lane on Bulevardul Eroilor"


def test_it_ignores_a_wish_to_speak_the_meeting_does_not_ask(meeting: Meeting,
                                                             resident: User) -> None:
    registration = register(resident, meeting, wants_to_speak=True, speech_topic="Trees")
    assert (registration.wants_to_speak, registration.speech_topic) == (False, "")


def test_it_checks_the_further_questions(component: Component, resident: User) -> None:
    meeting = make_meeting(component, questions=[
        {"id": "q1", "label": {"en": "Your neighbourhood"}, "kind": "text", "required": True},
        {"id": "q2", "label": {"en": "Do you need a parking place?"}, "kind": "yes_no",
         "required": True},
        {"id": "q3", "label": {"en": "Anything else"}, "kind": "text", "required": False},
    ])
    assert refused(lambda: register(resident, meeting, answers={"q1": " ", "q2": ""})) == {
        "question_q1": ["Answer the question “Your neighbourhood”."],
        "question_q2": ["Answer “yes” or “no” to the question “Do you need a parking place?”."],
    }

    registration = register(resident, meeting, answers={"q1": "Iosefin", "q2": "no",
                                                         "q3": ""})
    assert registration.answers == {"q1": "Iosefin", "q2": "no"}


def test_cancelling_a_place_promotes_the_first_on_the_waiting_list(
        component: Component, org: Organization) -> None:
    meeting = make_meeting(component, capacity=1)
    holder, first, second = people(org, 3)
    place = register(holder, meeting)
    waiting_first = register(first, meeting)
    waiting_second = register(second, meeting)

    cancelled = services.registration_cancel(acting_user=holder, registration=place)

    assert cancelled.state == RegistrationState.CANCELLED
    assert cancelled.cancelled_at is not None
    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    assert (waiting_first.state, waiting_first.waiting_number) == ("registered", None)
    assert waiting_first.promoted_at is not None
    assert (waiting_second.state, waiting_second.waiting_number) == ("waiting", 2)
    meeting.refresh_from_db()
    assert meeting.registered_count == 1
    assert AuditEntry.objects.filter(action="registration.promote",
                                     object_id=str(waiting_first.pk)).count() == 1
    assert AuditEntry.objects.filter(action="registration.cancel").count() == 1


def test_the_lowest_waiting_number_goes_first_whatever_the_order_of_rows(
        component: Component, org: Organization) -> None:
    meeting = make_meeting(component, capacity=1)
    holder, early, late = people(org, 3)
    place = register(holder, meeting)
    register(early, meeting)
    register(late, meeting)
    # Rows created in the other order must not matter: the number decides.
    Registration.objects.filter(user=early).update(created_at=timezone.now())

    services.registration_cancel(acting_user=holder, registration=place)

    assert Registration.objects.get(meeting=meeting, user=early).state == "registered"
    assert Registration.objects.get(meeting=meeting, user=late).state == "waiting"


def test_leaving_the_waiting_list_frees_no_place(component: Component,
                                                 org: Organization) -> None:
    meeting = make_meeting(component, capacity=1)
    holder, waiting = people(org, 2)
    register(holder, meeting)
    entry = register(waiting, meeting)

    services.registration_cancel(acting_user=waiting, registration=entry)

    meeting.refresh_from_db()
    assert meeting.registered_count == 1
    entry.refresh_from_db()
    assert (entry.state, entry.waiting_number) == ("cancelled", None)
    assert refused(lambda: services.registration_cancel(acting_user=waiting,
                                                        registration=entry)) == [
        "This registration is already cancelled."]


def test_one_can_register_again_after_cancelling(meeting: Meeting, resident: User) -> None:
    first = register(resident, meeting)
    services.registration_cancel(acting_user=resident, registration=first)
    again = register(resident, meeting)
    assert again.pk != first.pk and again.state == "registered"


def test_it_refuses_to_cancel_once_the_meeting_started(component: Component,
                                                       resident: User) -> None:
    meeting = make_meeting(component)
    registration = register(resident, meeting)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=1))
    assert refused(lambda: services.registration_cancel(acting_user=resident,
                                                        registration=registration)) == [
        "The meeting has already started: the registration can no longer be cancelled."]


def test_the_database_refuses_overbooking(component: Component) -> None:
    meeting = make_meeting(component, capacity=1, registered_count=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(registered_count=2)


def test_the_database_refuses_a_second_active_registration(meeting: Meeting,
                                                           resident: User) -> None:
    Registration.objects.create(meeting=meeting, user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(meeting=meeting, user=resident)


# --- invitations ---------------------------------------------------------------------------------

def test_staff_invite_people_by_address_and_they_register(component: Component, org: Organization,
                                                          manager: User) -> None:
    meeting = make_meeting(component, registration_mode=RegistrationMode.INVITATION, capacity=5)
    guest, stranger = people(org, 2)

    invited = services.registration_invite(acting_user=manager, meeting=meeting,
                                           emails=[guest.email.upper(), " "])
    assert [(r.user, r.state) for r in invited] == [(guest, "invited")]
    meeting.refresh_from_db()
    assert meeting.registered_count == 0
    assert AuditEntry.objects.filter(action="registration.invite").count() == 1

    registration = register(guest, meeting, accessibility_needs="Step-free access")
    assert registration.pk == invited[0].pk
    assert registration.state == "registered"
    assert registration.accessibility_needs == "Step-free access"
    assert refused(lambda: register(stranger, meeting)) == [
        "Registration for this meeting is by invitation only."]
    # Inviting again leaves the registered person as they are.
    assert services.registration_invite(acting_user=manager, meeting=meeting,
                                        emails=[guest.email]) == []


def test_it_refuses_addresses_of_nobody_in_the_organization(meeting: Meeting, manager: User,
                                                            outsider: User) -> None:
    assert refused(lambda: services.registration_invite(
        acting_user=manager, meeting=meeting,
        emails=["nobody@example.org", outsider.email])) == {
        "emails": ["Nobody of this organization has these addresses: nobody@example.org, "
                   "outsider@example.org."]}
    assert refused(lambda: services.registration_invite(
        acting_user=manager, meeting=meeting, emails=[])) == {
        "emails": ["Write at least one e-mail address."]}


# --- check-in --------------------------------------------------------------------------------

def test_staff_check_in_a_participant_and_undo_it(component: Component, org: Organization,
                                                  manager: User) -> None:
    meeting = make_meeting(component, capacity=1)
    present, waiting = people(org, 2)
    present.display_name = "Ana Pop"
    present.save()
    registration = register(present, meeting)
    on_list = register(waiting, meeting)

    checked = services.registration_check_in(acting_user=manager, registration=registration)
    assert checked.checked_in_at is not None
    assert refused(lambda: services.registration_check_in(
        acting_user=manager, registration=registration)) == ["Ana Pop is already checked in."]
    assert refused(lambda: services.registration_check_in(
        acting_user=manager, registration=on_list)) == [
        "Only registered participants can be checked in."]

    undone = services.registration_check_in_undo(acting_user=manager, registration=registration)
    assert undone.checked_in_at is None
    assert refused(lambda: services.registration_check_in_undo(
        acting_user=manager, registration=registration)) == ["Ana Pop is not checked in."]
    assert AuditEntry.objects.filter(action="registration.check_in").count() == 2


# --- reminders ---------------------------------------------------------------------------------

def test_reminders_go_once_to_registered_people_of_tomorrow_s_meetings(
        component: Component, org: Organization) -> None:
    soon = make_meeting(component, capacity=1,
                        starts_at=timezone.now() + datetime.timedelta(hours=20))
    later = make_meeting(component, starts_at=at(5))
    holder, waiting, other = people(org, 3)
    register(holder, soon)
    register(waiting, soon)
    register(other, later)

    assert services.registration_reminders_send() == 1
    assert services.registration_reminders_send() == 0
    reminded = Registration.objects.filter(reminder_sent_at__isnull=False)
    assert [r.user for r in reminded] == [holder]


# --- personal data and statistics ---------------------------------------------------------------

def test_erasing_a_person_cancels_their_places_and_promotes_the_waiting_list(
        component: Component, org: Organization) -> None:
    meeting = make_meeting(component, capacity=1, ask_to_speak=True)
    leaving, waiting = people(org, 2)
    register(leaving, meeting, wants_to_speak=True, speech_topic="My street",
             accessibility_needs="Wheelchair")
    register(waiting, meeting)

    services.registrations_erase(leaving)

    gone = Registration.objects.get(user=leaving)
    assert (gone.state, gone.speech_topic, gone.accessibility_needs) == ("cancelled", "", "")
    assert Registration.objects.get(user=waiting).state == "registered"


def test_the_person_s_data_lists_their_registrations(meeting: Meeting, resident: User) -> None:
    register(resident, meeting, accessibility_needs="Hearing loop")
    data = services.registrations_export(resident)
    assert [(row["meeting"], row["state"], row["accessibility_needs"])
            for row in data["meeting_registrations"]] == [
        ("Monthly meeting on cycle lanes", "registered", "Hearing loop")]


def test_statistics_count_registered_people_of_announced_meetings(
        component: Component, org: Organization) -> None:
    from participa.spaces.registry import item_spec

    spec = item_spec("registration")
    assert spec is not None and spec.stats is not None
    open_meeting = make_meeting(component, capacity=1)
    cancelled = make_meeting(component, state=MeetingState.CANCELLED)
    holder, waiting = people(org, 2)
    register(holder, open_meeting)
    register(waiting, open_meeting)
    Registration.objects.create(meeting=cancelled, user=holder)

    counted = spec.stats.queryset(org)
    assert [(r.user, r.meeting) for r in counted] == [(holder, open_meeting)]


def test_the_online_link_is_shown_from_fifteen_minutes_before_the_start(
        component: Component, org: Organization) -> None:
    meeting = make_meeting(component, capacity=1, format=MeetingFormat.ONLINE, address="",
                           online_url="https://meet.example.org/cycle")
    holder, waiting = people(org, 2)
    place = register(holder, meeting)
    entry = register(waiting, meeting)
    start = meeting.starts_at

    def visible(registration: Registration | None, minutes: int) -> bool:
        return services.online_link_visible(registration, meeting,
                                            start + datetime.timedelta(minutes=minutes))

    assert visible(place, -16) is False
    assert visible(place, -15) is True
    assert visible(place, 30) is True
    assert visible(place, 121) is False
    assert visible(entry, -5) is False
    assert visible(None, -5) is False


def test_the_statistics_count_the_participants(component: Component, org: Organization) -> None:
    from participa.stats import selectors as stats

    meeting = make_meeting(component, capacity=2)
    for person in people(org, 3):
        register(person, meeting)
    counts = stats.organization_counts(org)
    assert counts.by_kind["meeting_registrations"] == 2


def test_deleting_the_account_cancels_the_registrations(meeting: Meeting, resident: User) -> None:
    from participa.spaces.people import user_delete_account

    register(resident, meeting, accessibility_needs="Wheelchair")
    user_delete_account(acting_user=resident, user=resident)
    registration = Registration.objects.get(meeting=meeting)
    assert (registration.state, registration.accessibility_needs) == ("cancelled", "")
    meeting.refresh_from_db()
    assert meeting.registered_count == 0


def test_downloading_one_s_data_lists_the_registrations(client_for: Any, meeting: Meeting,
                                                        resident: User) -> None:
    import json

    register(resident, meeting)
    response = client_for(resident).get("/account/my-data/")
    assert response.status_code == 200
    data = json.loads(response.content)
    rows = data["components"]["meetings"]["meeting_registrations"]
    assert [row["state"] for row in rows] == ["registered"]


def test_those_who_register_hear_that_the_meeting_is_cancelled(
        meeting: Meeting, resident: User, manager: User) -> None:
    register(resident, meeting)

    meeting_services.meeting_cancel(acting_user=manager, meeting=meeting,
                                    reason="The hall is flooded.")

    assert list(Notification.objects.filter(recipient=resident)
                .values_list("event", flat=True)) == ["meeting.cancelled"]


def test_more_places_move_the_waiting_list_up_in_order(
        component: Component, org: Organization, manager: User) -> None:
    meeting = make_meeting(component, capacity=1)
    first, second, third = people(org, 3)
    for person in (first, second, third):
        register(person, meeting)

    meeting_services.meeting_update(acting_user=manager, meeting=meeting, data={"capacity": 2})

    states = dict(Registration.objects.filter(meeting=meeting)
                  .values_list("user__username", "state"))
    assert states == {"user-person0": "registered", "user-person1": "registered",
                      "user-person2": "waiting"}
    meeting.refresh_from_db()
    assert meeting.registered_count == 2
    assert Registration.objects.get(user=third, meeting=meeting).waiting_number == 2
