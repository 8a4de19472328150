"""The daily reminders of answers due: the staff hear a week before and once when late; the
public and the followers do not; a published answer stops them; each is sent once."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.proposals.models import Proposal, ProposalAnswer
from participa.components.proposals.services.thresholds import answer_reminders_send
from participa.components.proposals.tests.conftest import make_proposal
from participa.core.models import User
from participa.notifications.models import Notification
from participa.notifications.services import follow_create
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def due(component: Component, author: User, days: int, title: str = "Benches") -> Proposal:
    return make_proposal(component, author=author, title=title,
                         threshold_reached_at=timezone.now(),
                         answer_due_on=timezone.localdate() + datetime.timedelta(days=days))


def told(event: str) -> set[tuple[int, int]]:
    return set(Notification.objects.filter(event=event)
               .values_list("object_id", "recipient_id"))


def test_it_reminds_the_staff_a_week_before_and_once_when_late(
        component: Component, resident: User, official: User, manager: User) -> None:
    soon = due(component, resident, 7)
    later = due(component, resident, 8)
    late = due(component, resident, -1)
    follow_create(user=resident, target=soon)

    assert answer_reminders_send() == 2
    assert answer_reminders_send() == 0  # once each

    assert told("proposal.answer_due_soon") == {(soon.pk, official.pk), (soon.pk, manager.pk)}
    assert told("proposal.answer_overdue") == {(late.pk, official.pk), (late.pk, manager.pk)}
    assert not Notification.objects.filter(object_id=later.pk).exists()

    # A week later the first one is late too: the staff hear of it once more.
    assert answer_reminders_send(timezone.localdate() + datetime.timedelta(days=8)) == 2
    assert (soon.pk, official.pk) in told("proposal.answer_overdue")


def test_a_published_answer_stops_the_reminders(component: Component, resident: User,
                                                official: User, manager: User) -> None:
    late = due(component, resident, -3)
    ProposalAnswer.objects.create(proposal=late, outcome="accepted", drafted_by=manager,
                                  reviewed_by=official, state=AnswerState.PUBLISHED,
                                  published_at=timezone.now())

    call_command("send_proposal_answer_reminders")

    assert not Notification.objects.exists()
