"""Exports of the proposals component.

- ``staff_rows``: everything staff need to write an answer report (staff only: it names the
  author and gives their e-mail address);
- ``open_data_rows``: the open-data rows, WITHOUT personal data. No name ever (neither the
  author's nor a group's: an offline sender never chose to be published, and one rule for
  every channel is the safe one), no e-mail, no note, no evaluator, only the redacted title
  and text, and only published answers. Drafts never appear; nothing at all for a component
  that is not public.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.proposals.models import Proposal, ProposalAnswer, ProposalState
from participa.components.proposals.services.answers import answer_policy_for
from participa.spaces.models import Component, Visibility

STAFF_COLUMNS = [
    "number", "registration", "state", "channel", "received_at", "published_at",
    "author_name", "author_email", "publication", "group", "title", "body", "district",
    "area", "category", "address", "supports", "threshold_reached_at", "answer_due_on",
    "department", "evaluator", "cost_estimate", "feasibility", "answer", "answer_outcome",
    "answered_at", "justification", "commitment_title", "commitment_url", "merged_into",
    "split_from",
]

OPEN_DATA_COLUMNS = [
    "number", "state", "channel", "received_on", "published_at", "title", "body",
    "district", "area", "category", "supports", "answer_due_on", "answer_outcome",
    "answered_at", "justification", "commitment_title", "commitment_url", "merged_into",
]


def _published_answers() -> Prefetch[Any]:
    return Prefetch("answers", to_attr="published_answers",
                    queryset=ProposalAnswer.objects.filter(state=AnswerState.PUBLISHED)
                    .order_by("published_at", "id"))


def _proposals(component: Component) -> Any:
    return (Proposal.objects.filter(component=component)
            .select_related("scope", "area", "category", "group", "department", "evaluator",
                            "author",
                            "merged_into", "split_from")
            .prefetch_related(_published_answers()).order_by("number"))


def _name(obj: Any) -> str:
    return str(obj) if obj is not None else ""


def _current(proposal: Proposal) -> ProposalAnswer | None:
    answers = getattr(proposal, "published_answers", [])
    return answers[-1] if answers else None


def staff_rows(component: Component) -> list[dict[str, Any]]:
    """Every proposal of ``component`` (drafts too) with its evaluation and current answer."""
    policy = answer_policy_for(component)
    rows: list[dict[str, Any]] = []
    for proposal in _proposals(component):
        proposal.component = component
        answer = _current(proposal)
        evaluator = proposal.evaluator
        rows.append({
            "number": proposal.number,
            "registration": proposal.registration_label,
            "state": proposal.state,
            "channel": proposal.channel,
            "received_at": timezone.localtime(proposal.received_at),
            "published_at": (timezone.localtime(proposal.published_at)
                             if proposal.published_at else None),
            "author_name": proposal.author_name,
            "author_email": proposal.author_email or (
                proposal.author.email if proposal.author is not None else ""),
            "publication": proposal.publication,
            "group": proposal.group.name if proposal.group else "",
            "title": proposal.title,
            "body": proposal.body,
            "district": _name(proposal.scope),
            "area": _name(proposal.area),
            "category": _name(proposal.category),
            "address": proposal.address,
            "supports": proposal.supports_count,
            "threshold_reached_at": (timezone.localtime(proposal.threshold_reached_at)
                                     if proposal.threshold_reached_at else None),
            "answer_due_on": proposal.answer_due_on,
            "department": _name(proposal.department),
            "evaluator": (evaluator.display_name or evaluator.get_full_name()
                          or evaluator.username) if evaluator else "",
            "cost_estimate": proposal.cost_estimate,
            "feasibility": proposal.feasibility,
            "answer": str(policy.outcome_label(answer.outcome)) if answer else "",
            "answer_outcome": answer.outcome if answer else "",
            "answered_at": timezone.localtime(answer.published_at) if answer else None,
            "justification": answer.justification if answer else "",
            "commitment_title": proposal.commitment_title,
            "commitment_url": proposal.commitment_url,
            "merged_into": proposal.merged_into.number if proposal.merged_into else None,
            "split_from": proposal.split_from.number if proposal.split_from else None,
        })
    return rows


def _is_open_data(component: Component) -> bool:
    space = component.space
    return bool(component.is_published and space.is_published
                and space.visibility == Visibility.PUBLIC)


def open_data_rows(component: Component) -> list[dict[str, Any]]:
    """Public proposals without personal data (see the module's docstring)."""
    if not _is_open_data(component):
        return []
    rows: list[dict[str, Any]] = []
    for proposal in _proposals(component).exclude(state=ProposalState.DRAFT):
        answer = _current(proposal)
        received: datetime.date = timezone.localtime(proposal.received_at).date()
        rows.append({
            "number": proposal.number,
            "state": proposal.state,
            "channel": proposal.channel,
            "received_on": received,
            "published_at": proposal.published_at,
            "title": proposal.title_public,
            "body": proposal.body_public,
            "district": _name(proposal.scope),
            "area": _name(proposal.area),
            "category": _name(proposal.category),
            "supports": proposal.supports_count,
            "answer_due_on": proposal.answer_due_on,
            "answer_outcome": answer.outcome if answer else "",
            "answered_at": answer.published_at if answer else None,
            "justification": answer.justification if answer else "",
            "commitment_title": proposal.commitment_title if answer else "",
            "commitment_url": proposal.commitment_url if answer else "",
            "merged_into": proposal.merged_into.number if proposal.merged_into else None,
        })
    return rows
