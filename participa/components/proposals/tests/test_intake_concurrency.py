"""Registrations racing (PostgreSQL): numbers without gaps nor repeats, a message imported by
two officials at once registered once, a contribution made a proposal once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.consultations.models import Answer, Outcome
from participa.components.consultations.tests.conftest import (
    make_component as make_consultations_component,
)
from participa.components.consultations.tests.conftest import make_consultation, make_contribution
from participa.components.proposals.models import Channel, Proposal
from participa.components.proposals.services.from_contributions import (
    proposal_from_contribution,
)
from participa.components.proposals.services.intake import proposal_register
from participa.conftest import make_user
from participa.spaces.models import Component
from participa.testing import failures, refusals, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _register(manager, component, index: int, source_id: str = ""):
    return proposal_register(
        acting_user=manager, component=Component.objects.get(pk=component.pk),
        channel=Channel.EMAIL, received_at=timezone.now() - datetime.timedelta(hours=1),
        author_name=f"Sender {index}", title=f"Idea {index}", body="A text as received.",
        source_id=source_id).number


def test_registrations_at_once_get_every_number_once(manager, component):
    outcomes = run_together(*[(lambda index=index: _register(manager, component, index))
                              for index in range(8)])
    assert failures(outcomes) == [] and refusals(outcomes) == []
    assert sorted(outcomes) == list(range(1, 9))
    assert sorted(Proposal.objects.values_list("number", flat=True)) == list(range(1, 9))


def test_one_message_registered_by_two_officials_at_once_counts_once(manager, component):
    outcomes = run_together(*[
        (lambda index=index: _register(manager, component, index, "<same@mail>"))
        for index in range(2)])
    assert failures(outcomes) == []
    assert len(refusals(outcomes)) == 1
    assert Proposal.objects.filter(source_id="<same@mail>").count() == 1


def test_a_contribution_becomes_one_proposal_when_two_officials_click(manager, component,
                                                                       space, org):
    consultation = make_consultation(make_consultations_component(space))
    contribution = make_contribution(consultation, author_name="Ion Ionescu", channel="post")
    Answer.objects.create(
        consultation=consultation, contribution=contribution, outcome=Outcome.OUT_OF_SCOPE,
        justification="Noted for the action plan.", drafted_by=manager,
        reviewed_by=make_user(org, "reviewer"), reviewed_at=timezone.now(),
        state=AnswerState.PUBLISHED, published_at=timezone.now())
    outcomes = run_together(*[
        (lambda: proposal_from_contribution(
            acting_user=manager, contribution=contribution,
            component=Component.objects.get(pk=component.pk)).number)
        for _ in range(2)])
    assert failures(outcomes) == []
    assert len(refusals(outcomes)) == 1
    assert Proposal.objects.filter(from_contribution=contribution).count() == 1
