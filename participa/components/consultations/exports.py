"""Open data of the consultations component: consultations, and contributions with answers.

Only what anybody can read: the component and its space published, the space public, the
consultations announced. Contributions appear only when public (published choice, redaction
approved) with their redacted text and the author as published; answers only when published.
Never an e-mail address, a legal name, the original text or a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from participa.components.consultations.models import (
    AnswerState,
    Consultation,
    ConsultationState,
    Contribution,
)
from participa.components.consultations.report_data import author_shown, public_contributions_q
from participa.spaces.models import Component, Visibility


def _is_open_data(component: Component) -> bool:
    space = component.space
    return bool(component.is_published and space.is_published
                and space.visibility == Visibility.PUBLIC)


def _consultations(component: Component) -> Any:
    return Consultation.objects.filter(component=component).exclude(
        state=ConsultationState.DRAFT)


def consultation_rows(component: Component) -> list[dict[str, Any]]:
    if not _is_open_data(component):
        return []
    languages = list(component.space.organization.languages or [])
    public = public_contributions_q()
    rows: list[dict[str, Any]] = []
    consultations = _consultations(component).with_status().annotate(
        contributions_count=Count("contributions", distinct=True),
        published_count=Count("contributions", filter=Q(
            contributions__in=Contribution.objects.filter(public)), distinct=True),
    ).order_by("pk")
    for consultation in consultations:
        row: dict[str, Any] = {"id": consultation.pk, "slug": consultation.slug,
                               "space": component.space.slug, "component_id": component.pk}
        for code in languages:
            row[f"title_{code}"] = (consultation.title or {}).get(code, "")
        row.update({
            "status": consultation.status(),
            "legal_profile": consultation.legal_profile,
            "announced_on": consultation.announced_on,
            "opens_on": consultation.opens_on,
            "closes_on": consultation.closes_on,
            "adoption_on": consultation.adoption_on,
            "urgency": consultation.urgency,
            "contributions": consultation.contributions_count,
            "contributions_published": consultation.published_count,
            "answers_published_at": consultation.answers_published_at,
            "report_published_at": consultation.report_published_at,
            "adopted": consultation.adopted,
        })
        rows.append(row)
    return rows


def _contributions(component: Component) -> Iterator[Contribution]:
    return (Contribution.objects
            .filter(public_contributions_q(), consultation__in=_consultations(component))
            .select_related("consultation", "article", "group", "author", "answer",
                            "campaign__answer")
            .order_by("consultation_id", "number").iterator(chunk_size=1000))


def _published_answer(contribution: Contribution) -> Any:
    for owner, name in ((contribution.campaign, "answer"), (contribution, "answer")):
        if owner is None:
            continue
        answer = getattr(owner, name, None) if hasattr(owner, name) else None
        if answer is not None and answer.state == AnswerState.PUBLISHED:
            return answer
    return None


def contribution_rows(component: Component) -> list[dict[str, Any]]:
    if not _is_open_data(component):
        return []
    rows: list[dict[str, Any]] = []
    for contribution in _contributions(component):
        answer = _published_answer(contribution)
        rows.append({
            "consultation_id": contribution.consultation_id,
            "consultation": contribution.consultation.slug,
            "number": contribution.number,
            "article": contribution.article.key if contribution.article else "",
            "article_number": contribution.article.number if contribution.article else "",
            "type": contribution.type,
            "channel": contribution.channel,
            "received_on": timezone.localtime(contribution.received_at).date(),
            "late": contribution.is_late,
            "author": author_shown(contribution),
            "campaign_id": contribution.campaign_id,
            "text": contribution.body_redacted,
            "outcome": answer.outcome if answer else "",
            "justification": answer.justification if answer else "",
            "answered_at": answer.published_at if answer else None,
        })
    return rows
