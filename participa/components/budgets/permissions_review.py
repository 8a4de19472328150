"""Who may review budget projects and decide appeals, and when: role AND the edition's phase
AND the project's state.

- The review is done by the officials of the responsible department (a core ``Area``) and by
  administrators; an official of another department may not touch the assessment.
- An appeal is filed by the project's author only, within the appeal window counted in days of
  the organization's time zone from the day the assessment was published.
- An appeal is decided by an official or administrator OTHER than the reviewer of the
  assessment (and than the official who published it), within the edition's days to decide.

Each rule has a ``…_refusal`` returning the sentence that says why not (None: allowed); the
services raise it, the pages show it.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from participa.components.budgets.models import Project, ProjectState
from participa.components.budgets.models_review import Appeal, Assessment, CorrectionRequest
from participa.components.budgets.permissions import can_manage_budget, edition_of, is_author
from participa.components.budgets.phases import EditionPhase, edition_phase
from participa.core import permissions as core_permissions
from participa.core.models import Area, Organization
from participa.spaces.models import Component, Space
from participa.spaces.permissions import can_manage_space

# States in which a project is under review (an assessment may be saved and published).
REVIEWABLE = frozenset({ProjectState.SUBMITTED, ProjectState.IN_REVIEW,
                        ProjectState.CORRECTION_REQUESTED})


def org_today(org: Organization, now: datetime.datetime | None = None) -> datetime.date:
    """Today in the organization's time zone (whatever the active one)."""
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(org.time_zone)).date()


def org_day(org: Organization, moment: datetime.datetime) -> datetime.date:
    """The day of ``moment`` in the organization's time zone."""
    return moment.astimezone(zoneinfo.ZoneInfo(org.time_zone)).date()


def day_text(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def is_reviewer_staff(user: Any, org: Organization) -> bool:
    """Administrators and officials of any department of ``org``."""
    return core_permissions.is_admin(user, org) or bool(
        core_permissions.official_area_ids(user, org))


def can_review_budget(user: Any, component: Component) -> bool:
    """See the review queue of the component (and the staff pages of the review)."""
    org = component.space.organization
    return can_manage_budget(user, component) or is_reviewer_staff(user, org)


def can_review_space(user: Any, space: Space) -> bool:
    """The space-level half of :func:`can_review_budget` (for the staff view decorator)."""
    return can_manage_space(user, space) or is_reviewer_staff(user, space.organization)


def department_refusal(user: Any, project: Project,
                       department: Area | None) -> ValidationError | None:
    """Why ``user`` may not assess ``project`` for ``department`` (None: they may): an
    administrator, or an official of that department — the department of the project's
    assessment once one was saved."""
    org = project.component.space.organization
    assessment = Assessment.objects.filter(project=project).first()
    if assessment is not None:
        department = assessment.department
    if department is None or department.organization_id != org.pk:
        return ValidationError({"department": _("Choose the department responsible for the "
                                                "project.")}, code="department")
    if core_permissions.is_admin(user, org):
        return None
    if department.pk in core_permissions.official_area_ids(user, org):
        return None
    return ValidationError(_("Only the officials of the department responsible for the project "
                             "can review it."), code="department")


def review_refusal(user: Any, project: Project,
                   department: Area | None = None) -> ValidationError | None:
    """Why ``user`` may not review ``project`` now (save its assessment, ask for a correction,
    publish the assessment)."""
    edition = edition_of(project.component)
    if edition is None or edition_phase(edition) not in (EditionPhase.SUBMISSION,
                                                         EditionPhase.REVIEW):
        return ValidationError(_("Projects can be reviewed only until the formal review "
                                 "ends."), code="closed")
    if project.state not in REVIEWABLE:
        return ValidationError(_("This project is not under review."), code="state")
    return department_refusal(user, project, department)


def can_review_project(user: Any, project: Project) -> bool:
    """Whether ``user`` may review ``project`` now: for a project already assessed, an
    official of its department (or an administrator); before that, any official or
    administrator (the first save names the department)."""
    if Assessment.objects.filter(project=project).exists():
        return review_refusal(user, project) is None
    refusal = review_refusal(user, project, None)
    if refusal is None or refusal.code != "department":
        return refusal is None
    return is_reviewer_staff(user, project.component.space.organization)


def appeal_window_closes_on(assessment: Assessment) -> datetime.date | None:
    """The last day (organization's time zone) to appeal ``assessment`` (None: unpublished)."""
    if assessment.published_at is None:
        return None
    edition = edition_of(assessment.project.component)
    if edition is None:
        return None
    org = assessment.project.component.space.organization
    return org_day(org, assessment.published_at) + datetime.timedelta(days=edition.appeal_days)


def appeal_refusal(user: Any, project: Project,
                   now: datetime.datetime | None = None) -> ValidationError | None:
    """Why ``user`` may not appeal the exclusion of ``project`` now (None: they may)."""
    if not getattr(user, "is_authenticated", False) or project.author_id != user.pk:
        return ValidationError(_("Only the author of the project can appeal."),
                               code="author")
    if project.state != ProjectState.NOT_ADMITTED:
        return ValidationError(_("Only a project not admitted to the vote can be appealed."),
                               code="state")
    if Appeal.objects.filter(project=project).exists():
        return ValidationError(_("This project was already appealed: a project is appealed "
                                 "once."), code="once")
    assessment = Assessment.objects.filter(project=project).first()
    closes_on = appeal_window_closes_on(assessment) if assessment is not None else None
    org = project.component.space.organization
    if closes_on is None or org_today(org, now) > closes_on:
        return ValidationError(_("The time to appeal is over: it ended on %(day)s.")
                               % {"day": day_text(closes_on) if closes_on else "—"},
                               code="window")
    edition = edition_of(project.component)
    if edition is not None and (now or timezone.now()) >= edition.voting_opens_at:
        return ValidationError(_("Voting has opened: appeals are closed."), code="voting")
    return None


def can_appeal_project(user: Any, project: Project) -> bool:
    return appeal_refusal(user, project) is None


def decision_refusal(user: Any, appeal: Appeal,
                     now: datetime.datetime | None = None) -> ValidationError | None:
    """Why ``user`` may not decide ``appeal`` now (None: they may)."""
    project = appeal.project
    org = project.component.space.organization
    if not is_reviewer_staff(user, org):
        return ValidationError(_("Only an official can decide an appeal."), code="staff")
    assessment = Assessment.objects.filter(project=project).first()
    # Whoever asked the authors for a correction took part in the review too.
    if (assessment is not None and user.pk in (assessment.reviewer_id,
                                               assessment.published_by_id)) or (
            CorrectionRequest.objects.filter(project=project, requested_by=user).exists()):
        return ValidationError(_("You reviewed this project: an appeal is decided by another "
                                 "official."), code="reviewer")
    if appeal.author_id == user.pk:
        return ValidationError(_("You cannot decide your own appeal."), code="author")
    if is_author(user, project):
        return ValidationError(_("You cannot decide the appeal of your own project."),
                               code="author")
    if appeal.is_decided:
        return ValidationError(_("This appeal is already decided."), code="decided")
    if org_today(org, now) > appeal.deadline:
        return ValidationError(_("The time to decide this appeal ended on %(day)s.")
                               % {"day": day_text(appeal.deadline)}, code="late")
    return None


def can_decide_appeal(user: Any, appeal: Appeal) -> bool:
    return decision_refusal(user, appeal) is None
