"""Official answers to proposals through the shared four-eyes workflow.

draft → approved by a second official (never the drafter: the database backs it) →
published. A proposal may get several answers over time; one at most is in the making
(draft or approved: database constraint), the latest published one is its current answer and
all published ones its public history.

The outcomes are ``Outcome`` plus the organization's own, from the component setting
``extra_outcomes``: one ``value|label`` per line (value: lower-case letters, digits and ``_``;
lines that are not of that form, or that repeat a built-in value, are left out). Their labels
are shown as typed. Every outcome but "accepted" and "being evaluated" needs a justification.

"Integrated into the action plan" needs the commitment it became (a title and the address of
a page of this site or an external https address): set with the answer, copied to the proposal
at publication and told in the public journal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.answers.models import AnswerState
from participa.answers.policy import AnswerPolicy
from participa.answers.services import answer_clean, answer_translations_clean, review_refusal
from participa.components.proposals import permissions
from participa.components.proposals.actions import ProposalAction, ProposalJournalAction
from participa.components.proposals.models import (
    PROPOSAL_ANSWERS,
    Outcome,
    Proposal,
    ProposalAnswer,
    ProposalState,
)
from participa.components.proposals.services.proposals import proposal_line
from participa.core.actions import AuditAction
from participa.core.audit import Notice, audited_create, audited_update
from participa.core.journal import in_languages
from participa.core.models import User
from participa.spaces.models import Component

_OUTCOME_VALUE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def extra_outcomes(component: Component) -> list[tuple[str, str]]:
    """The organization's own outcomes from the setting ``extra_outcomes``."""
    text = str(component.setting("extra_outcomes") or "")
    outcomes: list[tuple[str, str]] = []
    seen = set(Outcome.values)
    for line in text.splitlines():
        value, bar, label = line.partition("|")
        value, label = value.strip(), label.strip()
        if bar and label and _OUTCOME_VALUE.match(value) and value not in seen:
            seen.add(value)
            outcomes.append((value, label[:200]))
    return outcomes


def answer_policy_for(component: Component) -> AnswerPolicy:
    """``PROPOSAL_ANSWERS`` with the component's own outcomes added."""
    return AnswerPolicy(
        name=PROPOSAL_ANSWERS.name,
        outcomes=[*PROPOSAL_ANSWERS.outcomes, *extra_outcomes(component)],
        justification_optional=PROPOSAL_ANSWERS.justification_optional,
        four_eyes=True,
        justification_required_message=PROPOSAL_ANSWERS.justification_required_message,
    )


def outcome_label(component: Component, value: str) -> Any:
    return answer_policy_for(component).outcome_label(value)


def published_answers(proposal: Proposal) -> QuerySet[ProposalAnswer]:
    """The proposal's published answers, oldest first (its public history)."""
    return (ProposalAnswer.objects.filter(proposal=proposal, state=AnswerState.PUBLISHED)
            .order_by("published_at", "id"))


def current_answer(proposal: Proposal) -> ProposalAnswer | None:
    """The latest published answer, or None."""
    return published_answers(proposal).last()


def open_answer(proposal: Proposal) -> ProposalAnswer | None:
    """The answer in the making (draft or approved), or None."""
    return (ProposalAnswer.objects.filter(
        proposal=proposal, state__in=[AnswerState.DRAFT, AnswerState.APPROVED])
        .select_related("drafted_by", "reviewed_by").first())


