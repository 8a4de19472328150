"""Reads of the formal review and of appeals: the staff review queue (filtered, paginated, in
a fixed number of queries), what a project's page shows of its review, and the public list of
an edition's appeals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from participa.components.budgets import permissions_review as review_permissions
from participa.components.budgets.models import Project, ProjectState
from participa.components.budgets.models_review import (
    Appeal,
    Assessment,
    AssessmentAnswer,
    CorrectionRequest,
)
from participa.core.models import Area
from participa.spaces.models import Component


def review_queue(component: Component, *, state: str = "",
                 department: Area | None = None) -> QuerySet[Project]:
    """The submitted projects of ``component`` with their assessment (department, reviewer),
    the deadline of an open correction request and the pending appeal, in one query."""
    open_correction = CorrectionRequest.objects.filter(
        project=OuterRef("pk"), answered_at__isnull=True).order_by("-created_at")
    pending = Appeal.objects.filter(project=OuterRef("pk"), outcome="")
    rows = (Project.objects.filter(component=component).exclude(state=ProjectState.DRAFT)
            .select_related("component__space", "pool", "assessment__department",
                            "assessment__reviewer")
            .annotate(correction_deadline=Subquery(open_correction.values("deadline")[:1]),
                      pending_appeal_id=Subquery(pending.values("pk")[:1]))
            .order_by("number"))
    if state:
        rows = rows.filter(state=state)
    if department is not None:
        rows = rows.filter(assessment__department=department)
    return rows


def assessment_of(project: Project) -> Assessment | None:
    return (Assessment.objects.filter(project=project)
            .select_related("department", "reviewer").first())


@dataclass(frozen=True)
class ProjectReview:
    """What a project's page shows of its review."""

    assessment: Assessment | None  # published only
    answers: list[AssessmentAnswer]
    correction: CorrectionRequest | None  # authors only
    correction_late: bool
    appeal: Appeal | None
    can_appeal: bool
    appeal_closes_on: datetime.date | None
    appeal_days_left: int
    may_consent_to_merge: bool  # its author, while it is under review


def project_review(user: Any, project: Project, *, is_author: bool) -> ProjectReview:
    """The published assessment, the open correction request (for its authors), the appeal and
    whether ``user`` may file one now, with the days left."""
    assessment = Assessment.objects.filter(project=project,
                                           published_at__isnull=False).first()
    answers: list[AssessmentAnswer] = []
    closes_on = None
    days_left = 0
    org = project.component.space.organization
    if assessment is not None:
        assessment.project = project
        answers = list(assessment.answers.select_related("item"))
        closes_on = review_permissions.appeal_window_closes_on(assessment)
        if closes_on is not None:
            days_left = (closes_on - review_permissions.org_today(org)).days + 1
    correction = None
    if is_author and project.state == ProjectState.CORRECTION_REQUESTED:
        correction = CorrectionRequest.objects.filter(project=project,
                                                      answered_at__isnull=True).first()
    appeal = Appeal.objects.filter(project=project).first()
    can_appeal = review_permissions.can_appeal_project(user, project)
    return ProjectReview(
        assessment=assessment, answers=answers, correction=correction,
        correction_late=bool(correction
                             and review_permissions.org_today(org) > correction.deadline),
        appeal=appeal, can_appeal=can_appeal, appeal_closes_on=closes_on,
        appeal_days_left=max(days_left, 0),
        may_consent_to_merge=bool(getattr(user, "is_authenticated", False)
                                  and project.author_id == user.pk
                                  and project.state in review_permissions.REVIEWABLE))


def appeals_public(component: Component) -> QuerySet[Appeal]:
    """The appeals of ``component``'s edition, in the order filed (the public list and the
    edition's report)."""
    return (Appeal.objects.filter(project__component=component)
            .select_related("project").order_by("filed_at", "id"))


def merge_candidates(project: Project) -> QuerySet[Project]:
    """The other projects of the edition ``project`` may be merged with (under review)."""
    return (Project.objects.filter(component_id=project.component_id,
                                   state__in=review_permissions.REVIEWABLE)
            .exclude(pk=project.pk).order_by("number"))
