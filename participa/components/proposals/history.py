"""A proposal's public history, oldest first: built from the proposal itself, its published
answers and the public journal's lines about it (one query each)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.answers.models import AnswerState
from participa.components.proposals.actions import ProposalJournalAction
from participa.components.proposals.models import PROPOSAL_ANSWERS, Proposal, ProposalState
from participa.core.models import JournalEntry


@dataclass(frozen=True)
class Step:
    when: datetime.datetime | datetime.date | None
    text: str
    url: str = ""
    link_text: str = ""
    detail: str = ""


def _journal(proposal: Proposal) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(
        organization_id=proposal.component.space.organization_id,
        item_type=Proposal._meta.label_lower, item_id=str(proposal.pk),
        action__in=[ProposalJournalAction.PROPOSAL_THRESHOLD,
                    ProposalJournalAction.PROPOSAL_MERGED,
                    ProposalJournalAction.PROPOSAL_COMMITMENT]).order_by("created_at", "id"))


def proposal_history(proposal: Proposal, answers: list[Any]) -> list[Step]:
    """The steps of ``proposal``; ``answers`` are its published answers, oldest first."""
    steps: list[Step] = [Step(proposal.received_at, _("Received"))
                         if proposal.channel != "online"
                         else Step(proposal.created_at, _("Written"))]
    if proposal.published_at:
        steps.append(Step(proposal.published_at, _("Published")))
    journal = _journal(proposal)
    threshold_in_journal = False
    for entry in journal:
        if entry.action == ProposalJournalAction.PROPOSAL_THRESHOLD:
            threshold_in_journal = True
            steps.append(Step(entry.created_at, _("Reached the support threshold")))
        elif entry.action == ProposalJournalAction.PROPOSAL_MERGED:
            steps.append(Step(entry.created_at, _("A duplicate was merged into it")))
        elif entry.action == ProposalJournalAction.PROPOSAL_COMMITMENT:
            steps.append(Step(entry.created_at, _("Linked to a commitment of the action plan")))
    if proposal.threshold_reached_at and not threshold_in_journal:
        steps.append(Step(proposal.threshold_reached_at, _("Reached the support threshold")))
    if proposal.answer_due_on and not answers:
        steps.append(Step(proposal.answer_due_on, _("The city must answer by this date")))
    for answer in answers:
        steps.append(Step(answer.published_at, _("Answered: %(outcome)s") % {
            "outcome": PROPOSAL_ANSWERS.outcome_label(answer.outcome)}))
    if proposal.split_from_id and proposal.split_from is not None:
        steps.append(Step(proposal.created_at, _("Split from"),
                          url=proposal.split_from.get_absolute_url(),
                          link_text=_("No. %(number)s") % {
                              "number": proposal.split_from.number}))
    if proposal.state == ProposalState.WITHDRAWN and proposal.withdrawn_at:
        steps.append(Step(proposal.withdrawn_at, _("Withdrawn by its author")))
    if (proposal.state == ProposalState.MERGED and proposal.merged_at
            and proposal.merged_into is not None):
        steps.append(Step(proposal.merged_at, _("Merged into"),
                          url=proposal.merged_into.get_absolute_url(),
                          link_text=_("No. %(number)s") % {
                              "number": proposal.merged_into.number}))
    if proposal.commitment_title:
        steps.append(Step(proposal.updated_at, _("Commitment:"), url=proposal.commitment_url,
                          link_text=proposal.commitment_title))

    def key(step: Step) -> datetime.datetime:
        when = step.when
        if when is None:
            return datetime.datetime.max.replace(tzinfo=datetime.UTC)
        if isinstance(when, datetime.datetime):
            return when
        return datetime.datetime.combine(when, datetime.time.max, tzinfo=datetime.UTC)

    if proposal.supports_count:
        steps.append(Step(None, ngettext(
            "Supported once so far", "Supported %(count)s times so far",
            proposal.supports_count) % {"count": proposal.supports_count}))
    steps.sort(key=key)
    return steps


def published_answers(proposal: Proposal) -> list[Any]:
    """The proposal's published answers, oldest first: one query, kept on the loaded
    ``proposal`` so that the page's parts (its state line, history, answer box) share it."""
    cached: list[Any] | None = proposal.__dict__.get("_published_answers")
    if cached is None:
        cached = list(proposal.answers.filter(state=AnswerState.PUBLISHED)
                      .order_by("published_at", "id"))
        proposal.__dict__["_published_answers"] = cached
    return cached
