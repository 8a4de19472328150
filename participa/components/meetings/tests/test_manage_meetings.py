"""Staff forms of meetings: create (draft, announced, series), change, announce, cancel and
delete a draft; service refusals shown next to their field with nothing typed lost."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from participa.components.meetings.models import Meeting, MeetingSeries, MeetingState
from participa.components.meetings.tests.conftest import at, make_meeting
from participa.conftest import make_user
from participa.core.models import AuditEntry, GroupKind, UserGroup

pytestmark = pytest.mark.django_db


def local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def url(name: str, component: Any, *args: Any) -> str:
    return reverse(f"manage:meetings:{name}", args=[component.space.slug, component.pk, *args])


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": "working_group", "title__en": "Cycle lanes", "title__ro": "Piste de biciclete",
        "description__en": "The monthly meeting.", "starts_at": local(at(10)),
        "ends_at": local(at(10, 19)), "repeat": "", "format": "in_person",
        "address": "Piața Libertății 1", "registration_mode": "open", "speaker_minutes": "3",
        "observer_seats": "0", "question_rows": "1", "question_0_label": "",
        "question_0_kind": "text",
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff(client: Any, manager: Any) -> Any:
    client.force_login(manager)
    return client


def test_it_shows_add_a_meeting_on_the_index(staff, component):
    response = staff.get(url("manage_index", component))

    assert url("manage_create", component) in response.content.decode()
    assert "Add a meeting" in response.content.decode()


def test_it_creates_a_draft_with_every_field(staff, component, org, area, scope):
    group = UserGroup.objects.create(organization=org, name="Asociația Velo", slug="velo",
                                     kind=GroupKind.NGO, verified_at=timezone.now())
    response = staff.post(url("manage_create", component), form_data(
        format="hybrid", online_url="https://meet.example.org/abc", location_hints="Floor 2",
        latitude="45.753837", longitude="21.225530", accessibility="Step-free access",
        organizer_area=str(area.pk), organizer_space=str(component.space.pk),
        co_organizer=str(group.pk), scope=str(scope.pk), capacity="40", ask_to_speak="on",
        speaker_minutes="5", observer_seats="2", question_0_label="Your neighbourhood?",
        question_0_kind="text", question_0_required="on"))

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("manage_detail", component, meeting.pk)
    assert meeting.state == MeetingState.DRAFT
    assert meeting.title == {"en": "Cycle lanes", "ro": "Piste de biciclete"}
    assert timezone.localtime(meeting.starts_at).hour == 17
    assert (meeting.format, meeting.online_url, meeting.location_hints) == (
        "hybrid", "https://meet.example.org/abc", "Floor 2")
    assert str(meeting.latitude) == "45.753837"
    assert (meeting.organizer_area, meeting.organizer_space, meeting.co_organizer,
            meeting.scope) == (area, component.space, group, scope)
    assert (meeting.capacity, meeting.ask_to_speak, meeting.ask_accessibility,
            meeting.speaker_minutes, meeting.observer_seats) == (40, True, False, 5, 2)
    assert meeting.questions == [{"id": "q1", "label": {"en": "Your neighbourhood?"},
                                  "kind": "text", "required": True}]
    assert AuditEntry.objects.filter(action="meeting.create", object_id=str(meeting.pk)).exists()


def test_it_shows_service_errors_next_to_fields_and_keeps_the_input(staff, component):
    response = staff.post(url("manage_create", component), form_data(
        address="", ends_at=local(at(9)), title__ro="Text păstrat"))

    content = response.content.decode()
    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assert "Give the address of a meeting held in person." in content
    assert "The meeting must end after it starts." in content
    assert "Text păstrat" in content


def test_it_refuses_an_unverified_association_as_co_organizer(staff, component, org):
    group = UserGroup.objects.create(organization=org, name="Not verified", slug="nv",
                                     kind=GroupKind.NGO)

    response = staff.post(url("manage_create", component), form_data(
        co_organizer=str(group.pk)))

    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assert "Select a valid choice." in response.content.decode()


def test_add_another_question_adds_a_row_without_saving(staff, component):
    response = staff.post(url("manage_create", component), form_data(
        question_0_label="First?", more_questions="1"))

    content = response.content.decode()
    assert Meeting.objects.count() == 0
    assert 'name="question_1_label"' in content
    assert 'value="First?"' in content


def test_it_shows_the_legal_notice_on_the_start_field(staff, component, org):
    org.legal_profile = "ro-law-52-2003"
    org.save()

    response = staff.get(url("manage_create", component))

    assert ("The law requires a public meeting to be announced at least 3 days before it "
            "takes place.") in response.content.decode()


def test_it_creates_a_monthly_series(staff, component):
    response = staff.post(url("manage_create", component), form_data(
        repeat="monthly_weekday", repeat_count="4", publish="on"))

    meetings = list(Meeting.objects.order_by("starts_at"))
    assert response.status_code == 302
    assert len(meetings) == 4
    assert len({meeting.series_id for meeting in meetings}) == 1
    assert all(meeting.state == MeetingState.SCHEDULED for meeting in meetings)
    assert MeetingSeries.objects.get().rrule.startswith("FREQ=MONTHLY;COUNT=4;BYDAY=")
    detail = staff.get(url("manage_detail", component, meetings[0].pk)).content.decode()
    assert "Other dates of the series" in detail
    assert url("manage_detail", component, meetings[3].pk) in detail


def test_it_changes_a_meeting(staff, component, meeting):
    response = staff.post(url("manage_edit", component, meeting.pk), form_data(
        title__en="New title", starts_at=local(at(12)), ends_at=local(at(12, 19))))

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.title == {"en": "New title", "ro": "Piste de biciclete"}
    assert timezone.localtime(meeting.starts_at).date() == at(12).date()
    assert meeting.sequence == 1


def test_the_edit_form_shows_the_current_values(staff, component, meeting):
    content = staff.get(url("manage_edit", component, meeting.pk)).content.decode()

    assert 'value="Monthly meeting on cycle lanes"' in content
    assert f'value="{local(meeting.starts_at)}"' in content
    assert 'name="repeat"' not in content


def test_it_announces_a_draft_after_a_confirmation(staff, component, client):
    draft = make_meeting(component, state=MeetingState.DRAFT)
    page = staff.get(url("manage_publish", component, draft.pk))
    assert "Yes, announce it" in page.content.decode()

    response = staff.post(url("manage_publish", component, draft.pk))

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.state == MeetingState.SCHEDULED


def test_announcing_too_late_under_the_law_says_why(staff, component, org):
    org.legal_profile = "ro-law-52-2003"
    org.save()
    draft = make_meeting(component, state=MeetingState.DRAFT, starts_at=at(1))

    response = staff.post(url("manage_publish", component, draft.pk))

    draft.refresh_from_db()
    assert draft.state == MeetingState.DRAFT
    assert ("A public meeting must be announced at least 3 days before it takes place"
            in response.content.decode())


def test_it_cancels_with_a_reason(staff, component, meeting):
    empty = staff.post(url("manage_cancel", component, meeting.pk), {"cancel_reason": ""})
    assert "This field is required." in empty.content.decode()

    response = staff.post(url("manage_cancel", component, meeting.pk),
                          {"cancel_reason": "The hall is flooded."})

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert (meeting.state, meeting.cancel_reason) == (MeetingState.CANCELLED,
                                                      "The hall is flooded.")


def test_it_cancels_this_and_the_following_of_a_series(staff, component):
    staff.post(url("manage_create", component), form_data(
        repeat="weekly", repeat_count="4", publish="on"))
    meetings = list(Meeting.objects.order_by("starts_at"))

    page = staff.get(url("manage_cancel", component, meetings[1].pk)).content.decode()
    assert "Cancel also the following meetings of the series" in page
    response = staff.post(url("manage_cancel", component, meetings[1].pk),
                          {"cancel_reason": "The group pauses.", "following": "on"})

    states = [meeting.state for meeting in Meeting.objects.order_by("starts_at")]
    assert response.status_code == 302
    assert states == [MeetingState.SCHEDULED] + [MeetingState.CANCELLED] * 3


def test_it_deletes_a_draft_only(staff, component, meeting):
    draft = make_meeting(component, state=MeetingState.DRAFT)

    refused = staff.post(url("manage_delete", component, meeting.pk))
    response = staff.post(url("manage_delete", component, draft.pk))

    assert "Only a draft can be deleted: cancel an announced meeting instead." in (
        refused.content.decode())
    assert response.status_code == 302
    assert list(Meeting.objects.all()) == [meeting]
    assert AuditEntry.objects.filter(action="meeting.delete", object_id=str(draft.pk)).exists()


def test_the_detail_page_shows_state_actions_and_documents(staff, component):
    draft = make_meeting(component, state=MeetingState.DRAFT)

    content = staff.get(url("manage_detail", component, draft.pk)).content.decode()

    assert "Draft" in content
    assert url("manage_publish", component, draft.pk) in content
    assert url("manage_delete", component, draft.pk) in content
    assert reverse("attachments:manage", args=["meetings.meeting", draft.pk]) in content


@pytest.mark.parametrize("name", ["manage_create"])
def test_it_refuses_people_who_do_not_run_the_space(client, org, component, name):
    client.force_login(make_user(org, "someone"))

    assert client.get(url(name, component)).status_code == 404
    assert client.post(url(name, component), form_data()).status_code == 404
    assert Meeting.objects.count() == 0


def test_the_documents_manager_of_a_meeting_opens_for_staff(staff, component, meeting):
    response = staff.get(reverse("attachments:manage", args=["meetings.meeting", meeting.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["manage_draws"])
def test_draws_are_refused_to_people_who_do_not_run_the_space(client, org, component, name):
    client.force_login(make_user(org, "someone"))

    assert client.get(url(name, component)).status_code == 404


def test_the_public_page_lists_the_other_dates_of_the_series(staff, component, client):
    staff.post(url("manage_create", component), form_data(
        repeat="weekly", repeat_count="3", publish="on"))
    first, second, third = Meeting.objects.order_by("starts_at")

    content = client.get(first.get_absolute_url()).content.decode()

    assert "Other dates of the series" in content
    assert second.get_absolute_url() in content and third.get_absolute_url() in content
