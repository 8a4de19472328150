"""Staff pages of the agenda, the residents' questions, the speakers and the record after the
meeting."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.meetings.models import (
    AgendaItem,
    AgendaQuestion,
    MeetingState,
    MeetingType,
    QuestionAnswer,
    Registration,
    SpeakerState,
)
from participa.components.meetings.services import agenda as services
from participa.components.meetings.services.speakers import speakers
from participa.components.meetings.tests.conftest import make_meeting
from participa.conftest import make_user
from participa.testing import assert_constant_queries


def _url(meeting, tail=""):
    component = meeting.component
    return (f"/manage/spaces/{component.space.slug}/meetings/{component.pk}/{meeting.pk}/"
            f"{tail}")


@pytest.fixture
def held(component):
    return make_meeting(component, type=MeetingType.PUBLIC_DEBATE,
                        starts_at=timezone.now() - datetime.timedelta(hours=1))


def test_it_links_the_pages_from_the_meetings_back_office_page(client_for, held, manager):
    html = client_for(manager).get(_url(held)).content.decode()
    for tail in ("agenda/", "questions/", "speakers/", "minutes/"):
        assert f'href="{_url(held, tail)}"' in html


@pytest.mark.parametrize("tail", ["agenda/", "questions/", "speakers/", "minutes/",
                                  "minutes/review/"])
def test_only_those_who_run_the_space_see_the_pages(client_for, held, resident, manager, tail):
    assert client_for(resident).get(_url(held, tail)).status_code == 404
    assert client_for(None).get(_url(held, tail))["Location"].startswith("/accounts/login/")
    assert client_for(manager).get(_url(held, tail)).status_code == 200


def test_staff_add_change_move_and_delete_agenda_items(client_for, meeting, manager):
    client = client_for(manager)
    response = client.post(_url(meeting, "agenda/"), {"title__en": "Opening",
                                                      "duration_minutes": "10",
                                                      "accepts_questions": "on"})
    assert response.status_code == 302
    client.post(_url(meeting, "agenda/"), {"title__en": "Cycle lanes",
                                           "accepts_questions": "on"})
    first, second = AgendaItem.objects.order_by("position")
    assert (str(first), first.duration_minutes, first.accepts_questions) == ("Opening", 10, True)
    client.post(_url(meeting, f"agenda/{second.pk}/"), {"action": "up"})
    assert [str(i) for i in AgendaItem.objects.all()] == ["Cycle lanes", "Opening"]
    response = client.post(_url(meeting, f"agenda/{first.pk}/"),
                           {"action": "save", "title__en": "Welcome", "accepts_questions": ""})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.title["en"], first.accepts_questions) == ("Welcome", False)
    client.post(_url(meeting, f"agenda/{first.pk}/"), {"action": "delete"})
    assert [str(i) for i in AgendaItem.objects.all()] == ["Cycle lanes"]


def test_it_shows_the_services_sentence_on_the_agenda_form(client_for, meeting, manager):
    response = client_for(manager).post(_url(meeting, "agenda/"), {
        "title__en": "Late", "starts_at": "2001-01-01T10:00"})
    assert response.status_code == 400
    assert "The item&#x27;s time must fall within the meeting" in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_staff_mark_addressed_and_answer_questions(client_for, meeting, manager, resident):
    item = services.agenda_item_create(acting_user=manager, meeting=meeting,
                                       data={"title": {"en": "Cycle lanes"}})
    one = services.question_create(acting_user=resident, item=item,
                                   body="Call me at 0722 123 456.")
    two = services.question_create(acting_user=resident, item=item, body="Why there?")
    client = client_for(manager)
    html = client.get(_url(meeting, "questions/")).content.decode()
    assert "Call me at 0722 123 456." in html  # the original, for the staff
    client.post(_url(meeting, "questions/"), {"question": one.pk, "action": "addressed"})
    one.refresh_from_db()
    assert one.addressed_at is not None
    response = client.post(_url(meeting, "questions/"), {
        "question": two.pk, "action": "publish", f"q{two.pk}-outcome": "answered",
        f"q{two.pk}-justification": ""})
    assert response.status_code == 400
    assert "Write the answer: the resident reads it on the meeting page." in (
        response.content.decode())
    client.post(_url(meeting, "questions/"), {
        "question": two.pk, "action": "publish", f"q{two.pk}-outcome": "answered",
        f"q{two.pk}-justification": "It is the widest street."})
    answer = QuestionAnswer.objects.get(question=two)
    assert answer.state == AnswerState.PUBLISHED


def test_the_questions_page_runs_a_fixed_number_of_queries(client_for, meeting, manager, org):
    item = AgendaItem.objects.create(meeting=meeting, title={"en": "Cycle lanes"})
    counter = iter(range(100))

    def grow():
        for _ in range(3):
            n = next(counter)
            services.question_create(acting_user=make_user(org, f"asker{n}"), item=item,
                                     body=f"Question {n}")

    grow()
    _first, second = assert_constant_queries(client_for(manager), _url(meeting, "questions/"),
                                             grow)
    assert "Question 5" in second.content.decode()


def test_the_agenda_page_runs_a_fixed_number_of_queries(client_for, meeting, manager):
    counter = iter(range(100))

    def grow():
        for _ in range(3):
            AgendaItem.objects.create(meeting=meeting, title={"en": f"Item {next(counter)}"},
                                      position=next(counter))

    grow()
    assert_constant_queries(client_for(manager), _url(meeting, "agenda/"), grow)


def test_staff_order_and_mark_speakers(client_for, held, manager, org):
    rows = [Registration.objects.create(meeting=held, user=make_user(org, f"s{n}"),
                                        wants_to_speak=True, speech_topic=f"Topic {n}")
            for n in range(3)]
    client = client_for(manager)
    html = client.get(_url(held, "speakers/")).content.decode()
    assert html.index("Topic 0") < html.index("Topic 1") < html.index("Topic 2")
    client.post(_url(held, "speakers/"), {"registration": rows[2].pk, "action": "up"})
    assert [r.speech_topic for r in speakers(held)] == ["Topic 0", "Topic 2", "Topic 1"]
    client.post(_url(held, "speakers/"), {"registration": rows[0].pk, "action": "heard"})
    rows[0].refresh_from_db()
    assert rows[0].speaker_state == SpeakerState.HEARD
    response = client.post(_url(held, "minutes/"), {"action": "close"}, follow=True)
    assert "2 speakers are not marked heard or absent yet." in response.content.decode()
    for row in rows[1:]:
        client.post(_url(held, "speakers/"), {"registration": row.pk, "action": "absent"})
    response = client.post(_url(held, "minutes/"), {"action": "close"}, follow=True)
    assert "The meeting is closed." in response.content.decode()
    held.refresh_from_db()
    assert held.state == MeetingState.CLOSED


def test_staff_set_the_minutes_per_speaker(client_for, held, manager):
    client = client_for(manager)
    response = client.post(_url(held, "speakers/"), {"action": "minutes",
                                                     "speaker_minutes": "0"})
    assert response.status_code == 400
    held.refresh_from_db()
    assert held.speaker_minutes == 3
    response = client.post(_url(held, "speakers/"), {"action": "minutes",
                                                     "speaker_minutes": "5"}, follow=True)
    assert "The time per speaker is saved." in response.content.decode()
    held.refresh_from_db()
    assert held.speaker_minutes == 5


def test_the_speakers_page_runs_a_fixed_number_of_queries(client_for, held, manager, org):
    counter = iter(range(100))

    def grow():
        for _ in range(3):
            Registration.objects.create(meeting=held, user=make_user(org, f"g{next(counter)}"),
                                        wants_to_speak=True, speech_topic="Topic")

    grow()
    assert_constant_queries(client_for(manager), _url(held, "speakers/"), grow)


def test_staff_write_review_and_publish_the_minutes(client_for, held, manager, space):
    client = client_for(manager)
    response = client.post(_url(held, "minutes/"), {
        "action": "record", "minutes_text": "Ion Popescu (ion@example.com) spoke first.",
        "video_url": "https://video.example.org/1", "participants": "25",
        "conclusions": "Build it."})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.participants == 25
    html = client.get(_url(held, "minutes/review/")).content.decode()
    assert "ion@example.com" in html  # the original beside the published text
    response = client.post(_url(held, "minutes/review/"), {
        "action": "hide", "words": "Ion Popescu", "kind": "name", "all_occurrences": "on"})
    assert response.status_code == 302
    held.refresh_from_db()
    spans = held.minutes_redactions
    assert any(kind == "name" for _s, _e, kind in spans)
    email = next(span for span in spans if span[2] == "email")
    client.post(_url(held, "minutes/review/"), {"action": "remove", "start": email[0],
                                                "end": email[1]})
    held.refresh_from_db()
    assert not any(kind == "email" for _s, _e, kind in held.minutes_redactions)
    response = client.post(_url(held, "minutes/"), {
        "action": "link", "title": "Elsewhere", "url": "https://example.com/"})
    assert response.status_code == 400
    assert "Give the address of a page of this site" in response.content.decode()
    client.post(_url(held, "minutes/"), {"action": "link", "title": "The space",
                                         "url": f"/spaces/{space.slug}/"})
    client.post(_url(held, "minutes/"), {"action": "publish"})
    held.refresh_from_db()
    assert held.minutes_published_at is not None
    response = client.post(_url(held, "minutes/"), {
        "action": "record", "minutes_text": held.minutes_text, "participants": "26",
        "video_url": held.video_url, "conclusions": held.conclusions, "reason": ""})
    assert response.status_code == 400
    assert "write the reason for this correction" in response.content.decode()
    client.post(_url(held, "minutes/"), {
        "action": "record", "minutes_text": held.minutes_text, "participants": "26",
        "video_url": held.video_url, "conclusions": held.conclusions,
        "reason": "One more person signed in late."})
    held.refresh_from_db()
    assert (held.participants, held.minutes_correction_reason) == (
        26, "One more person signed in late.")
    assert AgendaQuestion.objects.count() == 0
