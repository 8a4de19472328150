"""Existing public proposals similar to the one being written, so that a duplicate is caught
before it is filed.

The texts are compared with the shared similarity library (``participa.lib.similarity``, the one
consultations use to find campaigns): both are normalised the same way (diacritics removed,
case folded, so "Pistă de biciclete" meets "pista de biciclete"). A proposal being typed is
short and unfinished, so the word-bigram Jaccard index alone would miss most duplicates; the
score here is the larger of that index and the share of the typed significant words (of 4
letters or more) that the existing proposal contains. One query, whatever the number of
proposals (the newest ``CANDIDATES`` are compared).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from participa.components.proposals.models import Proposal, ProposalState
from participa.lib.similarity import normalize, similarity
from participa.spaces.models import Component

LIMIT = 5
CANDIDATES = 2000
THRESHOLD = 0.5
# Fewer significant words typed than this: too early to compare.
MIN_WORDS = 2
MIN_WORD_LENGTH = 4


@dataclass(frozen=True)
class Similar:
    proposal: Proposal
    score: float


def _words(text: str) -> frozenset[str]:
    return frozenset(word for word in normalize(text).split() if len(word) >= MIN_WORD_LENGTH)


def score(typed: str, existing: str) -> float:
    """How close ``existing`` is to the ``typed`` text, in [0, 1]."""
    words = _words(typed)
    if len(words) < MIN_WORDS:
        return 0.0
    contained = len(words & _words(existing)) / len(words)
    return max(contained, similarity(typed, existing))


def similar_proposals(component: Component, text: str, *, exclude: Any = None,
                      limit: int = LIMIT) -> list[Similar]:
    """Up to ``limit`` published proposals of ``component`` similar to ``text``, closest
    first (public texts only; never drafts)."""
    if len(_words(text)) < MIN_WORDS:
        return []
    rows = (Proposal.objects.filter(component=component, state=ProposalState.PUBLISHED)
            .only("pk", "number", "title_public", "body_public", "component_id",
                  "supports_count", "published_at")
            .order_by("-published_at", "-id"))
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    found = []
    for proposal in rows[:CANDIDATES]:
        value = score(text, f"{proposal.title_public}\n{proposal.body_public}")
        if value >= THRESHOLD:
            proposal.component = component
            found.append(Similar(proposal, value))
    found.sort(key=lambda item: (-item.score, -item.proposal.pk))
    return found[:limit]
