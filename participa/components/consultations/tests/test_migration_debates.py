"""The move of consultations' debates onto meetings, on a database holding data: each debate
becomes a public-debate meeting of its consultation, with its minutes, its attachments and the
requests it answered."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

Targets = list[tuple[str, str | None]]
BEFORE: Targets = [("consultations", "0015_transparency_report"), ("meetings", "0001_initial")]
AFTER: Targets = [("consultations", "0016_debates_to_meetings"),
                  ("meetings", "0003_consultation_debates")]


def migrate(targets: Sequence[tuple[str, str | None]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    nodes = [(app, name) for app, name in targets if name is not None]
    return executor.loader.project_state(nodes).apps


@pytest.mark.django_db(transaction=True)
def test_each_debate_becomes_a_meeting_of_its_consultation(org: Any, ngo: Any) -> None:
    from participa.components.consultations.tests.conftest import (
        days,
        make_component,
        make_consultation,
        make_space,
    )
    from participa.spaces.models import Component

    # A space without meetings (one is added) and a space that has a meetings component.
    consultation = make_consultation(make_component(make_space(org)))
    Component.objects.create(space=consultation.component.space, type="pages",
                             name={"en": "About"}, position=4)
    other_space = make_space(org, slug="other")
    meetings_component = Component.objects.create(space=other_space, type="meetings",
                                                  name={"en": "Meetings"}, position=0)
    other = make_consultation(make_component(other_space), slug="other")
    now = timezone.now()
    held_at = now - datetime.timedelta(days=3)
    received = now - datetime.timedelta(days=10)
    try:
        old = migrate(BEFORE)
        content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="consultations", model="debate")[0]
        Debate = old.get_model("consultations", "Debate")
        held = Debate.objects.create(
            consultation_id=consultation.pk, starts_at=held_at, place="Sala mare",
            online_url="https://meet.example/debate", participants=42,
            minutes_published_at=held_at + datetime.timedelta(days=1),
            late_reason="The hall was busy.", created_at=received)
        attachment = old.get_model("attachments", "Attachment").objects.create(
            organization_id=org.pk, content_type_id=content_type.pk, object_id=held.pk,
            space_id=consultation.component.space_id, title={"en": "Minutes"},
            file="1/minutes.pdf", original_name="minuta.pdf", kind="pdf", size=10)
        Debate.objects.filter(pk=held.pk).update(minutes_id=attachment.pk)
        DebateRequest = old.get_model("consultations", "DebateRequest")
        for group_id, when, deadline in ((ngo.pk, received, days(5)),
                                         (None, received + datetime.timedelta(days=1),
                                          days(3))):
            if group_id is None:
                group_id = old.get_model("core", "UserGroup").objects.create(
                    organization_id=org.pk, name="Consiliul Județean", slug="cj",
                    kind="authority").pk
            DebateRequest.objects.create(
                consultation_id=consultation.pk, group_id=group_id, reason="Please.",
                received_at=when, respond_by=deadline, state="scheduled", debate=held)
        Debate.objects.create(consultation_id=other.pk,
                                       starts_at=now + datetime.timedelta(days=5),
                                       online_url="https://meet.example/other")

        new = migrate(AFTER)
        Meeting = new.get_model("meetings", "Meeting")
        meeting = Meeting.objects.get(consultation_id=consultation.pk)
        assert (meeting.type, meeting.state, meeting.format) == ("public_debate", "closed",
                                                                 "hybrid")
        assert meeting.title == {"en": "Public debate on “Parking rules”"}
        assert (meeting.starts_at, meeting.ends_at) == (held_at,
                                                       held_at + datetime.timedelta(hours=2))
        assert (meeting.address, meeting.online_url, meeting.participants) == (
            "Sala mare", "https://meet.example/debate", 42)
        assert (meeting.minutes_id, meeting.minutes_published_at, meeting.closed_at) == (
            attachment.pk, held_at + datetime.timedelta(days=1),
            held_at + datetime.timedelta(days=1))
        assert (meeting.requested_at, meeting.legal_deadline) == (received, days(3))
        assert (meeting.late_reason, meeting.published_at, meeting.created_at) == (
            "The hall was busy.", received, received)
        added = new.get_model("spaces", "Component").objects.get(pk=meeting.component_id)
        assert (added.space_id, added.type, added.position) == (
            consultation.component.space_id, "meetings", 5)
        assert added.name == {"ro": "Dezbateri publice", "pl": "Debaty publiczne",
                              "en": "Public debates"}
        assert added.published_at == consultation.component.published_at
        moved = new.get_model("attachments", "Attachment").objects.get(pk=attachment.pk)
        target = new.get_model("contenttypes", "ContentType").objects.get(
            pk=moved.content_type_id)
        assert (target.app_label, target.model, moved.object_id) == ("meetings", "meeting",
                                                                     meeting.pk)
        requests = new.get_model("consultations", "DebateRequest").objects.all()
        assert {item.debate_id for item in requests} == {meeting.pk}
        second = Meeting.objects.get(consultation_id=other.pk)
        assert (second.component_id, second.state, second.format, second.address) == (
            meetings_component.pk, "scheduled", "online", "")
        assert (second.requested_at, second.legal_deadline, second.closed_at) == (
            None, None, None)
        assert "consultations_debate" not in connection.introspection.table_names()

        # And back: the debates return, with their requests and minutes.
        old = migrate(BEFORE)
        Debate = old.get_model("consultations", "Debate")
        restored = Debate.objects.get(consultation_id=consultation.pk)
        assert (restored.place, restored.online_url, restored.participants,
                restored.minutes_id) == ("Sala mare", "https://meet.example/debate", 42,
                                         attachment.pk)
        assert {item.debate_id for item in
                old.get_model("consultations", "DebateRequest").objects.all()} == {restored.pk}
        assert Debate.objects.get(consultation_id=other.pk).online_url == \
            "https://meet.example/other"
        assert not old.get_model("meetings", "Meeting").objects.exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
