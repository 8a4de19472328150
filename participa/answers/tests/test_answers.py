"""The shared answer workflow: policies, the four-eyes and justification rules in the database,
publish-all, counts, and the review box any component can render."""

from __future__ import annotations

from typing import cast

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from participa.answers.forms import AnswerForm, ReviewForm
from participa.answers.models import AnswerState, answer_constraints
from participa.answers.policy import AnswerPolicy
from participa.answers.services import (
    answer_clean,
    answers_count_by,
    answers_publish_approved,
    review_refusal,
)
from participa.components.consultations.models import (
    CONTRIBUTION_ANSWERS,
    Answer,
    Channel,
    Outcome,
)
from participa.components.consultations.tests.conftest import make_contribution

# A policy another component would declare (proposals): every outcome justified, one reviewer
# enough to draft and publish.
PROPOSALS = AnswerPolicy(name="proposals.proposal",
                         outcomes=[("accepted", "Accepted"), ("evaluating", "Evaluating"),
                                   ("rejected", "Rejected")],
                         four_eyes=False)


def test_it_accepts_only_the_policys_outcomes():
    with pytest.raises(ValidationError) as error:
        answer_clean(PROPOSALS, outcome="out_of_scope", justification="No.")
    assert error.value.message_dict == {"outcome": ["Choose the outcome of the answer."]}
    assert answer_clean(CONTRIBUTION_ANSWERS, outcome="out_of_scope",
                        justification="  Noted.  ") == ("out_of_scope", "Noted.")


def test_it_asks_for_a_justification_unless_the_policy_waives_it():
    assert answer_clean(CONTRIBUTION_ANSWERS, outcome="accepted", justification="") == (
        "accepted", "")
    with pytest.raises(ValidationError) as error:
        answer_clean(CONTRIBUTION_ANSWERS, outcome="rejected", justification=" ")
    assert error.value.message_dict == {"justification": [
        "Write the justification: it is required unless the contribution is accepted."]}
    with pytest.raises(ValidationError) as error:
        answer_clean(PROPOSALS, outcome="accepted", justification="")
    assert error.value.message_dict == {"justification": [
        "Write the justification of this outcome."]}


def test_the_constraints_follow_the_policy():
    names = {constraint.name for constraint in answer_constraints(CONTRIBUTION_ANSWERS)}
    assert names == {"answer_justified_unless_accepted", "answer_reviewed_before_approval",
                     "answer_published_has_date", "answer_four_eyes"}
    names = {constraint.name for constraint in answer_constraints(PROPOSALS, prefix="p")}
    assert names == {"p_justified_unless_never", "p_reviewed_before_approval",
                     "p_published_has_date"}


@pytest.mark.django_db
def test_the_database_refuses_a_reviewer_who_drafted_the_answer(consultation, manager):
    contribution = make_contribution(consultation, channel=Channel.EMAIL)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(consultation=consultation, contribution=contribution,
                              outcome=Outcome.ACCEPTED, state=AnswerState.APPROVED,
                              drafted_by=manager, reviewed_by=manager,
                              reviewed_at=timezone.now())


@pytest.mark.django_db
def test_the_database_refuses_an_unjustified_refusal(consultation, manager):
    contribution = make_contribution(consultation, channel=Channel.EMAIL)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(consultation=consultation, contribution=contribution,
                              outcome=Outcome.REJECTED, justification="", drafted_by=manager)


@pytest.mark.django_db
def test_the_four_eyes_rule_refuses_the_drafter_as_reviewer(consultation, manager,
                                                           second_official):
    answer = Answer(state=AnswerState.DRAFT, drafted_by=manager)
    assert review_refusal(CONTRIBUTION_ANSWERS, answer, reviewer_pk=manager.pk) == (
        "You drafted this answer: another official must review it.")
    assert review_refusal(CONTRIBUTION_ANSWERS, answer, reviewer_pk=second_official.pk) is None
    assert review_refusal(PROPOSALS, answer, reviewer_pk=manager.pk) is None
    answer.state = AnswerState.PUBLISHED
    assert review_refusal(CONTRIBUTION_ANSWERS, answer, reviewer_pk=second_official.pk) == (
        "This answer is not waiting for review any more.")


@pytest.mark.django_db
def test_publish_all_publishes_the_approved_answers_at_once_and_counts_them(
        consultation, manager, second_official):
    now = timezone.now()
    made = []
    for outcome, state in ((Outcome.ACCEPTED, AnswerState.APPROVED),
                           (Outcome.REJECTED, AnswerState.APPROVED),
                           (Outcome.REJECTED, AnswerState.DRAFT)):
        contribution = make_contribution(consultation, channel=Channel.EMAIL)
        made.append(Answer.objects.create(
            consultation=consultation, contribution=contribution, outcome=outcome,
            justification="Because.", state=state, drafted_by=manager,
            reviewed_by=second_official if state == AnswerState.APPROVED else None))
    answers = Answer.objects.filter(consultation=consultation)
    published = answers_publish_approved(answers, now=now)
    assert published == [{"pk": made[0].pk, "outcome": "accepted"},
                         {"pk": made[1].pk, "outcome": "rejected"}]
    assert set(answers.filter(state=AnswerState.PUBLISHED).values_list("published_at",
                                                                      flat=True)) == {now}
    assert answers_count_by(answers) == {
        "state": {"draft": 1, "approved": 0, "published": 2, "superseded": 0},
        "outcome": {"accepted": 1, "rejected": 1},
    }
    assert answers_publish_approved(answers, now=now) == []  # nothing left: runs once


def test_the_form_offers_the_policys_outcomes_and_its_justification_rule():
    form = AnswerForm({"outcome": "accepted", "justification": ""}, policy=PROPOSALS)
    outcome = cast(forms.ChoiceField, form.fields["outcome"])
    assert [value for value, _label in cast(list[tuple[str, str]], outcome.choices)] == [
        "accepted", "evaluating", "rejected"]
    assert not form.is_valid()
    assert form.errors["justification"] == ["Write the justification of this outcome."]
    form = AnswerForm({"outcome": "accepted", "justification": ""},
                      policy=CONTRIBUTION_ANSWERS)
    assert form.is_valid()


@pytest.mark.django_db
def test_another_component_renders_the_same_review_box_with_its_own_item(manager):
    answer = Answer(pk=7, outcome=Outcome.REJECTED, justification="Out of budget.",
                    state=AnswerState.DRAFT, drafted_by=manager, drafted_at=timezone.now())
    html = render_to_string("answers/box.html", {
        "box": {"answer": answer, "form": None, "can_review": True, "is_drafter": False,
                "review_form": ReviewForm(prefix="review-p7"),
                "target_label": "the answer to proposal 7"},
        "target_field": "proposal", "target_value": 7,
    })
    assert '<span class="visually-hidden"> the answer to proposal 7</span>' in html
    assert 'name="answer" value="7"' in html
    assert "Out of budget." in html


def test_the_manifest_declares_each_answered_items_policy() -> None:
    from django.core.exceptions import ImproperlyConfigured

    from participa.answers.policy import answer_policy
    from participa.components.consultations.models import CONTRIBUTION_ANSWERS, Contribution
    from participa.components.pages.models import Page

    assert answer_policy(Contribution) is CONTRIBUTION_ANSWERS
    assert answer_policy("consultations.contribution") is CONTRIBUTION_ANSWERS
    with pytest.raises(ImproperlyConfigured):
        answer_policy(Page)
