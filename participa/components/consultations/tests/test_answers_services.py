"""Answers: drafts, four-eyes review, publication of all approved answers at once."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Campaign,
    Channel,
    ConsultationState,
    Outcome,
)
from participa.components.consultations.services.answers import (
    answer_counts,
    answer_review,
    answer_save_draft,
    answers_publish_all,
    out_of_scope_for_action_plan,
    unanswered,
)
from participa.components.consultations.tests.conftest import make_contribution as _make
from participa.core.models import AuditEntry
from participa.notifications.models import Notification
from participa.notifications.services import follow_create

pytestmark = pytest.mark.django_db


def make_contribution(consultation, **extra):
    """A contribution registered by staff from an e-mail (online ones need an author)."""
    return _make(consultation, channel=extra.pop("channel", Channel.EMAIL), **extra)


def draft(user, contribution, outcome=Outcome.REJECTED, justification="The law forbids it."):
    return answer_save_draft(acting_user=user, contribution=contribution, outcome=outcome,
                             justification=justification)


def approved(drafter, reviewer, contribution, **kwargs):
    answer = draft(drafter, contribution, **kwargs)
    return answer_review(acting_user=reviewer, answer=answer, approve=True)


def test_it_saves_a_draft_answer_and_audits_it(consultation, manager):
    contribution = make_contribution(consultation)
    answer = draft(manager, contribution)
    assert answer.state == AnswerState.DRAFT
    assert answer.drafted_by == manager
    assert answer.consultation == consultation
    assert AuditEntry.objects.filter(action="answer.draft", object_id=str(answer.pk)).exists()


def test_it_updates_the_same_draft_instead_of_creating_another(consultation, manager):
    contribution = make_contribution(consultation)
    first = draft(manager, contribution)
    second = draft(manager, contribution, outcome=Outcome.PARTIAL, justification="In part.")
    assert first.pk == second.pk
    assert Answer.objects.get().outcome == Outcome.PARTIAL
    assert AuditEntry.objects.filter(action="answer.update").count() == 1


def test_it_requires_a_justification_unless_accepted(consultation, manager):
    contribution = make_contribution(consultation)
    with pytest.raises(ValidationError) as error:
        draft(manager, contribution, outcome=Outcome.REJECTED, justification="  ")
    assert "justification" in error.value.message_dict
    assert "required unless the contribution is accepted" in str(error.value)
    answer = draft(manager, contribution, outcome=Outcome.ACCEPTED, justification="")
    assert answer.outcome == Outcome.ACCEPTED


def test_the_database_refuses_an_unjustified_rejection(consultation, manager):
    contribution = make_contribution(consultation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(consultation=consultation, contribution=contribution,
                              outcome=Outcome.REJECTED, justification="", drafted_by=manager)


def test_it_refuses_people_who_may_not_answer(consultation, resident, moderator):
    contribution = make_contribution(consultation)
    for person in (resident, moderator):
        with pytest.raises(PermissionDenied):
            draft(person, contribution)
    assert not Answer.objects.exists()


def test_a_second_official_approves_a_draft(consultation, manager, second_official):
    contribution = make_contribution(consultation)
    answer = draft(manager, contribution)
    answer = answer_review(acting_user=second_official, answer=answer, approve=True)
    answer.refresh_from_db()
    assert answer.state == AnswerState.APPROVED
    assert answer.reviewed_by == second_official
    assert answer.reviewed_at is not None
    assert AuditEntry.objects.filter(action="answer.approve").exists()


def test_the_drafter_cannot_approve_their_own_answer(consultation, manager):
    contribution = make_contribution(consultation)
    answer = draft(manager, contribution)
    with pytest.raises(ValidationError, match="another official must review it"):
        answer_review(acting_user=manager, answer=answer, approve=True)
    answer.refresh_from_db()
    assert answer.state == AnswerState.DRAFT
    assert answer.reviewed_by is None


def test_the_database_backs_the_four_eyes_rule(consultation, manager):
    contribution = make_contribution(consultation)
    answer = draft(manager, contribution)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(pk=answer.pk).update(state=AnswerState.APPROVED,
                                                   reviewed_by=manager)


def test_sending_back_keeps_the_draft_and_audits_the_comment(consultation, manager,
                                                             second_official):
    contribution = make_contribution(consultation)
    answer = draft(manager, contribution)
    answer_review(acting_user=second_official, answer=answer, approve=False,
                  comment="Cite the article of the law.")
    answer.refresh_from_db()
    assert answer.state == AnswerState.DRAFT
    assert answer.reviewed_by is None
    entry = AuditEntry.objects.get(action="answer.send_back")
    # The reviewer's words are not copied into the audit log: it names the field only.
    assert entry.changes == {"comment": None, "state": "draft"}
    assert entry.actor == second_official


def test_a_resident_cannot_review(consultation, manager, resident):
    answer = draft(manager, make_contribution(consultation))
    with pytest.raises(PermissionDenied):
        answer_review(acting_user=resident, answer=answer, approve=True)


def test_changing_an_approved_answer_sends_it_back_for_review(consultation, manager,
                                                              second_official):
    contribution = make_contribution(consultation)
    approved(manager, second_official, contribution)
    answer = draft(second_official, contribution, outcome=Outcome.PARTIAL,
                   justification="Only in the centre.")
    answer.refresh_from_db()
    assert answer.state == AnswerState.DRAFT
    assert answer.reviewed_by is None
    # The official who changed it is now its drafter: the first one reviews it.
    assert answer.drafted_by == second_official
    answer_review(acting_user=manager, answer=answer, approve=True)
    answer.refresh_from_db()
    assert answer.state == AnswerState.APPROVED


def test_saving_the_same_text_keeps_the_approval(consultation, manager, second_official):
    contribution = make_contribution(consultation)
    approved(manager, second_official, contribution)
    draft(manager, contribution)
    assert Answer.objects.get().state == AnswerState.APPROVED


def test_a_published_answer_cannot_change(consultation, manager, second_official):
    contribution = make_contribution(consultation)
    approved(manager, second_official, contribution)
    answers_publish_all(acting_user=manager, consultation=consultation)
    with pytest.raises(ValidationError, match="published and can no longer be changed"):
        draft(manager, contribution, outcome=Outcome.ACCEPTED, justification="")
    assert Answer.objects.get().outcome == Outcome.REJECTED


def test_publish_all_publishes_only_approved_answers_at_the_same_time(
        consultation, manager, second_official):
    one, two, three = (make_contribution(consultation) for _ in range(3))
    approved(manager, second_official, one)
    approved(manager, second_official, two, outcome=Outcome.ACCEPTED, justification="")
    draft(manager, three)
    count = answers_publish_all(acting_user=manager, consultation=consultation)
    assert count == 2
    published = Answer.objects.filter(state=AnswerState.PUBLISHED)
    assert published.count() == 2
    assert len({answer.published_at for answer in published}) == 1
    assert Answer.objects.get(contribution=three).state == AnswerState.DRAFT
    consultation.refresh_from_db()
    assert consultation.answers_published_at == next(a.published_at for a in published)
    entry = AuditEntry.objects.get(action="answer.publish_all")
    assert entry.changes["published"] == 2
    assert entry.changes["drafts_left"] == 1


def test_publish_all_tells_the_followers(consultation, manager, second_official, resident):
    follow_create(user=resident, target=consultation)
    approved(manager, second_official, make_contribution(consultation))
    answers_publish_all(acting_user=second_official, consultation=consultation)
    notification = Notification.objects.get(recipient=resident)
    assert notification.event == "consultation.answers_published"


def test_publish_all_refuses_when_nothing_is_approved(consultation, manager):
    draft(manager, make_contribution(consultation))
    with pytest.raises(ValidationError, match="no approved answers to publish"):
        answers_publish_all(acting_user=manager, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.answers_published_at is None
    assert not AuditEntry.objects.filter(action="answer.publish_all").exists()


def test_publish_all_is_for_managers_only(consultation, manager, second_official, resident):
    approved(manager, second_official, make_contribution(consultation))
    with pytest.raises(PermissionDenied):
        answers_publish_all(acting_user=resident, consultation=consultation)


def test_a_collective_answer_answers_every_member_of_the_campaign(consultation, manager,
                                                                  second_official):
    campaign = Campaign.objects.create(consultation=consultation, label="Save the park")
    members = [make_contribution(consultation, campaign=campaign) for _ in range(3)]
    alone = make_contribution(consultation)
    answer = answer_save_draft(acting_user=manager, campaign=campaign, outcome=Outcome.REJECTED,
                               justification="The park is not in this decision.")
    assert answer.campaign == campaign and answer.contribution is None
    assert set(unanswered(consultation)) == {*members, alone}
    answer_review(acting_user=second_official, answer=answer, approve=True)
    assert answers_publish_all(acting_user=manager, consultation=consultation) == 1
    assert list(unanswered(consultation)) == [alone]
    counts = answer_counts(consultation)
    assert counts == {"total": 4, "without_answer": 1, "drafts": 0, "approved": 0,
                      "published": 3, "missing": 1}


def test_it_needs_exactly_one_target(consultation, manager):
    with pytest.raises(ValueError):
        answer_save_draft(acting_user=manager, outcome=Outcome.ACCEPTED, justification="")


def test_answers_cannot_change_once_the_consultation_is_final(consultation, manager):
    contribution = make_contribution(consultation)
    consultation.state = ConsultationState.FINAL
    consultation.closed_at = consultation.published_at
    consultation.save()
    with pytest.raises(ValidationError, match="closed as final"):
        draft(manager, contribution)


def test_out_of_scope_answers_are_kept_for_the_action_plan(consultation, manager,
                                                           second_official):
    noted = make_contribution(consultation, body="Plant trees on Bega's banks.")
    other = make_contribution(consultation)
    approved(manager, second_official, noted, outcome=Outcome.OUT_OF_SCOPE,
             justification="Noted for the green action plan.")
    approved(manager, second_official, other)
    assert list(out_of_scope_for_action_plan(consultation)) == []  # not published yet
    assert [a.contribution for a in out_of_scope_for_action_plan(
        consultation, published_only=False)] == [noted]
    answers_publish_all(acting_user=manager, consultation=consultation)
    assert [a.contribution for a in out_of_scope_for_action_plan(consultation)] == [noted]


def test_the_reviewers_comment_stays_with_the_answer_for_the_drafter(consultation, manager,
                                                                   second_official):
    answer = draft(manager, make_contribution(consultation))
    answer_review(acting_user=second_official, answer=answer, approve=False,
                  comment="Cite the article of the law.")
    answer.refresh_from_db()
    assert answer.review_comment == "Cite the article of the law."
    assert "Cite the article" not in str(list(AuditEntry.objects.values_list("changes")))


def test_it_keeps_the_justification_in_the_organizations_other_languages(consultation, manager):
    answer = answer_save_draft(
        acting_user=manager, contribution=make_contribution(consultation),
        outcome=Outcome.REJECTED, justification="The law sets the fee.",
        justification_translations={"ro": " Legea stabilește taxa. ", "pl": "",
                                    "en": "Ignored: the default language",
                                    "de": "Ignored: not a language of the organization"})
    answer.refresh_from_db()
    assert answer.justification == "The law sets the fee."
    assert answer.justification_translations == {"ro": "Legea stabilește taxa."}
    assert answer.justification_in("ro") == "Legea stabilește taxa."
    assert answer.justification_in("pl") == "The law sets the fee."
