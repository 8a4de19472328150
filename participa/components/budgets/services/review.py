"""The formal and substantive review of budget projects: the assessment (a draft, then
published), the request to correct a project and the authors' correction, and the merge of two
projects with both authors' consent. Every write keyword-only, atomic, audited, with the
project's row locked (``select_for_update``); each moves the project from one state to the
next:

    submitted → in_review (assessment_save) → correction_requested (correction_request)
    → in_review (project_correct) → admitted | not_admitted (assessment_publish)
    any state under review → merged (merge_projects, the absorbed project)

A published assessment is a legal record: it no longer changes (an appeal decides on it).
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.budgets import permissions
from participa.components.budgets import permissions_review as review_permissions
from participa.components.budgets.actions import BudgetAction, BudgetJournalAction
from participa.components.budgets.models import ChecklistItem, Project, ProjectState
from participa.components.budgets.models_review import (
    Assessment,
    AssessmentAnswer,
    CorrectionRequest,
    MergeConsent,
    Outcome,
    Verdict,
)
from participa.components.budgets.services import projects as project_services
from participa.core.audit import Notice, audited_create, audited_update
from participa.core.models import Area, User

# What the reviewer writes on an assessment (its answers to the checklist apart).
ASSESSMENT_FIELDS = frozenset({
    "legality", "legality_note", "feasibility", "feasibility_note", "formal_compliance",
    "formal_compliance_note", "corrected_cost", "cost_reason", "outcome", "justification"})


def _org(project: Project) -> Any:
    return project.component.space.organization


def _lock(project: Project) -> Project:
    """The project's row, locked until the transaction ends (its component kept)."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    locked.component = project.component
    return locked


def _raise(refusal: ValidationError | None) -> None:
    if refusal is not None:
        raise refusal


def _authors(project: Project) -> tuple[int, ...]:
    ids = [project.author_id, *project.coauthors.values_list("pk", flat=True)]
    return tuple(pk for pk in dict.fromkeys(ids) if pk is not None)


def open_correction(project: Project) -> CorrectionRequest | None:
    """The correction the authors were asked for and have not made yet."""
    return CorrectionRequest.objects.filter(project=project, answered_at__isnull=True).first()


