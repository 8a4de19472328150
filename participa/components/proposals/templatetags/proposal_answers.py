"""``{% proposal_answers proposal %}``: the public answer area of a proposal page — its
current answer (the latest published one) with its justification in the visitor's language
when an official translated it, the commitment it was integrated into, the history of every
published answer with its date, and where a merged proposal went."""

from __future__ import annotations

from typing import Any

from django import template

from participa.components.proposals.history import published_answers
from participa.components.proposals.models import Proposal, ProposalState
from participa.components.proposals.services.answers import answer_policy_for

register = template.Library()


@register.inclusion_tag("proposals/_answers_box.html")
def proposal_answers(proposal: Proposal) -> dict[str, Any]:
    """Two queries at most: the published answers, and the proposal it was merged into."""
    if not proposal.is_public:
        return {"proposal": proposal, "history": [], "current": None}
    labels = dict(answer_policy_for(proposal.component).outcomes)
    history = [{"answer": answer, "label": labels.get(answer.outcome, answer.outcome),
                "justification": answer.justification_in()}
               for answer in published_answers(proposal)]
    merged_into = None
    if proposal.state == ProposalState.MERGED and proposal.merged_into_id:
        merged_into = Proposal.objects.filter(pk=proposal.merged_into_id).only(
            "number", "component_id").first()
        if merged_into is not None:
            merged_into.component = proposal.component
    return {"proposal": proposal, "history": history,
            "current": history[-1] if history else None, "merged_into": merged_into}
