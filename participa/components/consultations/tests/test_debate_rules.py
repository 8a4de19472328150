"""A public debate is a legal obligation: never in the past, announced in time (Romania: 3 days
before), within the legal deadline of the request (Law 52/2003) or with a recorded reason where
allowed; the consultation is not closed and its report not published before the debates took
place with their minutes; reports count only debates that took place, and only documented
adoptions. A debate is a meeting: the same checks hold when it is changed as a meeting."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone

from participa.components.consultations import report_data
from participa.components.consultations.models import (
    Consultation,
    ConsultationState,
    DebateRequest,
    DebateRequestState,
    ReportState,
    SynthesisReport,
)
from participa.components.consultations.services import debates as services
from participa.components.consultations.services.answers import (
    close_refusal,
    consultation_close_final,
)
from participa.components.consultations.services.reports import report_publish
from participa.components.consultations.tests.conftest import (
    days,
    make_consultation,
    make_debate,
)
from participa.components.consultations.transparency import annual_report
from participa.components.meetings.models import (
    Meeting,
    MeetingFormat,
    MeetingState,
    MeetingType,
    Registration,
    SpeakerState,
)
from participa.components.meetings.services.meetings import meeting_cancel, meeting_update
from participa.conftest import make_user
from participa.core.models import AuditEntry, Organization, UserGroup
from participa.spaces.models import Component

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    settings.MEDIA_ROOT = tmp_path / "media"


def moment(days_from_now: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days_from_now)


def a_request(consultation: Consultation, group: UserGroup, *, deadline: int = 10
              ) -> DebateRequest:
    return DebateRequest.objects.create(consultation=consultation, group=group,
                                        reason="Fees matter.", received_at=moment(-1),
                                        respond_by=days(deadline))


def minutes(debate: Meeting, user: Any) -> None:
    services.debate_minutes_upload(acting_user=user, debate=debate,
                                   file=SimpleUploadedFile("minuta.pdf", PDF), participants=12)


# --- scheduling -------------------------------------------------------------------------------


def test_it_refuses_a_requested_debate_in_the_past_or_before_the_request(consultation,
                                                                        manager, ngo):
    request = a_request(consultation, ngo)
    with pytest.raises(ValidationError) as error:
        services.debate_schedule(acting_user=manager, consultation=consultation,
                                 requests=[request], starts_at=moment(-0.1), place="Sala mare")
    assert "cannot be scheduled in the past" in error.value.message_dict["starts_at"][0]
    # A request registered with a later date (e.g. a letter dated ahead): never before it.
    DebateRequest.objects.filter(pk=request.pk).update(received_at=moment(6))
    request.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.debate_schedule(acting_user=manager, consultation=consultation,
                                 requests=[request], starts_at=moment(5), place="Sala mare")
    assert "before it was requested" in error.value.message_dict["starts_at"][0]
    assert not Meeting.objects.exists()


def test_it_refuses_a_requested_debate_after_the_legal_deadline_under_law_52(
        consultation, manager, ngo):
    request = a_request(consultation, ngo, deadline=9)
    with pytest.raises(ValidationError) as error:
        services.debate_schedule(acting_user=manager, consultation=consultation,
                                 requests=[request], starts_at=moment(12), place="Sala mare",
                                 late_reason="The hall is busy.")
    assert "Law 52/2003 requires the requested debate to be held by" in \
        error.value.message_dict["starts_at"][0]
    assert not Meeting.objects.exists()
    debate = services.debate_schedule(acting_user=manager, consultation=consultation,
                                      requests=[request], starts_at=moment(8),
                                      place="Sala mare")
    assert debate.late_reason == ""


def test_a_late_debate_needs_a_recorded_reason_where_the_profile_allows_it(component,
                                                                          manager, ngo):
    consultation = make_consultation(component, slug="pl", profile="pl-art-5a", closes=30)
    request = a_request(consultation, ngo, deadline=9)
    with pytest.raises(ValidationError) as error:
        services.debate_schedule(acting_user=manager, consultation=consultation,
                                 requests=[request], starts_at=moment(12), place="Sala mare")
    assert "late_reason" in error.value.message_dict
    debate = services.debate_schedule(acting_user=manager, consultation=consultation,
                                      requests=[request], starts_at=moment(12),
                                      place="Sala mare", late_reason="The hall is busy.")
    assert debate.late_reason == "The hall is busy."


def test_moving_a_debate_follows_the_same_rules(consultation, manager, ngo):
    request = a_request(consultation, ngo, deadline=9)
    debate = services.debate_schedule(acting_user=manager, consultation=consultation,
                                      requests=[request], starts_at=moment(5),
                                      place="Sala mare")
    for when in (moment(-1), moment(12)):
        with pytest.raises(ValidationError):
            services.debate_update(acting_user=manager, debate=debate, starts_at=when,
                                   place="Sala mare")
    debate.refresh_from_db()
    assert debate.starts_at > timezone.now()


def test_the_staff_page_refuses_a_past_date_and_keeps_what_was_typed(client_for, manager,
                                                                    consultation, ngo):
    request = a_request(consultation, ngo)
    component = consultation.component
    url = reverse("manage:consultations:manage_debates",
                  args=[component.space.slug, component.pk, consultation.pk])
    yesterday = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT18:00")
    response = client_for(manager).post(url, {
        "action": "schedule", "requests": [request.pk], "starts_at": yesterday,
        "place": "Sala Mare a Primăriei", "online_url": ""})
    assert response.status_code == 400
    assert "cannot be scheduled in the past" in response.text
    assert "Sala Mare a Primăriei" in response.text
    assert not Meeting.objects.exists()


def test_minutes_wait_until_the_debate_took_place(consultation, manager):
    debate = services.debate_create(acting_user=manager, consultation=consultation,
                                    starts_at=moment(4), place="Sala mare")
    with pytest.raises(ValidationError, match="has not taken place yet"):
        minutes(debate, manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=debate.pk).update(minutes_published_at=timezone.now())


# --- closing and the final report -------------------------------------------------------------


def test_it_does_not_close_while_a_debate_has_no_minutes(component, manager):
    consultation = make_consultation(component, slug="ended", announced=-60, opens=-45,
                                     closes=-2)
    debate = make_debate(consultation, starts_at=moment(-3), place="Sala mare")
    refusal = close_refusal(consultation)
    assert refusal is not None and "minutes are not published yet" in refusal
    with pytest.raises(ValidationError):
        consultation_close_final(acting_user=manager, consultation=consultation)
    minutes(debate, manager)
    assert close_refusal(consultation) is None
    consultation_close_final(acting_user=manager, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.FINAL


def test_the_final_report_is_not_published_while_a_debate_has_no_minutes(consultation,
                                                                         manager):
    Consultation.objects.filter(pk=consultation.pk).update(state=ConsultationState.FINAL,
                                                           closed_at=timezone.now())
    consultation.refresh_from_db()
    debate = make_debate(consultation, starts_at=moment(-1), place="Sala mare")
    report = SynthesisReport.objects.create(consultation=consultation, is_final=True,
                                            state=ReportState.DONE, language="en")
    with pytest.raises(ValidationError, match="minutes are not published yet"):
        report_publish(acting_user=manager, report=report)
    minutes(debate, manager)
    report_publish(acting_user=manager, report=report)
    consultation.refresh_from_db()
    assert consultation.report_published_at is not None


# --- counting -----------------------------------------------------------------------------------


def test_the_report_counts_only_debates_that_took_place(consultation):
    make_debate(consultation, starts_at=moment(-2), place="Sala mare", participants=30)
    make_debate(consultation, starts_at=moment(3), place="Sala mică", participants=99)
    stats = report_data.statistics(consultation, published_only=True)
    assert (stats["debates"], stats["participants"]) == (1, 30)
    listed = report_data.gather(consultation, final=False).debates
    assert [item["place"] for item in listed] == ["Sala mare"]


def test_the_annual_report_counts_held_debates_and_documented_adoptions(
        org: Organization, component):
    today = timezone.localdate()
    documented = make_consultation(component, slug="documented", adopted=True)
    undocumented = make_consultation(component, slug="undocumented", adopted=True)
    Consultation.objects.filter(pk=documented.pk).update(adoption_on=today)
    Consultation.objects.filter(pk=undocumented.pk).update(adoption_on=None)
    # Minutes apart, so that both fall in this year.
    make_debate(documented, starts_at=moment(-0.005), place="Sala mare", participants=20)
    make_debate(documented, starts_at=moment(0.005), place="Sala mare", participants=50)
    report = annual_report(org, today.year)
    assert report.debates == 1
    assert report.participants == 20
    assert report.adopted == 1


def test_a_consultation_closed_as_final_gets_no_new_debate(consultation, manager):
    Consultation.objects.filter(pk=consultation.pk).update(state=ConsultationState.FINAL,
                                                           closed_at=timezone.now())
    with pytest.raises(ValidationError, match="closed as final"):
        services.debate_create(acting_user=manager, consultation=consultation,
                               starts_at=moment(5), place="Sala mare")
    assert not Meeting.objects.exists()


# --- announced in time (Romania: 3 days before) -----------------------------------------------


def test_a_debate_is_announced_at_least_three_days_before_under_law_52(consultation, manager,
                                                                      ngo):
    request = a_request(consultation, ngo, deadline=10)
    with pytest.raises(ValidationError) as error:
        services.debate_schedule(acting_user=manager, consultation=consultation,
                                 requests=[request], starts_at=moment(1), place="Sala mare")
    first = formats.date_format(days(3), "DATE_FORMAT")
    assert error.value.message_dict["starts_at"] == [
        "A public meeting must be announced at least 3 days before it takes place: choose "
        f"{first} or a later day."]
    assert not Meeting.objects.exists()


def test_a_request_answered_too_late_gets_a_clear_sentence(consultation, manager, ngo):
    # The deadline is in two days: no day is both announced in time and within the law.
    request = a_request(consultation, ngo, deadline=2)
    with pytest.raises(ValidationError) as error:
        services.debate_schedule(acting_user=manager, consultation=consultation,
                                 requests=[request], starts_at=moment(2), place="Sala mare")
    deadline = formats.date_format(days(2), "DATE_FORMAT")
    first = formats.date_format(days(3), "DATE_FORMAT")
    assert error.value.message_dict["starts_at"] == [
        f"No date is left for this debate within the law: Law 52/2003 required it by "
        f"{deadline}, and a public meeting must be announced at least 3 days before, so the "
        f"earliest possible day is {first}. The request stays overdue in the register."]
    request.refresh_from_db()
    assert request.state == DebateRequestState.PENDING and request.debate is None


# --- a debate is a meeting --------------------------------------------------------------------


def test_a_scheduled_debate_is_an_announced_meeting_with_its_legal_window(consultation,
                                                                         manager, ngo):
    request = a_request(consultation, ngo, deadline=9)
    starts_at = moment(5)
    debate = services.debate_schedule(
        acting_user=manager, consultation=consultation, requests=[request],
        starts_at=starts_at, place="Sala mare", online_url="https://meet.example/debate")
    meeting = Meeting.objects.select_related("component").get()
    assert meeting.pk == debate.pk
    assert (meeting.type, meeting.state, meeting.format) == (
        MeetingType.PUBLIC_DEBATE, MeetingState.SCHEDULED, MeetingFormat.HYBRID)
    assert (meeting.consultation_id, meeting.address, meeting.online_url) == (
        consultation.pk, "Sala mare", "https://meet.example/debate")
    # Those who register say whether they wish to speak, and on what.
    assert meeting.ask_to_speak is True
    assert (meeting.starts_at, meeting.ends_at) == (starts_at,
                                                   starts_at + datetime.timedelta(hours=2))
    assert (meeting.requested_at, meeting.legal_deadline) == (request.received_at, days(9))
    # Titled in every language of the organization, with the consultation's title in it.
    assert set(meeting.title) == {"ro", "pl", "en"}
    assert meeting.title["en"] == "Public debate on “Parking rules”"
    assert "Regulament parcare" in meeting.title["ro"]
    assert meeting.published_at is not None
    # The space had no meetings component: one is added, published like the consultations.
    assert (meeting.component.type, meeting.component.name["en"]) == ("meetings",
                                                                     "Public debates")
    assert meeting.component.space_id == consultation.component.space_id
    assert meeting.component.published_at is not None
    request.refresh_from_db()
    assert (request.state, request.debate_id) == (DebateRequestState.SCHEDULED, meeting.pk)
    assert list(consultation.debates.all()) == [meeting]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"meeting.create", "meeting.publish", "debate.create",
            "debate_request.schedule"} <= actions


def test_a_second_debate_goes_to_the_same_meetings_component(consultation, manager):
    first = services.debate_create(acting_user=manager, consultation=consultation,
                                   starts_at=moment(4), place="Sala mare")
    second = services.debate_create(acting_user=manager, consultation=consultation,
                                    starts_at=moment(6), online_url="https://meet.example/2")
    assert first.component_id == second.component_id
    assert second.format == MeetingFormat.ONLINE
    assert Component.objects.filter(type="meetings").count() == 1


def test_changing_the_debate_as_a_meeting_keeps_the_legal_checks(consultation, manager, ngo):
    request = a_request(consultation, ngo, deadline=9)
    debate = services.debate_schedule(acting_user=manager, consultation=consultation,
                                      requests=[request], starts_at=moment(5),
                                      place="Sala mare")
    with pytest.raises(ValidationError) as error:
        meeting_update(acting_user=manager, meeting=debate,
                       data={"starts_at": moment(12), "ends_at": moment(12.1)})
    assert "Law 52/2003 requires the requested debate to be held by" in \
        error.value.message_dict["starts_at"][0]
    with pytest.raises(ValidationError, match="requested under the law and cannot be "
                                              "cancelled"):
        meeting_cancel(acting_user=manager, meeting=debate, reason="The hall is busy.")
    debate.refresh_from_db()
    assert debate.state == MeetingState.SCHEDULED and debate.starts_at < moment(6)


def test_publishing_the_minutes_closes_the_meeting(consultation, manager):
    debate = make_debate(consultation, starts_at=moment(-1), place="Sala mare")
    minutes(debate, manager)
    debate.refresh_from_db()
    assert debate.state == MeetingState.CLOSED and debate.closed_at is not None
    assert debate.participants == 12
    assert debate.minutes is not None and debate.minutes.target == debate
    assert AuditEntry.objects.filter(action="meeting.minutes_publish").count() == 1
    # A newer file replaces the minutes of a closed debate; its date no longer moves.
    minutes(debate, manager)
    with pytest.raises(ValidationError, match="its date can no longer change"):
        services.debate_update(acting_user=manager, debate=debate, starts_at=moment(-2),
                               place="Sala mare")


def test_a_draft_consultation_gets_no_debate_yet(component, manager):
    draft = make_consultation(component, slug="draft", state=ConsultationState.DRAFT)
    with pytest.raises(ValidationError, match="Announce the consultation before scheduling"):
        services.debate_create(acting_user=manager, consultation=draft, starts_at=moment(5),
                               place="Sala mare")
    assert not Meeting.objects.exists()


def test_the_minutes_wait_until_every_speaker_is_heard_or_absent(consultation, manager, org):
    """Publishing a debate's minutes closes it: the same rule as closing any meeting."""
    debate = make_debate(consultation, starts_at=moment(-1), place="Sala mare")
    speaker = Registration.objects.create(
        meeting=debate, user=make_user(org, "speaker"), wants_to_speak=True,
        speech_topic="The bus lanes")
    with pytest.raises(ValidationError, match="1 speaker is not marked heard or absent yet"):
        minutes(debate, manager)
    debate.refresh_from_db()
    assert debate.state == MeetingState.SCHEDULED and debate.minutes_published_at is None
    speaker.speaker_state = SpeakerState.HEARD
    speaker.save()
    minutes(debate, manager)
    debate.refresh_from_db()
    assert debate.state == MeetingState.CLOSED
