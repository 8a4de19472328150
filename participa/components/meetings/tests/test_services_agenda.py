"""The agenda services: items in order, residents' questions closed at the start and redacted at
once, addressed or answered through the shared answers."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.meetings.actions import MeetingAction
from participa.components.meetings.agenda_items import question_text, questions_counted
from participa.components.meetings.component import MEETING_QUESTION
from participa.components.meetings.models import (
    AgendaItem,
    AgendaQuestion,
    MeetingState,
    QuestionAnswer,
)
from participa.components.meetings.services import agenda as services
from participa.components.meetings.tests.conftest import at, make_meeting
from participa.conftest import make_user
from participa.core.models import AuditEntry
from participa.moderation.models import Block

PERSONAL = ("Why is the lane on my street? Call me at 0722 123 456 or write to "
            "ion.popescu@example.com.")


@pytest.fixture
def item(meeting, manager):
    return services.agenda_item_create(acting_user=manager, meeting=meeting,
                                       data={"title": {"en": "Cycle lanes"}})


def test_it_adds_items_at_the_end_of_the_agenda_and_audits_them(meeting, manager):
    first = services.agenda_item_create(acting_user=manager, meeting=meeting,
                                        data={"title": {"en": "Opening"},
                                              "starts_at": meeting.starts_at,
                                              "duration_minutes": 10})
    second = services.agenda_item_create(acting_user=manager, meeting=meeting,
                                         data={"title": {"en": "Cycle lanes"}})
    assert (first.position, second.position) == (1, 2)
    assert AuditEntry.objects.filter(action=MeetingAction.AGENDA_ITEM_CREATE,
                                     object_id=str(second.pk)).exists()


def test_it_refuses_an_item_without_title_or_outside_the_meeting(meeting, manager):
    with pytest.raises(ValidationError) as error:
        services.agenda_item_create(acting_user=manager, meeting=meeting,
                                    data={"title": {"en": " "},
                                          "starts_at": meeting.ends_at,
                                          "duration_minutes": 0})
    messages = error.value.message_dict
    assert messages["title"] == ["Give the agenda item a title."]
    assert messages["starts_at"][0].startswith("The item's time must fall within the meeting, "
                                               "from ")
    assert messages["duration_minutes"] == ["The duration is a number of minutes, at least 1."]
    assert not AgendaItem.objects.exists()


def test_it_refuses_someone_who_does_not_run_the_meeting(meeting, resident):
    with pytest.raises(PermissionDenied):
        services.agenda_item_create(acting_user=resident, meeting=meeting,
                                    data={"title": {"en": "Mine"}})


def test_it_refuses_changes_to_a_cancelled_meetings_agenda(component, manager):
    meeting = make_meeting(component, state=MeetingState.CANCELLED)
    with pytest.raises(ValidationError) as error:
        services.agenda_item_create(acting_user=manager, meeting=meeting,
                                    data={"title": {"en": "Late"}})
    assert error.value.messages == [
        "This meeting is cancelled or closed: its agenda no longer changes."]


def test_it_moves_items_up_and_down(meeting, manager):
    items = [services.agenda_item_create(acting_user=manager, meeting=meeting,
                                         data={"title": {"en": title}})
             for title in ("A", "B", "C")]
    assert services.agenda_item_move(acting_user=manager, item=items[2], direction="up")
    assert [str(i) for i in AgendaItem.objects.filter(meeting=meeting)] == ["A", "C", "B"]
    assert not services.agenda_item_move(acting_user=manager, item=items[0], direction="up")
    assert AuditEntry.objects.filter(action=MeetingAction.AGENDA_ITEM_MOVE).count() == 1


def test_it_updates_and_deletes_an_item_without_questions(item, manager):
    services.agenda_item_update(acting_user=manager, item=item,
                                data={"title": {"en": "Cycle lanes and parking"}})
    item.refresh_from_db()
    assert item.title == {"en": "Cycle lanes and parking"}
    services.agenda_item_delete(acting_user=manager, item=item)
    assert not AgendaItem.objects.exists()


def test_it_keeps_an_item_residents_asked_about(item, manager, resident):
    services.question_create(acting_user=resident, item=item, body="Why there?")
    with pytest.raises(ValidationError) as error:
        services.agenda_item_delete(acting_user=manager, item=item)
    assert error.value.messages == ["Residents sent questions on this item: it cannot be "
                                    "deleted. Change its title or description instead."]


def test_it_publishes_a_question_with_personal_data_hidden(item, resident):
    question = services.question_create(acting_user=resident, item=item, body=PERSONAL)
    assert question.body == PERSONAL  # the original, for the staff
    public = question_text(question)
    assert "0722" not in public and "ion.popescu" not in public
    assert public.startswith("Why is the lane on my street? Call me at ")
    assert sorted(kind for _start, _end, kind in question.redactions) == ["email", "phone"]
    entry = AuditEntry.objects.get(action=MeetingAction.AGENDA_QUESTION_CREATE)
    assert "0722" not in str(entry.changes)


def test_it_hides_the_authors_own_name_in_the_question(item, org):
    author = make_user(org, "maria", legal_name="Maria Ionescu")
    author.first_name, author.last_name = "Maria", "Ionescu"
    author.save()
    question = services.question_create(acting_user=author, item=item,
                                         body="I am Maria Ionescu and I cycle every day.")
    assert "Ionescu" not in question_text(question)


def test_it_closes_questions_when_the_meeting_starts(component, manager, resident):
    meeting = make_meeting(component, starts_at=timezone.now() + datetime.timedelta(minutes=1))
    item = services.agenda_item_create(acting_user=manager, meeting=meeting,
                                       data={"title": {"en": "Cycle lanes"}})
    assert services.questions_open(item)
    later = meeting.starts_at + datetime.timedelta(seconds=1)
    assert not services.questions_open(item, now=later)
    meeting.starts_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    with pytest.raises(ValidationError) as error:
        services.question_create(acting_user=resident, item=item, body="Too late?")
    assert error.value.messages == ["Questions on the agenda closed when the meeting started."]
    assert not AgendaQuestion.objects.exists()


def test_it_refuses_empty_questions_outsiders_and_blocked_people(item, resident, outsider, org,
                                                                 moderator):
    with pytest.raises(ValidationError) as error:
        services.question_create(acting_user=resident, item=item, body="   ")
    assert error.value.message_dict == {"body": ["Write your question or suggestion."]}
    with pytest.raises(PermissionDenied):
        services.question_create(acting_user=outsider, item=item, body="Hello")
    Block.objects.create(organization=org, user=resident, blocked_by=moderator, reason="spam")
    resident.__dict__.pop("_participa_blocked", None)
    with pytest.raises(ValidationError) as error:
        services.question_create(acting_user=resident, item=item, body="Hello")
    assert error.value.messages == ["Your account cannot post on this site at the moment."]


def test_it_refuses_questions_on_an_item_that_takes_none(meeting, manager, resident):
    item = services.agenda_item_create(acting_user=manager, meeting=meeting,
                                       data={"title": {"en": "Vote"},
                                             "accepts_questions": False})
    with pytest.raises(ValidationError) as error:
        services.question_create(acting_user=resident, item=item, body="Hello")
    assert error.value.messages == ["This agenda item does not take questions."]


def test_it_marks_a_question_addressed_and_then_needs_no_answer(item, manager, resident):
    question = services.question_create(acting_user=resident, item=item, body="Why there?")
    services.question_mark_addressed(acting_user=manager, question=question, addressed=True)
    assert question.addressed_at is not None
    with pytest.raises(ValidationError) as error:
        services.question_answer(acting_user=manager, question=question, outcome="answered",
                                 justification="Because.", publish=True)
    assert error.value.messages == ["The meeting addressed this question: it needs no written "
                                    "answer."]


def test_it_drafts_then_publishes_an_answer_without_a_second_official(item, manager, resident):
    question = services.question_create(acting_user=resident, item=item, body="Why there?")
    with pytest.raises(ValidationError) as error:
        services.question_answer(acting_user=manager, question=question, outcome="answered",
                                 justification=" ", publish=True)
    assert error.value.message_dict == {"justification": [
        "Write the answer: the resident reads it on the meeting page."]}
    draft = services.question_answer(acting_user=manager, question=question,
                                     outcome="answered", justification="Draft.", publish=False)
    assert draft.state == AnswerState.DRAFT
    answer = services.question_answer(acting_user=manager, question=question,
                                      outcome="taken_up", justification="The lane moves.",
                                      publish=True)
    answer.refresh_from_db()
    assert (answer.state, answer.outcome, answer.reviewed_by) == (AnswerState.PUBLISHED,
                                                                  "taken_up", manager)
    assert QuestionAnswer.objects.count() == 1
    with pytest.raises(ValidationError) as error:
        services.question_answer(acting_user=manager, question=question, outcome="answered",
                                 justification="Other.", publish=True)
    assert error.value.messages == ["This answer is published: it can no longer change."]
    with pytest.raises(ValidationError) as error:
        services.question_mark_addressed(acting_user=manager, question=question,
                                         addressed=True)
    assert error.value.messages == ["This question already has a written answer."]


def test_it_exports_and_erases_a_residents_questions(item, resident):
    services.question_create(acting_user=resident, item=item, body=PERSONAL)
    assert MEETING_QUESTION.personal_data is not None
    export = MEETING_QUESTION.personal_data.export
    erase = MEETING_QUESTION.personal_data.erase
    assert export is not None and erase is not None
    data = export(resident)["agenda_questions"]
    assert [(row["agenda_item"], row["text"]) for row in data] == [("Cycle lanes", PERSONAL)]
    erase(resident)
    assert AgendaQuestion.objects.get().author is None


def test_it_counts_questions_in_the_statistics(item, resident, org):
    services.question_create(acting_user=resident, item=item, body="Why there?")
    assert questions_counted(org).count() == 1
    draft = make_meeting(item.meeting.component, state=MeetingState.DRAFT, starts_at=at(9))
    AgendaQuestion.objects.create(
        agenda_item=AgendaItem.objects.create(meeting=draft, title={"en": "x"}),
        author=resident, body="Not counted")
    assert questions_counted(org).count() == 1
