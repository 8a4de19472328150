"""A contribution that joins a campaign is answered by the campaign: its own draft answer is
superseded (kept for the record), and no approval lets a contribution publish two different
answers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.components.consultations import selectors
from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Campaign,
    Contribution,
    Outcome,
)
from participa.components.consultations.services.answers import (
    answer_review,
    answer_save_draft,
    answers_publish_all,
    with_effective_answer,
)
from participa.components.consultations.services.campaigns import (
    campaign_remove_member,
    campaigns_detect,
)
from participa.components.consultations.tests.test_campaigns_services import _letter_from
from participa.core.models import AuditEntry


@pytest.fixture
def letters(consultation):
    return [_letter_from(consultation, name) for name in ("Ana Pop", "Ion Dinu", "Maria Ilie")]


def test_joining_a_campaign_supersedes_the_own_answer(consultation, manager, second_official,
                                                      letters):
    fifth = letters[2]
    own = answer_save_draft(acting_user=manager, contribution=fifth, outcome=Outcome.REJECTED,
                            justification="The bus line is not part of this decision.")
    answer_review(acting_user=second_official, answer=own, approve=True)

    campaigns_detect(acting_user=manager, consultation=consultation)

    own.refresh_from_db()
    assert own.state == AnswerState.SUPERSEDED and own.superseded_at is not None
    assert own.justification == "The bus line is not part of this decision."  # kept
    assert AuditEntry.objects.filter(action="answer.supersede").exists()
    campaign = Campaign.objects.get(consultation=consultation)
    collective = answer_save_draft(acting_user=manager, campaign=campaign,
                                   outcome=Outcome.PARTIAL,
                                   justification="The trees stay; the lane is studied.")
    answer_review(acting_user=second_official, answer=collective, approve=True)
    assert answers_publish_all(acting_user=manager, consultation=consultation) == 1
    own.refresh_from_db()
    assert own.state == AnswerState.SUPERSEDED
    fifth = Contribution.objects.get(pk=fifth.pk)
    shown = selectors.published_answer(fifth)
    assert shown is not None and shown.pk == collective.pk
    row = with_effective_answer(Contribution.objects.filter(pk=fifth.pk)).get()
    assert (getattr(row, "answer_state"), getattr(row, "answer_outcome")) == (
        AnswerState.PUBLISHED, Outcome.PARTIAL)


def test_leaving_the_campaign_brings_back_the_own_answer_as_a_draft(consultation, manager,
                                                                   second_official, letters):
    own = answer_save_draft(acting_user=manager, contribution=letters[0],
                            outcome=Outcome.REJECTED, justification="Not possible.")
    campaigns_detect(acting_user=manager, consultation=consultation)
    own.refresh_from_db()
    assert own.state == AnswerState.SUPERSEDED
    campaign_remove_member(acting_user=manager, contribution=letters[0])
    own.refresh_from_db()
    assert own.state == AnswerState.DRAFT and own.superseded_at is None


def test_a_campaign_member_gets_no_answer_of_its_own(consultation, manager, letters):
    campaigns_detect(acting_user=manager, consultation=consultation)
    with pytest.raises(ValidationError, match="belongs to a campaign"):
        answer_save_draft(acting_user=manager, contribution=letters[1],
                          outcome=Outcome.REJECTED, justification="Unrelated.")


def test_approval_is_refused_while_a_member_would_publish_two_answers(
        consultation, manager, second_official, letters):
    campaigns_detect(acting_user=manager, consultation=consultation)
    campaign = Campaign.objects.get(consultation=consultation)
    # An own answer approved before this rule existed (straight in the database).
    Answer.objects.create(consultation=consultation, contribution=letters[2],
                          outcome=Outcome.REJECTED, justification="Unrelated answer.",
                          state=AnswerState.APPROVED, drafted_by=manager,
                          reviewed_by=second_official, reviewed_at=timezone.now())
    collective = answer_save_draft(acting_user=manager, campaign=campaign,
                                   outcome=Outcome.ACCEPTED, justification="")
    with pytest.raises(ValidationError) as error:
        answer_review(acting_user=second_official, answer=collective, approve=True)
    assert f"Contribution {letters[2].number} of this campaign has a different answer" in \
        error.value.messages[0]
    collective.refresh_from_db()
    assert collective.state == AnswerState.DRAFT


def test_an_own_answer_of_a_member_is_never_approved(consultation, manager, second_official,
                                                     letters):
    campaigns_detect(acting_user=manager, consultation=consultation)
    legacy = Answer.objects.create(consultation=consultation, contribution=letters[0],
                                   outcome=Outcome.REJECTED, justification="Unrelated.",
                                   drafted_by=manager)
    with pytest.raises(ValidationError, match="answered by the campaign"):
        answer_review(acting_user=second_official, answer=legacy, approve=True)


def test_a_contribution_with_a_published_answer_stays_out_of_campaigns(
        consultation, manager, second_official, letters):
    own = answer_save_draft(acting_user=manager, contribution=letters[0],
                            outcome=Outcome.REJECTED, justification="Answered already.")
    answer_review(acting_user=second_official, answer=own, approve=True)
    answers_publish_all(acting_user=manager, consultation=consultation)
    campaigns_detect(acting_user=manager, consultation=consultation)
    letters[0].refresh_from_db()
    assert letters[0].campaign_id is None
    assert sorted(Campaign.objects.get().contributions.values_list("pk", flat=True)) == \
        sorted(item.pk for item in letters[1:])


def test_the_database_keeps_superseded_answers_unpublished_and_dated(consultation, manager,
                                                                    letters):
    for values in ({"superseded_at": None},
                   {"superseded_at": timezone.now(), "published_at": timezone.now()}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Answer.objects.create(consultation=consultation, contribution=letters[0],
                                  outcome=Outcome.ACCEPTED, state=AnswerState.SUPERSEDED,
                                  drafted_by=manager, **values)
