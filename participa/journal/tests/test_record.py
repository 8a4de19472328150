"""record(): one call writes the audit entry, the public journal entries and the notifications;
the consultation events that are public produce journal entries."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from participa.components.consultations.actions import ConsultationAction, ConsultationJournalAction
from participa.components.consultations.models import Channel, ConsultationState, Outcome
from participa.components.consultations.services.answers import (
    answer_review,
    answer_save_draft,
    answers_publish_all,
)
from participa.components.consultations.services.consultations import (
    consultation_publish,
)
from participa.components.consultations.services.debates import debate_create
from participa.components.consultations.tests.conftest import make_consultation
from participa.components.consultations.tests.conftest import (
    make_contribution as make_contribution_,
)
from participa.core.audit import Notice, Public, record
from participa.core.models import AuditEntry, JournalEntry
from participa.notifications.models import Notification
from participa.notifications.services import follow_create

pytestmark = pytest.mark.django_db


def test_one_call_writes_the_audit_entry_the_journal_and_the_notifications(
        org, consultation, manager, resident):
    follow_create(user=resident, target=consultation)
    entry = record(organization=org, actor=manager, action=ConsultationAction.CONSULTATION_UPDATE,
                   obj=consultation, changes={"state": ["published", "published"]},
                   public=[Public(action=ConsultationJournalAction.DATES_CHANGED, item=consultation,
                                  url="/x/", space_id=consultation.component.space_id,
                                  component_id=consultation.component_id,
                                  params={"title": {"en": "Parking rules"}})],
                   notice=Notice(event="consultation.dates_changed", target=consultation))
    assert AuditEntry.objects.get(action=ConsultationAction.CONSULTATION_UPDATE) == entry
    line = JournalEntry.objects.get()
    assert (line.organization, line.space_id, line.component_id) == (
        org, consultation.component.space_id, consultation.component_id)
    assert (line.item_type, line.item_id) == ("consultations.consultation",
                                              str(consultation.pk))
    assert line.created_at == entry.created_at
    assert line.sentence == "Changed the dates of “Parking rules”."
    assert Notification.objects.get(recipient=resident).event == "consultation.dates_changed"


def test_a_private_action_writes_no_journal_entry(org, consultation, manager):
    record(organization=org, actor=manager, action=ConsultationAction.CONSULTATION_UPDATE,
           obj=consultation)
    assert AuditEntry.objects.filter(action=ConsultationAction.CONSULTATION_UPDATE).count() == 1
    assert not JournalEntry.objects.exists()


def test_announcing_a_consultation_is_in_the_journal(component, manager, resident):
    draft = make_consultation(component, slug="trees", title="Trees", opens=0, closes=90,
                              state=ConsultationState.DRAFT, profile="eu-better-regulation")
    follow_create(user=resident, target=draft)
    consultation_publish(acting_user=manager, consultation=draft)
    line = JournalEntry.objects.get()
    assert line.action == ConsultationJournalAction.ANNOUNCED
    assert line.url == draft.get_absolute_url()
    assert line.sentence == "Announced “Trees” for public consultation."
    assert Notification.objects.get(recipient=resident).event == "consultation.published"


def test_scheduling_a_debate_is_in_the_journal(consultation, manager):
    starts_at = timezone.now() + datetime.timedelta(days=3)
    debate_create(acting_user=manager, consultation=consultation, starts_at=starts_at,
                  place="City hall")
    line = JournalEntry.objects.get(action=ConsultationJournalAction.DEBATE_SCHEDULED)
    assert line.params["starts_at"] == starts_at.isoformat()
    assert line.sentence.startswith("Scheduled a public debate on “Parking rules” for ")


def test_publishing_answers_writes_one_line_per_answer_without_the_contributions_text(
        consultation, manager, second_official):
    one = make_contribution_(consultation, channel=Channel.EMAIL,
                             body="My neighbour Ion Vasilescu parks badly.")
    two = make_contribution_(consultation, channel=Channel.EMAIL, body="Lower the fee.")
    for contribution, outcome in ((one, Outcome.REJECTED), (two, Outcome.ACCEPTED)):
        answer = answer_save_draft(acting_user=manager, contribution=contribution,
                                   outcome=outcome, justification="The law sets the fee.")
        answer_review(acting_user=second_official, answer=answer, approve=True)
    assert answers_publish_all(acting_user=manager, consultation=consultation) == 2
    lines = list(JournalEntry.objects.order_by("id"))
    assert [line.action for line in lines] == [ConsultationJournalAction.ANSWERS_PUBLISHED,
                                               ConsultationJournalAction.CONTRIBUTION_ANSWERED,
                                               ConsultationJournalAction.CONTRIBUTION_ANSWERED]
    assert [line.sentence for line in lines] == [
        "Published 2 answers on “Parking rules”.",
        f"Answered contribution {one.number} on “Parking rules”: Not accepted.",
        f"Answered contribution {two.number} on “Parking rules”: Accepted.",
    ]
    assert lines[1].item_type == "consultations.answer"
    stored = " ".join(f"{line.params} {line.url}" for line in lines)
    assert "Vasilescu" not in stored and "Ion Ionescu" not in stored