def _commitment_clean(outcome: str, title: str, url: str) -> tuple[str, str]:
    if outcome != Outcome.INTEGRATED:
        return "", ""
    title, url = (title or "").strip(), (url or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["commitment_title"] = _("Name the commitment of the action plan the proposal "
                                       "was integrated into.")
    if not url:
        errors["commitment_url"] = _("Give the address of the commitment.")
    elif not (re.fullmatch(r"https://[^\s/]+\.[^\s/]+(/\S*)?", url)
              or re.fullmatch(r"/(?!/)\S*", url)):
        errors["commitment_url"] = _("Give the address of a page of this site (starting with "
                                     "/) or an external address starting with https://.")
    if errors:
        raise ValidationError(errors)
    return title, url


def _check_staff(acting_user: User, proposal: Proposal) -> None:
    if not permissions.can_manage_proposals(acting_user, proposal.component):
        raise PermissionDenied


def _check_answerable(proposal: Proposal) -> Proposal:
    """The proposal under its row lock, refused while a draft or once merged (an answer
    drafted before a merge is neither approved nor published on the duplicate)."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.state == ProposalState.DRAFT:
        raise ValidationError(_("A draft proposal cannot be answered."))
    if locked.state == ProposalState.MERGED:
        raise ValidationError(_("This proposal was merged into another one: answer that one "
                                "instead."), code="merged")
    return locked


@transaction.atomic
def proposal_answer_save_draft(
    *, acting_user: User, proposal: Proposal, outcome: str, justification: str,
    justification_translations: Mapping[str, str] | None = None,
    commitment_title: str = "", commitment_url: str = "",
) -> ProposalAnswer:
    """Create or change the proposal's answer in the making. Changing an approved answer
    sends it back to draft: a second official reviews it again."""
    _check_staff(acting_user, proposal)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.state == ProposalState.DRAFT:
        raise ValidationError(_("A draft proposal cannot be answered."))
    if locked.state == ProposalState.MERGED:
        raise ValidationError(_("This proposal was merged into another one: answer that one "
                                "instead."), code="merged")
    component = proposal.component
    outcome, justification = answer_clean(answer_policy_for(component), outcome=outcome,
                                          justification=justification)
    commitment_title, commitment_url = _commitment_clean(outcome, commitment_title,
                                                         commitment_url)
    org = component.space.organization
    values: dict[str, Any] = {
        "outcome": outcome, "justification": justification,
        "justification_translations": answer_translations_clean(
            justification_translations, languages=org.languages,
            default=org.default_language),
        "commitment_title": commitment_title, "commitment_url": commitment_url,
    }
    answer = (ProposalAnswer.objects.select_for_update()
              .filter(proposal=proposal, state__in=[AnswerState.DRAFT, AnswerState.APPROVED])
              .first())
    if answer is None:
        created: ProposalAnswer = audited_create(
            ProposalAnswer, organization=org, actor=acting_user,
            action=AuditAction.ANSWER_DRAFT,
            values={"proposal": proposal, "drafted_by": acting_user,
                    "drafted_at": timezone.now(), **values})
        return created
    values.update(state=AnswerState.DRAFT, reviewed_by=None, reviewed_at=None,
                  drafted_by=acting_user, drafted_at=timezone.now())
    audited_update(answer, organization=org, actor=acting_user,
                   action=AuditAction.ANSWER_UPDATE, values=values)
    return answer


def _locked_answer(answer: ProposalAnswer) -> ProposalAnswer:
    Proposal.objects.select_for_update().filter(pk=answer.proposal_id).first()
    return ProposalAnswer.objects.select_for_update().get(pk=answer.pk)


@transaction.atomic
def proposal_answer_approve(*, acting_user: User, answer: ProposalAnswer,
                            comment: str = "") -> ProposalAnswer:
    """A second official approves the draft (never the official who drafted it)."""
    proposal = answer.proposal
    _check_staff(acting_user, proposal)
    _check_answerable(proposal)
    locked = _locked_answer(answer)
    refusal = review_refusal(PROPOSAL_ANSWERS, locked, reviewer_pk=acting_user.pk)
    if refusal:
        raise ValidationError(refusal)
    audited_update(answer, organization=proposal.component.space.organization,
                   actor=acting_user, action=AuditAction.ANSWER_APPROVE,
                   values={"state": AnswerState.APPROVED, "reviewed_by": acting_user,
                           "reviewed_at": timezone.now(),
                           "review_comment": (comment or "").strip()})
    return answer


@transaction.atomic
def proposal_answer_send_back(*, acting_user: User, answer: ProposalAnswer,
                              comment: str) -> ProposalAnswer:
    """A second official sends the draft back to its drafter with a comment."""
    proposal = answer.proposal
    _check_staff(acting_user, proposal)
    locked = _locked_answer(answer)
    refusal = review_refusal(PROPOSAL_ANSWERS, locked, reviewer_pk=acting_user.pk)
    if refusal:
        raise ValidationError(refusal)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what should change.")})
    audited_update(answer, organization=proposal.component.space.organization,
                   actor=acting_user, action=AuditAction.ANSWER_SEND_BACK,
                   values={"review_comment": comment})
    return answer


@transaction.atomic
def proposal_answer_publish(*, acting_user: User, answer: ProposalAnswer) -> ProposalAnswer:
    """Publish an approved answer: it becomes the proposal's current answer, the journal
    tells it (and the commitment, for "integrated"), the author and followers hear of it."""
    proposal = answer.proposal
    _check_staff(acting_user, proposal)
    _check_answerable(proposal)
    locked = _locked_answer(answer)
    if locked.state != AnswerState.APPROVED:
        raise ValidationError(_("Only an answer approved by a second official can be "
                                "published."))
    component = proposal.component
    org = component.space.organization
    now = timezone.now()
    label = outcome_label(component, locked.outcome)
    lines = [proposal_line(proposal, ProposalJournalAction.PROPOSAL_ANSWERED,
                           outcome=in_languages(label, org.languages))]
    audited_update(answer, organization=org, actor=acting_user,
                   action=ProposalAction.PROPOSAL_ANSWER_PUBLISH,
                   values={"state": AnswerState.PUBLISHED, "published_at": now},
                   public=lines, notice=Notice(event="proposal.answered", target=proposal))
    if locked.outcome == Outcome.INTEGRATED:
        audited_update(
            proposal, organization=org, actor=acting_user,
            action=ProposalAction.PROPOSAL_COMMITMENT,
            values={"commitment_title": locked.commitment_title,
                    "commitment_url": locked.commitment_url, "updated_at": now},
            public=[proposal_line(proposal, ProposalJournalAction.PROPOSAL_COMMITMENT)],
            notice=Notice(event="proposal.commitment", target=proposal))
    return answer