def _clean_assessment(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(values) - ASSESSMENT_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of an assessment: {', '.join(unknown)}")
    cleaned: dict[str, Any] = {name: (value.strip() if isinstance(value, str) else value)
               for name, value in values.items()}
    errors: dict[str, str] = {}
    for name in ("legality", "feasibility", "formal_compliance"):
        if cleaned.get(name, "") not in ("", *Verdict.values):
            errors[name] = _("Choose yes, no or yes with conditions.")
    if cleaned.get("outcome", "") not in ("", *Outcome.values):
        errors["outcome"] = _("Choose the outcome.")
    cost = cleaned.get("corrected_cost")
    if cost is not None:
        if cost < 0:
            errors["corrected_cost"] = _("The corrected cost cannot be negative.")
        elif not cleaned.get("cost_reason"):
            errors["cost_reason"] = _("Say why the cost is corrected.")
    if cleaned.get("outcome") == Outcome.NOT_ADMITTED and not cleaned.get("justification"):
        errors["justification"] = _("Justify why the project is not admitted to the vote.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_answers(project: Project, answers: Mapping[int, tuple[bool, str]]
                   ) -> dict[int, ChecklistItem]:
    edition = permissions.edition_of(project.component)
    items = {item.pk: item for item in ChecklistItem.objects.filter(edition=edition)}
    unknown = sorted(set(answers) - set(items))
    if unknown:
        raise ValidationError(_("Answer the points of this edition's checklist only."),
                              code="checklist")
    return items


@transaction.atomic
def assessment_save(*, acting_user: User, project: Project, department: Area,
                    values: Mapping[str, Any],
                    answers: Mapping[int, tuple[bool, str]]) -> Assessment:
    """Save the draft assessment of ``project`` (created by its first save, which puts the
    project in review). ``answers``: {checklist item id: (met, note)}. The reviewer is the
    official who saved it last."""
    locked = _lock(project)
    _raise(review_permissions.review_refusal(acting_user, locked, department))
    assessment = Assessment.objects.select_for_update().filter(project=locked).first()
    if assessment is not None and assessment.is_published:
        raise ValidationError(_("The assessment is published: it no longer changes."),
                              code="published")
    cleaned = _clean_assessment(values)
    items = _clean_answers(locked, answers)
    org = _org(locked)
    now = timezone.now()
    if assessment is None:
        assessment = audited_create(
            Assessment, organization=org, actor=acting_user,
            action=BudgetAction.ASSESSMENT_SAVE,
            values={"project": locked, "reviewer": acting_user, "department": department,
                    **cleaned})
    else:
        audited_update(assessment, organization=org, actor=acting_user,
                       action=BudgetAction.ASSESSMENT_SAVE,
                       values={"reviewer": acting_user, "updated_at": now, **cleaned})
    existing = {answer.item_id: answer for answer in assessment.answers.all()}
    for item_id, (passed, note) in answers.items():
        values = {"passed": bool(passed), "note": (note or "").strip()}
        answer = existing.get(item_id)
        if answer is None:
            audited_create(AssessmentAnswer, organization=org, actor=acting_user,
                           action=BudgetAction.ASSESSMENT_SAVE,
                           values={"assessment": assessment, "item": items[item_id], **values})
        else:
            audited_update(answer, organization=org, actor=acting_user,
                           action=BudgetAction.ASSESSMENT_SAVE, values=values)
    if locked.state == ProjectState.SUBMITTED:
        audited_update(locked, organization=org, actor=acting_user,
                       action=BudgetAction.ASSESSMENT_SAVE,
                       values={"state": ProjectState.IN_REVIEW, "updated_at": now})
    project.state = locked.state
    return assessment


def correction_deadline(project: Project) -> datetime.date:
    """The default day by which the authors correct a project: today (organization's time
    zone) plus the edition's days to correct, at the latest the last day of the review."""
    edition = permissions.edition_of(project.component)
    days = edition.correction_days if edition is not None else 7
    deadline = review_permissions.org_today(_org(project)) + datetime.timedelta(days=days)
    if edition is not None:
        deadline = min(deadline, edition.review_ends_on)
    return deadline


@transaction.atomic
def correction_request(*, acting_user: User, project: Project, message: str,
                       deadline: datetime.date | None = None) -> CorrectionRequest:
    """Ask the authors to correct ``project`` by ``deadline`` (default: the edition's days to
    correct); they are notified with the deadline. The assessment is started first (it names
    the department whose officials may ask)."""
    locked = _lock(project)
    assessment = Assessment.objects.filter(project=locked).first()
    if assessment is None:
        raise ValidationError(_("Start the assessment first: it names the department "
                                "responsible for the project."), code="missing")
    _raise(review_permissions.review_refusal(acting_user, locked, assessment.department))
    if assessment.is_published:
        raise ValidationError(_("The assessment is published: it no longer changes."),
                              code="published")
    message = (message or "").strip()
    errors: dict[str, str] = {}
    if not message:
        errors["message"] = _("Say what the authors should correct.")
    deadline = deadline or correction_deadline(locked)
    edition = permissions.edition_of(locked.component)
    if deadline < review_permissions.org_today(_org(locked)):
        errors["deadline"] = _("The deadline cannot be in the past.")
    elif edition is not None and deadline > edition.review_ends_on:
        errors["deadline"] = _("The deadline must fall within the formal review, which ends "
                               "on %(day)s.") % {"day": review_permissions.day_text(
                                   edition.review_ends_on)}
    if errors:
        raise ValidationError(errors)
    if open_correction(locked) is not None:
        raise ValidationError(_("The authors were already asked for a correction they have not "
                                "made yet."), code="open")
    org = _org(locked)
    request: CorrectionRequest = audited_create(
        CorrectionRequest, organization=org, actor=acting_user,
        action=BudgetAction.CORRECTION_REQUEST,
        values={"project": locked, "requested_by": acting_user, "message": message,
                "deadline": deadline},
        notice=Notice("budget_project.correction_requested", locked,
                      extra={"deadline": deadline.isoformat()}, also=_authors(locked),
                      followers=False))
    audited_update(locked, organization=org, actor=acting_user,
                   action=BudgetAction.CORRECTION_REQUEST,
                   values={"state": ProjectState.CORRECTION_REQUESTED,
                           "updated_at": timezone.now()})
    project.state = locked.state
    return request


@transaction.atomic
def project_correct(*, acting_user: User, project: Project, data: Mapping[str, Any],
                    cost_items: Sequence[tuple[str, Decimal]]) -> Project:
    """The authors correct their project as asked, by the deadline: the same checks as at
    submission (pool limits included), the public text redacted again, the project back in
    review."""
    locked = _lock(project)
    if not permissions.is_author(acting_user, locked):
        raise ValidationError(_("Only its authors can correct a project."), code="author")
    request = open_correction(locked)
    if locked.state != ProjectState.CORRECTION_REQUESTED or request is None:
        raise ValidationError(_("No correction of this project was asked for."),
                              code="state")
    if review_permissions.org_today(_org(locked)) > request.deadline:
        raise ValidationError(_("The deadline to correct the project has passed."),
                              code="late")
    values = project_services._checked(data)
    items = project_services.cost_items_clean(cost_items)
    if not items:
        raise ValidationError({"cost_items": _("Break the cost of the project into at least "
                                               "one cost item.")}, code="no_cost")
    cost = sum((amount for _description, amount in items), Decimal(0))
    candidate = copy.copy(locked)
    for name, value in values.items():
        setattr(candidate, name, value)
    project_services._check(candidate, acting_user, cost)
    project_services._replace_cost_items(locked, items)
    now = timezone.now()
    org = _org(locked)
    for name, value in values.items():
        setattr(locked, name, value)
    audited_update(locked, organization=org, actor=acting_user,
                   action=BudgetAction.PROJECT_CORRECT,
                   values={**values, "cost": cost, "state": ProjectState.IN_REVIEW,
                           "updated_at": now, **project_services.redact(locked)})
    audited_update(request, organization=org, actor=acting_user,
                   action=BudgetAction.PROJECT_CORRECT, values={"answered_at": now})
    return locked


def publication_problems(assessment: Assessment) -> list[str]:
    """What is missing before ``assessment`` may be published (empty: nothing)."""
    problems: list[str] = []
    if not assessment.legality:
        problems.append(_("Say whether the project is legal."))
    if not assessment.feasibility:
        problems.append(_("Say whether the project is technically feasible."))
    if not assessment.formal_compliance:
        problems.append(_("Say whether the project meets the formal requirements."))
    if not assessment.outcome:
        problems.append(_("Choose the outcome."))
    edition = permissions.edition_of(assessment.project.component)
    answered = set(assessment.answers.values_list("item_id", flat=True))
    missing = ChecklistItem.objects.filter(edition=edition).exclude(pk__in=answered).count()
    if missing:
        problems.append(_("Answer every point of the checklist."))
    return problems


@transaction.atomic
def assessment_publish(*, acting_user: User, project: Project) -> Assessment:
    """Publish the assessment: the project is admitted to the vote or not, a corrected cost is
    applied to the project with its reason, the authors are notified and the journal says
    it."""
    locked = _lock(project)
    assessment = Assessment.objects.select_for_update().filter(project=locked).first()
    if assessment is None:
        raise ValidationError(_("Assess the project before publishing the assessment."),
                              code="missing")
    _raise(review_permissions.review_refusal(acting_user, locked, assessment.department))
    if assessment.is_published:
        raise ValidationError(_("The assessment is already published."), code="published")
    org = _org(locked)
    request = open_correction(locked)
    if request is not None and review_permissions.org_today(org) <= request.deadline:
        raise ValidationError(_("The authors may correct the project until %(day)s: publish "
                                "the assessment after that.")
                              % {"day": review_permissions.day_text(request.deadline)},
                              code="correcting")
    assessment.project = locked
    problems = publication_problems(assessment)
    if problems:
        raise ValidationError(problems, code="incomplete")
    now = timezone.now()
    admitted = assessment.outcome == Outcome.ADMITTED
    audited_update(assessment, organization=org, actor=acting_user,
                   action=BudgetAction.ASSESSMENT_PUBLISH,
                   values={"published_at": now, "published_by": acting_user,
                           "updated_at": now})
    values: dict[str, Any] = {
        "state": ProjectState.ADMITTED if admitted else ProjectState.NOT_ADMITTED,
        "updated_at": now}
    if assessment.corrected_cost is not None:
        values.update(corrected_cost=assessment.corrected_cost,
                      corrected_cost_reason=assessment.cost_reason)
    action = (BudgetJournalAction.PROJECT_ADMITTED if admitted
              else BudgetJournalAction.PROJECT_NOT_ADMITTED)
    audited_update(locked, organization=org, actor=acting_user,
                   action=BudgetAction.ASSESSMENT_PUBLISH, values=values,
                   public=[project_services.project_line(locked, action)],
                   notice=Notice("budget_project.assessed", locked, also=_authors(locked)))
    project.state = locked.state
    return assessment


# --- merging two projects -------------------------------------------------------------------


def _pair(project: Project, other: Project) -> Any:
    return (MergeConsent.objects.filter(project=project, other=other)
            | MergeConsent.objects.filter(project=other, other=project))


def merge_consented(first: Project, second: Project) -> bool:
    """Whether the authors of both projects consented to merge them."""
    consents = set(_pair(first, second).values_list("author_id", flat=True))
    return first.author_id in consents and second.author_id in consents


def _check_mergeable(project: Project, other: Project) -> None:
    if project.pk == other.pk or project.component_id != other.component_id:
        raise ValidationError(_("Choose another project of the same participatory budget."),
                              code="other")
    for candidate in (project, other):
        if candidate.state not in review_permissions.REVIEWABLE:
            raise ValidationError(_("Only projects under review can be merged."),
                                  code="state")


@transaction.atomic
def merge_consent(*, acting_user: User, project: Project, other: Project) -> MergeConsent:
    """The author of ``project`` consents to merge it with ``other``."""
    locked = _lock(project)
    if acting_user.pk is None or locked.author_id != acting_user.pk:
        raise ValidationError(_("Only the author of the project can consent to merge it."),
                              code="author")
    _check_mergeable(locked, other)
    existing = MergeConsent.objects.filter(project=locked, other=other,
                                           author=acting_user).first()
    if existing is not None:
        return existing
    consent: MergeConsent = audited_create(
        MergeConsent, organization=_org(locked), actor=acting_user,
        action=BudgetAction.MERGE_CONSENT,
        values={"project": locked, "other": other, "author": acting_user})
    return consent


@transaction.atomic
def merge_projects(*, acting_user: User, project: Project, absorbed: Project) -> Project:
    """Merge ``absorbed`` into ``project`` once the authors of both consented: the absorbed
    project is marked merged and linked to the kept one, whose co-authors its authors
    become."""
    first, second = sorted([project, absorbed], key=lambda row: row.pk)
    _lock(first)
    _lock(second)
    kept = _lock(project)
    merged = _lock(absorbed)
    department = getattr(Assessment.objects.filter(project=kept).first(), "department", None)
    org = _org(kept)
    if department is None and not review_permissions.is_reviewer_staff(acting_user, org):
        raise ValidationError(_("Only an official can merge projects."), code="staff")
    if department is not None:
        _raise(review_permissions.department_refusal(acting_user, kept, department))
    _check_mergeable(kept, merged)
    if not merge_consented(kept, merged):
        raise ValidationError(_("Both authors must consent before their projects are "
                                "merged."), code="consent")
    now = timezone.now()
    audited_update(merged, organization=org, actor=acting_user,
                   action=BudgetAction.PROJECT_MERGE,
                   values={"state": ProjectState.MERGED, "merged_into": kept,
                           "updated_at": now})
    joining = [pk for pk in _authors(merged) if pk != kept.author_id]
    kept.coauthors.add(*joining)
    audited_update(kept, organization=org, actor=acting_user,
                   action=BudgetAction.PROJECT_MERGE, values={"updated_at": now},
                   public=[project_services.project_line(
                       kept, BudgetJournalAction.PROJECTS_MERGED,
                       absorbed=str(merged.number))])
    absorbed.state, absorbed.merged_into = merged.state, kept
    return kept
