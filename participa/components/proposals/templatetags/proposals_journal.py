"""Template filters of the journal of proposals."""

from __future__ import annotations

from typing import Any

from django import template

from participa.components.proposals import public_journal
from participa.components.proposals.models import PROPOSAL_ANSWERS

register = template.Library()


@register.filter
def author_as_published(proposal: Any) -> str:
    return public_journal.author_as_published(proposal)


@register.filter
def proposal_outcome_label(outcome: str) -> str:
    return str(PROPOSAL_ANSWERS.outcome_label(outcome))
