"""Official answers to proposals: four eyes, the organization's own outcomes, the commitment
of "integrated", the current answer and its public history."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.proposals.actions import ProposalJournalAction
from participa.components.proposals.models import Outcome, Proposal, ProposalAnswer
from participa.components.proposals.services.answers import (
    answer_policy_for,
    current_answer,
    extra_outcomes,
    proposal_answer_approve,
    proposal_answer_publish,
    proposal_answer_save_draft,
    proposal_answer_send_back,
    published_answers,
)
from participa.components.proposals.services.merge import proposal_merge
from participa.components.proposals.tests.conftest import make_proposal
from participa.core.models import JournalEntry, User
from participa.notifications.models import Notification
from participa.notifications.services import follow_create
from participa.spaces.models import Component


def _publish(proposal: Proposal, drafter: User, reviewer: User, **kwargs: Any
             ) -> ProposalAnswer:
    answer = proposal_answer_save_draft(acting_user=drafter, proposal=proposal, **kwargs)
    proposal_answer_approve(acting_user=reviewer, answer=answer)
    return proposal_answer_publish(acting_user=drafter, answer=answer)


def test_it_goes_draft_approved_published(proposal: Proposal, manager: User,
                                          official: User) -> None:
    answer = proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                        outcome=Outcome.REJECTED,
                                        justification="  No room on that street.  ")
    assert (answer.state, answer.justification) == (AnswerState.DRAFT, "No room on that street.")
    proposal_answer_approve(acting_user=official, answer=answer)
    answer.refresh_from_db()
    assert (answer.state, answer.reviewed_by) == (AnswerState.APPROVED, official)
    proposal_answer_publish(acting_user=manager, answer=answer)
    answer.refresh_from_db()
    assert answer.state == AnswerState.PUBLISHED and answer.published_at is not None
    line = JournalEntry.objects.get(action=ProposalJournalAction.PROPOSAL_ANSWERED)
    assert line.params["outcome"]["en"] == "Rejected"
    assert line.params["number"] == str(proposal.number)


def test_the_drafter_cannot_approve_their_own_answer(proposal: Proposal,
                                                     manager: User) -> None:
    answer = proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                        outcome=Outcome.ACCEPTED, justification="")
    with pytest.raises(ValidationError) as error:
        proposal_answer_approve(acting_user=manager, answer=answer)
    assert error.value.messages == [
        "You drafted this answer: another official must review it."]
    answer.refresh_from_db()
    assert answer.state == AnswerState.DRAFT


def test_the_database_keeps_four_eyes(proposal: Proposal, manager: User) -> None:
    answer = proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                        outcome=Outcome.ACCEPTED, justification="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalAnswer.objects.filter(pk=answer.pk).update(
            state=AnswerState.APPROVED, reviewed_by=manager, reviewed_at=timezone.now())


def test_an_unapproved_answer_is_not_published(proposal: Proposal, manager: User) -> None:
    answer = proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                        outcome=Outcome.ACCEPTED, justification="")
    with pytest.raises(ValidationError) as error:
        proposal_answer_publish(acting_user=manager, answer=answer)
    assert error.value.messages == [
        "Only an answer approved by a second official can be published."]


def test_sending_back_needs_a_comment_and_keeps_the_draft(proposal: Proposal, manager: User,
                                                          official: User) -> None:
    answer = proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                        outcome=Outcome.ACCEPTED, justification="")
    with pytest.raises(ValidationError):
        proposal_answer_send_back(acting_user=official, answer=answer, comment=" ")
    proposal_answer_send_back(acting_user=official, answer=answer, comment="Say when.")
    answer.refresh_from_db()
    assert (answer.state, answer.review_comment) == (AnswerState.DRAFT, "Say when.")


def test_changing_an_approved_answer_needs_a_new_review(proposal: Proposal, manager: User,
                                                        official: User) -> None:
    answer = proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                        outcome=Outcome.ACCEPTED, justification="")
    proposal_answer_approve(acting_user=official, answer=answer)
    again = proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                       outcome=Outcome.REJECTED, justification="Too costly.")
    assert again.pk == answer.pk
    again.refresh_from_db()
    assert (again.state, again.reviewed_by) == (AnswerState.DRAFT, None)


@pytest.mark.parametrize("outcome", [Outcome.REJECTED, Outcome.FORWARDED,
                                     Outcome.ALREADY_DONE, Outcome.OUT_OF_COMPETENCE])
def test_a_justification_is_required(proposal: Proposal, manager: User, outcome: str) -> None:
    with pytest.raises(ValidationError) as error:
        proposal_answer_save_draft(acting_user=manager, proposal=proposal, outcome=outcome,
                                   justification="  ")
    assert error.value.message_dict == {"justification": [
        "Write the justification: it is required unless the proposal is accepted or being "
        "evaluated."]}


@pytest.mark.parametrize("outcome", [Outcome.ACCEPTED, Outcome.EVALUATING])
def test_no_justification_needed_when_accepted_or_evaluating(
        proposal: Proposal, manager: User, outcome: str) -> None:
    answer = proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                        outcome=outcome, justification="")
    assert answer.outcome == outcome


def test_the_organization_adds_its_own_outcomes(proposal: Proposal, manager: User,
                                                official: User, component: Component) -> None:
    component.settings = {"extra_outcomes": (
        "postponed|Postponed to next year\n"
        "rejected|Duplicate of a built-in\n"
        "Bad Code|Not a code\n"
        "no_label|\n"
        "pilot | Tried as a pilot \n")}
    component.save()
    proposal.component = component
    assert extra_outcomes(component) == [("postponed", "Postponed to next year"),
                                         ("pilot", "Tried as a pilot")]
    assert answer_policy_for(component).outcome_values[-2:] == ["postponed", "pilot"]
    with pytest.raises(ValidationError):
        proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                   outcome="postponed", justification="")
    answer = _publish(proposal, manager, official, outcome="postponed",
                      justification="The budget of 2027 is closed.")
    assert answer.outcome == "postponed"
    line = JournalEntry.objects.get(action=ProposalJournalAction.PROPOSAL_ANSWERED)
    assert line.params["outcome"]["ro"] == "Postponed to next year"


def test_an_unknown_outcome_is_refused(proposal: Proposal, manager: User) -> None:
    with pytest.raises(ValidationError) as error:
        proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                   outcome="postponed", justification="x")
    assert list(error.value.message_dict) == ["outcome"]


def test_integrated_needs_its_commitment(proposal: Proposal, manager: User) -> None:
    with pytest.raises(ValidationError) as error:
        proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                   outcome=Outcome.INTEGRATED, justification="In the plan.")
    assert error.value.message_dict == {
        "commitment_title": ["Name the commitment of the action plan the proposal was "
                             "integrated into."],
        "commitment_url": ["Give the address of the commitment."]}
    for url in ("http://example.org/c/1", "javascript:alert(1)", "//evil.example/x",
                "example.org"):
        with pytest.raises(ValidationError) as error:
            proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                       outcome=Outcome.INTEGRATED, justification="x",
                                       commitment_title="Benches", commitment_url=url)
        assert list(error.value.message_dict) == ["commitment_url"]


def test_the_database_refuses_integrated_without_commitment(proposal: Proposal,
                                                            manager: User) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalAnswer.objects.create(proposal=proposal, outcome=Outcome.INTEGRATED,
                                      justification="x", drafted_by=manager)


def test_integrated_links_the_commitment_when_published(
        proposal: Proposal, manager: User, official: User, resident: User) -> None:
    follow_create(user=resident, target=proposal)
    _publish(proposal, manager, official, outcome=Outcome.INTEGRATED,
             justification="Commitment 4.2 of the plan.", commitment_title="Benches on alleys",
             commitment_url="/spaces/plan/actions/7/42/")
    proposal.refresh_from_db()
    assert (proposal.commitment_title, proposal.commitment_url) == (
        "Benches on alleys", "/spaces/plan/actions/7/42/")
    assert JournalEntry.objects.filter(
        action=ProposalJournalAction.PROPOSAL_COMMITMENT).count() == 1
    events = set(Notification.objects.filter(recipient=resident).values_list("event", flat=True))
    assert events == {"proposal.answered", "proposal.commitment"}


def test_a_commitment_is_dropped_from_other_outcomes(proposal: Proposal,
                                                     manager: User) -> None:
    answer = proposal_answer_save_draft(
        acting_user=manager, proposal=proposal, outcome=Outcome.ACCEPTED, justification="",
        commitment_title="Ignored", commitment_url="https://example.org/x")
    assert (answer.commitment_title, answer.commitment_url) == ("", "")


def test_the_latest_published_answer_is_current(proposal: Proposal, manager: User,
                                                official: User) -> None:
    assert current_answer(proposal) is None
    first = _publish(proposal, manager, official, outcome=Outcome.EVALUATING,
                     justification="")
    ProposalAnswer.objects.filter(pk=first.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=3))
    draft = proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                       outcome=Outcome.REJECTED, justification="No budget.")
    assert current_answer(proposal) == first  # a draft is not current
    proposal_answer_approve(acting_user=official, answer=draft)
    second = proposal_answer_publish(acting_user=manager, answer=draft)
    assert current_answer(proposal) == second
    assert list(published_answers(proposal)) == [first, second]


def test_the_database_allows_one_answer_in_the_making(proposal: Proposal,
                                                      manager: User) -> None:
    proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                               outcome=Outcome.ACCEPTED, justification="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalAnswer.objects.create(proposal=proposal, outcome=Outcome.ACCEPTED,
                                      drafted_by=manager)


def test_residents_cannot_answer(proposal: Proposal, resident: User) -> None:
    with pytest.raises(PermissionDenied):
        proposal_answer_save_draft(acting_user=resident, proposal=proposal,
                                   outcome=Outcome.ACCEPTED, justification="")


def test_an_answer_drafted_before_a_merge_is_neither_approved_nor_published_on_the_duplicate(
        component, resident, manager, official):
    target = make_proposal(component, author=resident, title="Benches")
    duplicate = make_proposal(component, author=resident, title="More benches")
    answer = proposal_answer_save_draft(acting_user=manager, proposal=duplicate,
                                        outcome=Outcome.ACCEPTED, justification="")
    proposal_merge(acting_user=manager, source=duplicate, target=target)
    answer.refresh_from_db()
    with pytest.raises(ValidationError, match="merged into another one: answer that one"):
        proposal_answer_approve(acting_user=official, answer=answer)
    answer.refresh_from_db()
    assert answer.state == AnswerState.DRAFT
