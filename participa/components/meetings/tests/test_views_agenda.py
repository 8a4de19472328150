"""The meeting page's agenda, questions, speakers and record; the question form and reports."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from participa.components.meetings.models import (
    AgendaItem,
    AgendaQuestion,
    MeetingType,
    Registration,
    SpeakerState,
)
from participa.components.meetings.services import agenda as services
from participa.components.meetings.services import minutes as minutes_services
from participa.components.meetings.tests.conftest import make_meeting
from participa.conftest import make_user
from participa.moderation.models import Moderation, Report
from participa.testing import assert_constant_queries

PERSONAL = "Please call me at 0722 123 456 or write to ion.popescu@example.com about it."


@pytest.fixture
def item(meeting, manager):
    return services.agenda_item_create(acting_user=manager, meeting=meeting,
                                       data={"title": {"en": "Cycle lanes"},
                                             "description": {"en": "Where they go."}})


def _post_url(meeting, item):
    component = meeting.component
    return (f"/spaces/{component.space.slug}/meetings/{component.pk}/{meeting.pk}/agenda/"
            f"{item.pk}/questions/")


def test_it_shows_the_agenda_and_the_question_form_to_residents(client_for, meeting, item,
                                                                resident):
    html = client_for(resident).get(meeting.get_absolute_url()).content.decode()
    assert '<h2 id="agenda-title">Agenda</h2>' in html
    assert "Cycle lanes" in html and "Where they go." in html
    assert "Send the question" in html
    anonymous = client_for(None).get(meeting.get_absolute_url()).content.decode()
    assert "Send the question" not in anonymous
    assert "Sign in to send a question or a suggestion on this item." in anonymous


def test_a_resident_posts_a_question_and_the_public_never_reads_the_personal_data(
        client_for, meeting, item, resident):
    response = client_for(resident).post(_post_url(meeting, item), {"body": PERSONAL})
    question = AgendaQuestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{meeting.get_absolute_url()}#question-{question.pk}"
    html = client_for(None).get(meeting.get_absolute_url()).content.decode()
    assert "Please call me at" in html
    assert "0722" not in html and "ion.popescu@example.com" not in html


def test_it_shows_the_error_and_keeps_nothing_when_the_question_is_empty(client_for, meeting,
                                                                        item, resident):
    response = client_for(resident).post(_post_url(meeting, item), {"body": " "})
    assert response.status_code == 400
    assert "Write your question or suggestion." in response.content.decode()
    assert not AgendaQuestion.objects.exists()


def test_the_form_disappears_and_posting_is_refused_once_the_meeting_started(
        client_for, component, manager, resident):
    meeting = make_meeting(component, starts_at=timezone.now() + datetime.timedelta(hours=1))
    item = services.agenda_item_create(acting_user=manager, meeting=meeting,
                                       data={"title": {"en": "Cycle lanes"}})
    meeting.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    meeting.save()
    client = client_for(resident)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Send the question" not in html
    assert "Questions on this item closed when the meeting started." in html
    response = client.post(_post_url(meeting, item), {"body": "Late?"}, follow=True)
    assert response.redirect_chain == [(item.get_absolute_url(), 302)]
    assert "Questions on the agenda closed when the meeting started." in (
        response.content.decode())
    assert not AgendaQuestion.objects.exists()


def test_it_shows_a_published_answer_and_not_a_draft(client_for, meeting, item, resident,
                                                     manager):
    question = services.question_create(acting_user=resident, item=item, body="Why there?")
    services.question_answer(acting_user=manager, question=question, outcome="answered",
                             justification="Draft wording.", publish=False)
    html = client_for(None).get(meeting.get_absolute_url()).content.decode()
    assert "Draft wording." not in html
    services.question_answer(acting_user=manager, question=question, outcome="answered",
                             justification="Because the street is wide.", publish=True)
    html = client_for(None).get(meeting.get_absolute_url()).content.decode()
    assert "Because the street is wide." in html


def test_a_resident_reports_a_question_to_the_moderators(client_for, meeting, item, resident,
                                                         org):
    question = services.question_create(acting_user=resident, item=item, body="Rude words.")
    reporter = make_user(org, "reporter")
    component = meeting.component
    url = (f"/spaces/{component.space.slug}/meetings/{component.pk}/{meeting.pk}/questions/"
           f"{question.pk}/report/")
    client = client_for(reporter)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "offensive", "note": ""})
    assert response.status_code == 302
    assert Report.objects.count() == 1
    # Its author cannot report it.
    assert client_for(resident).get(url).status_code == 404


def test_a_question_hidden_by_the_moderators_leaves_the_page(client_for, meeting, item,
                                                             resident, org):
    question = services.question_create(acting_user=resident, item=item, body="Rude words.")
    assert "Rude words." in client_for(None).get(meeting.get_absolute_url()).content.decode()
    Moderation.objects.create(
        organization=org, space=meeting.component.space, hidden_at=timezone.now(),
        content_type=ContentType.objects.get_for_model(AgendaQuestion), object_id=question.pk)
    assert "Rude words." not in client_for(None).get(
        meeting.get_absolute_url()).content.decode()


def test_it_lists_speakers_topics_without_names(client_for, component, org):
    meeting = make_meeting(component, type=MeetingType.PUBLIC_DEBATE)
    person = make_user(org, "speaker_person")
    Registration.objects.create(meeting=meeting, user=person, wants_to_speak=True,
                                speech_topic="The crossing near school 12",
                                speaker_state=SpeakerState.WAITING)
    html = client_for(None).get(meeting.get_absolute_url()).content.decode()
    assert "Speaker 1: The crossing near school 12" in html
    assert "Each speaker has 3 minutes." in html
    assert "Speaker Person" not in html


def test_it_shows_the_published_redacted_minutes_links_and_corrections(client_for, component,
                                                                       manager, space):
    meeting = make_meeting(component, starts_at=timezone.now() - datetime.timedelta(hours=2))
    minutes_services.minutes_update(
        acting_user=manager, meeting=meeting,
        data={"minutes_text": "Ion said: call 0722 123 456.", "participants": 31,
              "conclusions": "Build it.", "video_url": "https://video.example.org/1"})
    minutes_services.meeting_link_create(acting_user=manager, meeting=meeting,
                                         title="Our meetings",
                                         url=f"/spaces/{space.slug}/")
    html = client_for(None).get(meeting.get_absolute_url()).content.decode()
    assert "Ion said" not in html  # not published yet
    assert "<dd>31</dd>" in html and "Build it." in html and "Our meetings" in html
    minutes_services.minutes_publish(acting_user=manager, meeting=meeting)
    html = client_for(None).get(meeting.get_absolute_url()).content.decode()
    assert "Ion said: call" in html and "0722" not in html
    minutes_services.minutes_update(acting_user=manager, meeting=meeting,
                                    data={"participants": 32}, reason="We missed one.")
    html = client_for(None).get(meeting.get_absolute_url()).content.decode()
    assert "Corrected on" in html and "We missed one." in html


def test_the_meeting_page_runs_a_fixed_number_of_queries(client_for, meeting, manager, org):
    client = client_for(make_user(org, "reader"))
    counter = iter(range(100))

    def grow():
        for _ in range(3):
            n = next(counter)
            item = AgendaItem.objects.create(meeting=meeting, title={"en": f"Item {n}"})
            services.question_create(acting_user=make_user(org, f"asker{n}"), item=item,
                                     body=f"Question {n}")

    grow()
    _first, second = assert_constant_queries(client, meeting.get_absolute_url(), grow)
    assert "Question 5" in second.content.decode()
