"""Garbage in the querystrings and forms of meetings never gives a 500 (probe)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from participa.components.meetings.models import (
    AgendaItem,
    AgendaQuestion,
    Meeting,
    MeetingType,
    QuestionState,
    Registration,
    SeatDraw,
)
from participa.components.meetings.services.meetings import meeting_create, meeting_update
from participa.components.meetings.tests.conftest import at, make_meeting
from participa.components.meetings.tests.test_manage_meetings import form_data
from participa.components.meetings.urls import manage_urlpatterns, urlpatterns
from participa.core.models import User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db

GARBAGE = ["", "x", "-1", "0", "99999999999999999999", "9999-12-31", "0001-01-01", "1e9",
           "2027-13", "2027-02-30", "<script>", "%00", "área", "[]", "{}", "1,2"]
KEYS = ["page", "month", "date_from", "date_to", "when", "type", "scope", "area",
        "organizer", "q"]


@pytest.mark.parametrize("key", KEYS)
def test_it_never_fails_on_a_garbage_querystring(client_for: Any, component: Component,
                                                 meeting: Meeting, key: str) -> None:
    client = client_for(None)
    urls = [reverse("meetings_list"), reverse("meetings_calendar"),
            reverse("spaces:meetings:index", args=[component.space.slug, component.pk])]
    for url in urls:
        for value in GARBAGE:
            response = client.get(url, {key: value})
            assert response.status_code < 500, (url, key, value)


ACTIONS = ["", "link", "link_delete", "public_value", "publish", "close", "addressed",
           "not_addressed", "draft", "undo", "hide", "remove", "minutes", "up", "down",
           "record", "delete", "file", "run", "save", "answer"]
KEYS_POSTED = [
    "accessibility", "address", "all_occurrences", "ask_accessibility", "ask_to_speak",
    "body", "cancel_reason", "capacity", "co_organizer", "committed_number", "conclusions",
    "description", "emails", "field", "file", "following", "format", "kind", "latitude",
    "location_hints", "longitude", "minutes_text", "motivation", "observer_seats",
    "online_url", "organizer_area", "organizer_space", "participants", "public_value",
    "public_value_source", "publish", "reason", "registration_mode", "repeat", "repeat_count",
    "repeat_until", "return", "scope", "seats", "speaker_minutes", "title", "title_en",
    "title_ro", "description_en", "type", "url", "video_url", "words", "starts_at", "ends_at",
    "applications_close_at", "space", "link", "question", "registration", "item", "start",
    "end", "q", "wants_to_speak", "speech_topic", "accessibility_needs", "question_rows",
    "q0_id", "q0_kind", "q0_label", "q0_required", "late_reason",
]


def garbage_posts(value: str) -> list[dict[str, str]]:
    return [{**dict.fromkeys(KEYS_POSTED, value), "action": action} for action in ACTIONS]


def _urls(namespace: str, names: list[str], meeting: Meeting, item_id: int, draw_id: int,
          registration_id: int, question_id: int) -> list[str]:
    component = meeting.component
    base = {"space_slug": component.space.slug, "component_id": component.pk}
    extra = {"meeting_id": meeting.pk, "item_id": item_id, "draw_id": draw_id,
             "registration_id": registration_id, "question_id": question_id,
             "file_format": "csv"}
    urls = []
    for name in names:
        for wanted in ([], ["meeting_id"], ["meeting_id", "item_id"], ["draw_id"],
                       ["meeting_id", "registration_id"], ["meeting_id", "question_id"],
                       ["meeting_id", "file_format"]):
            try:
                urls.append(reverse(f"{namespace}:{name}", kwargs={
                    **base, **{key: extra[key] for key in wanted}}))
                break
            except NoReverseMatch:
                continue
    return urls


@pytest.fixture
def world(org: Any, component: Component, resident: User) -> dict[str, Any]:


    meeting = make_meeting(component, type=MeetingType.PUBLIC_DEBATE, ask_to_speak=True,
                           capacity=5, registered_count=1)
    item = AgendaItem.objects.create(meeting=meeting, title={"en": "Cycle lanes"})
    question = AgendaQuestion.objects.create(agenda_item=item, author=resident, body="Why?",
                                             state=QuestionState.PUBLISHED)
    registration = Registration.objects.create(meeting=meeting, user=resident,
                                               state="registered")
    draw = SeatDraw.objects.create(
        component=component, space=component.space, title={"en": "Seats"}, seats=2,
        applications_close_at=timezone.now() + datetime.timedelta(days=3),
        committed_number="12345", public_value_source="The lottery of Saturday")
    return {"meeting": meeting, "item_id": item.pk, "draw_id": draw.pk,
            "registration_id": registration.pk, "question_id": question.pk}


@pytest.mark.parametrize("value", ["abc", "-99999999999999999999", "[]"])
def test_it_never_fails_on_garbage_posted_to_the_staff_pages(
        client_for: Any, manager: User, world: dict[str, Any], value: str) -> None:
    names = [pattern.name for pattern in manage_urlpatterns if pattern.name]
    urls = _urls("manage:meetings", names, **world)
    assert len(urls) == len(names)
    client = client_for(manager)
    for url in urls:
        assert client.get(url, {"page": value, "q": value}).status_code < 500, url
        for data in garbage_posts(value):
            response = client.post(url, data)
            assert response.status_code < 500, (url, data["action"])


@pytest.mark.parametrize("value", ["abc", "-99999999999999999999", "[]"])
def test_it_never_fails_on_garbage_posted_to_the_public_pages(
        client_for: Any, resident: User, world: dict[str, Any], value: str) -> None:
    names = [pattern.name for pattern in urlpatterns
             if pattern.name and pattern.name != "registration_link"]
    urls = _urls("spaces:meetings", names, **world)
    assert len(urls) == len(names)
    for user in (None, resident):
        client = client_for(user)
        for url in urls:
            for data in garbage_posts(value)[:2]:
                response = client.post(url, data)
                assert response.status_code < 500, (url, data["action"])


FIELD_GARBAGE = [
    ("capacity", "0"), ("capacity", "-5"), ("capacity", "99999999999999999999"),
    ("capacity", "2147483648"), ("speaker_minutes", "-1"), ("speaker_minutes", "0"),
    ("speaker_minutes", "99999999999"), ("observer_seats", "-1"),
    ("observer_seats", "99999999999"), ("latitude", "91"), ("latitude", "nan"),
    ("latitude", "inf"), ("longitude", "1e308"), ("latitude", "1e-400"),
    ("starts_at", "9999-12-31T23:59"), ("starts_at", "0001-01-01T00:00"),
    ("ends_at", "9999-12-31T23:59"), ("starts_at", "2027-02-30T10:00"),
    ("repeat", "monthly"), ("repeat_count", "99999999999"), ("repeat_count", "-3"),
    ("repeat_until", "9999-12-31"), ("question_rows", "99999999999"),
    ("question_rows", "-1"), ("question_rows", "abc"), ("question_0_kind", "evil"),
    ("question_0_label", "x" * 5000), ("format", "online"), ("online_url", "javascript:x"),
    ("organizer_area", "99999999999999999999"), ("organizer_space", "abc"),
    ("co_organizer", "-1"), ("scope", "1e3"), ("type", "party"),
]


@pytest.mark.parametrize(("field", "value"), FIELD_GARBAGE)
def test_it_never_fails_on_one_bad_field_of_the_meeting_form(
        client_for: Any, manager: User, component: Component, meeting: Meeting, field: str,
        value: str) -> None:
    client = client_for(manager)
    args = [component.space.slug, component.pk]
    for url in (reverse("manage:meetings:manage_create", args=args),
                reverse("manage:meetings:manage_edit", args=[*args, meeting.pk])):
        response = client.post(url, form_data(**{field: value}))
        assert response.status_code < 500, (url, field, value)


def test_it_says_which_dates_the_list_filter_takes(client_for: Any, meeting: Meeting) -> None:
    response = client_for(None).get(reverse("meetings_list"), {"date_to": "9999-12-31"})
    assert response.status_code == 200
    assert "Choose a date between the years 1900 and 2999." in response.content.decode()


def test_it_says_which_years_a_meeting_may_take_place_in(
        client_for: Any, manager: User, component: Component) -> None:
    response = client_for(manager).post(
        reverse("manage:meetings:manage_create", args=[component.space.slug, component.pk]),
        form_data(starts_at="0001-01-01T10:00"))
    assert response.status_code == 200
    assert "Choose a date between the years 1900 and 2999." in response.content.decode()
    assert not Meeting.objects.filter(component=component).exists()


@pytest.mark.parametrize("path", ["questions/", "speakers/", "minutes/"])
def test_a_tampered_row_id_is_not_found(client_for: Any, manager: User,
                                        world: dict[str, Any], path: str) -> None:
    action = {"questions/": "addressed", "speakers/": "up", "minutes/": "link_delete"}[path]
    meeting = world["meeting"]
    url = reverse("manage:meetings:manage_detail", args=[
        meeting.component.space.slug, meeting.component.pk, meeting.pk]) + path
    for value in ("abc", "1.5", "99999999999999999999999"):
        response = client_for(manager).post(url, {
            "action": action, "question": value, "registration": value, "link": value})
        assert response.status_code == 404


@pytest.mark.parametrize("questions", [
    ["x"], {"a": 1}, [{"label": {"en": "A"}}], [{"id": "a", "label": "A"}],
    [{"id": "a", "label": {"en": "A"}, "kind": "choice"}],
    [{"id": "a", "label": {"en": "A"}, "required": "yes"}],
    [{"id": "a", "label": {"en": "A"}}, {"id": "a", "label": {"en": "B"}}],
])
def test_the_services_refuse_further_questions_of_another_shape(
        manager: User, component: Component, meeting: Meeting, questions: Any) -> None:
    data = {"title": {"en": "Cycle lanes"}, "starts_at": at(10), "ends_at": at(10, 19),
            "address": "Hall", "questions": questions}
    sentence = ("Each further question needs an identifier, a label and a kind (text, or yes "
                "or no).")
    with pytest.raises(ValidationError) as refused:
        meeting_create(acting_user=manager, component=component, data=data)
    assert refused.value.message_dict == {"questions": [sentence]}
    with pytest.raises(ValidationError) as refused:
        meeting_update(acting_user=manager, meeting=meeting, data={"questions": questions})
    assert refused.value.message_dict == {"questions": [sentence]}
    meeting.refresh_from_db()
    assert meeting.questions == []
    good = [{"id": "a", "label": {"en": "A"}, "kind": "yes_no", "required": True}]
    assert meeting_update(acting_user=manager, meeting=meeting,
                          data={"questions": good}).questions == good


@pytest.mark.parametrize(("field", "sentence"), [
    ("capacity", "Give at least one place, or leave the places empty for no limit."),
    ("speaker_minutes", "Give each speaker at least one minute."),
])
def test_no_meeting_has_zero_places_or_zero_minutes_per_speaker(
        manager: User, component: Component, meeting: Meeting, field: str,
        sentence: str) -> None:
    data = {"title": {"en": "Cycle lanes"}, "starts_at": at(10), "ends_at": at(10, 19),
            "address": "Hall", field: 0}
    with pytest.raises(ValidationError) as refused:
        meeting_create(acting_user=manager, component=component, data=data)
    assert refused.value.message_dict == {field: [sentence]}
    with pytest.raises(ValidationError) as refused:
        meeting_update(acting_user=manager, meeting=meeting, data={field: 0})
    assert refused.value.message_dict == {field: [sentence]}
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(**{field: 0})
