"""Appeals against the exclusion of a project from the vote, and what the voting service asks
before voting opens.

- ``appeal_file``: the author of a project not admitted appeals, within the edition's days to
  appeal counted from the day the assessment was published (organization's time zone); the
  project becomes *appealed*.
- ``appeal_decide``: an official other than the reviewer decides within the edition's days to
  decide; upheld → the project is admitted to the vote, dismissed → it stays not admitted.
  The decision and its reasons are public at once.
- ``pending_appeals(edition)`` and ``voting_may_open(edition)``: the voting service refuses to
  open voting while ``voting_may_open`` lists a problem (an appeal pending among them).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.budgets import permissions_review as review_permissions
from participa.components.budgets.actions import BudgetAction, BudgetJournalAction
from participa.components.budgets.models import Edition, Project, ProjectState
from participa.components.budgets.models_review import Appeal, AppealOutcome, Assessment
from participa.components.budgets.services.projects import project_line
from participa.core.audit import Notice, audited_create, audited_update
from participa.core.models import User

__all__ = ["appeal_decide", "appeal_file", "pending_appeals", "voting_may_open"]


def _org(project: Project) -> Any:
    return project.component.space.organization


def _lock(project: Project) -> Project:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    locked.component = project.component
    return locked


@transaction.atomic
def appeal_file(*, acting_user: User, project: Project, reason: str) -> Appeal:
    """The author appeals the exclusion of ``project`` from the vote."""
    locked = _lock(project)
    refusal = review_permissions.appeal_refusal(acting_user, locked)
    if refusal is not None:
        raise refusal
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the project should be admitted to the "
                                           "vote.")}, code="reason")
    assessment = Assessment.objects.get(project=locked)
    assessment.project = locked
    edition = Edition.objects.get(component=locked.component)
    org = _org(locked)
    now = timezone.now()
    closes_on = review_permissions.appeal_window_closes_on(assessment)
    assert closes_on is not None  # appeal_refusal checked the assessment is published
    appeal: Appeal = audited_create(
        Appeal, organization=org, actor=acting_user, action=BudgetAction.APPEAL_FILE,
        values={"project": locked, "author": acting_user, "reason": reason, "filed_at": now,
                "window_closes_on": closes_on,
                "deadline": review_permissions.org_today(org, now)
                + datetime.timedelta(days=edition.appeal_decision_days)},
        public=[project_line(locked, BudgetJournalAction.APPEAL_FILED)])
    audited_update(locked, organization=org, actor=acting_user,
                   action=BudgetAction.APPEAL_FILE,
                   values={"state": ProjectState.APPEALED, "updated_at": now})
    project.state = locked.state
    return appeal


@transaction.atomic
def appeal_decide(*, acting_user: User, appeal: Appeal, outcome: str, reasons: str) -> Appeal:
    """Decide ``appeal``: upheld (the project is admitted to the vote) or dismissed, with the
    reasons; public at once, the author notified."""
    locked = _lock(appeal.project)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    appeal.project = locked
    refusal = review_permissions.decision_refusal(acting_user, appeal)
    if refusal is not None:
        raise refusal
    reasons = (reasons or "").strip()
    errors: dict[str, str] = {}
    if outcome not in AppealOutcome.values:
        errors["outcome"] = _("Choose the decision.")
    if not reasons:
        errors["reasons"] = _("Give the reasons for the decision.")
    if errors:
        raise ValidationError(errors)
    org = _org(locked)
    now = timezone.now()
    upheld = outcome == AppealOutcome.UPHELD
    audited_update(appeal, organization=org, actor=acting_user,
                   action=BudgetAction.APPEAL_DECIDE,
                   values={"outcome": outcome, "reasons": reasons, "decided_by": acting_user,
                           "decided_at": now, "published_at": now})
    audited_update(
        locked, organization=org, actor=acting_user, action=BudgetAction.APPEAL_DECIDE,
        values={"state": ProjectState.ADMITTED if upheld else ProjectState.NOT_ADMITTED,
                "updated_at": now},
        public=[project_line(locked, BudgetJournalAction.APPEAL_UPHELD if upheld
                             else BudgetJournalAction.APPEAL_DISMISSED)],
        notice=Notice("budget_project.appeal_decided", locked,
                      also=(locked.author_id,) if locked.author_id else ()))
    return appeal


def pending_appeals(edition: Edition) -> QuerySet[Appeal]:
    """The appeals of ``edition`` not decided yet, oldest first (an appeal of a project its
    authors withdrew no longer waits for a decision)."""
    return (Appeal.objects.filter(project__component_id=edition.component_id, outcome="")
            .exclude(project__state=ProjectState.WITHDRAWN)
            .select_related("project").order_by("filed_at", "id"))


def voting_may_open(edition: Edition) -> list[str]:
    """Why voting of ``edition`` may not open yet (empty: it may): projects still under
    review, exclusions that may still be appealed, appeals pending. The voting service calls
    it before opening the vote."""
    problems: list[str] = []
    projects = Project.objects.filter(component_id=edition.component_id)
    in_review = projects.filter(state__in=review_permissions.REVIEWABLE).count()
    if in_review:
        problems.append(ngettext("%(count)d project is still under review.",
                                 "%(count)d projects are still under review.", in_review)
                        % {"count": in_review})
    org = edition.component.space.organization
    today = review_permissions.org_today(org)
    appealable = 0
    for assessment in Assessment.objects.filter(
            project__in=projects.filter(state=ProjectState.NOT_ADMITTED),
            published_at__isnull=False).select_related("project__component"):
        assert assessment.published_at is not None
        closes_on = (review_permissions.org_day(org, assessment.published_at)
                     + datetime.timedelta(days=edition.appeal_days))
        if today <= closes_on and not Appeal.objects.filter(
                project_id=assessment.project_id).exists():
            appealable += 1
    if appealable:
        problems.append(ngettext(
            "%(count)d project not admitted may still be appealed.",
            "%(count)d projects not admitted may still be appealed.", appealable)
            % {"count": appealable})
    pending = pending_appeals(edition).count()
    if pending:
        problems.append(ngettext("%(count)d appeal pending.", "%(count)d appeals pending.",
                                 pending) % {"count": pending})
    return problems
