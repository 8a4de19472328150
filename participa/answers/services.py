"""The answer workflow every component shares: check a draft against the policy, the
four-eyes rule on review, publish all approved answers at once, and counts for reports.

The component's own services lock its items, check its permissions and call ``record()``
(one audit entry, one public journal line per published answer, notifications); the rules
here are the same for every item type, and the database constraints of ``answer_constraints``
back them.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from participa.answers.models import AnswerBase, AnswerState
from participa.answers.policy import AnswerPolicy


def answer_translations_clean(translations: Mapping[str, str] | None, *,
                              languages: Sequence[str], default: str) -> dict[str, str]:
    """The justification in the organization's other languages: stripped, empty ones and
    languages the organization does not use dropped."""
    return {language: text.strip() for language, text in (translations or {}).items()
            if language in languages and language != default and (text or "").strip()}


def answer_clean(policy: AnswerPolicy, *, outcome: str, justification: str) -> tuple[str, str]:
    """The outcome and the stripped justification, or a ValidationError naming the field."""
    if outcome not in policy.outcome_values:
        raise ValidationError({"outcome": str(policy.outcome_required_message
                                              or _("Choose the outcome of the answer."))})
    justification = (justification or "").strip()
    if policy.needs_justification(outcome) and not justification:
        raise ValidationError({"justification": str(
            policy.justification_required_message
            or _("Write the justification of this outcome."))})
    return outcome, justification


def review_refusal(policy: AnswerPolicy, answer: AnswerBase, *, reviewer_pk: Any) -> str | None:
    """Why ``reviewer`` may not review ``answer`` now (a sentence), or None."""
    if answer.state != AnswerState.DRAFT:
        return _("This answer is not waiting for review any more.")
    if policy.four_eyes and answer.drafted_by_id == reviewer_pk:
        return _("You drafted this answer: another official must review it.")
    return None


def answers_publish_approved(answers: QuerySet[Any], *, now: datetime.datetime
                             ) -> list[dict[str, Any]]:
    """Publish every approved answer of ``answers`` at once (the same time); drafts stay.

    Returns the published answers' ``pk`` and ``outcome`` (plus nothing personal), for one
    public journal line each. The caller holds the lock that makes this run once.
    """
    approved = answers.filter(state=AnswerState.APPROVED)
    published = list(approved.order_by("id").values("pk", "outcome"))
    if published:
        approved.update(state=AnswerState.PUBLISHED, published_at=now)
    return published


def answers_count_by(answers: QuerySet[Any]) -> dict[str, dict[str, int]]:
    """Answers by state and, for published ones, by outcome: ``{"state": {...},
    "outcome": {...}}`` with every state present (0 when none)."""
    by_state = {state: 0 for state in AnswerState.values}
    for row in answers.order_by().values("state").annotate(n=Count("pk")):
        by_state[row["state"]] = row["n"]
    by_outcome: dict[str, int] = {}
    for row in (answers.filter(state=AnswerState.PUBLISHED).order_by().values("outcome")
                .annotate(n=Count("pk"))):
        by_outcome[row["outcome"]] = row["n"]
    return {"state": by_state, "outcome": by_outcome}
