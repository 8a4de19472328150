"""The budgets component: participatory budgeting — an edition's set-up (dates, eligibility,
pools, categories, review checklist) and the projects residents submit to it.

Its items, as the shared services see them:

- ``budget_project``: submitted projects (every state but draft) are public (drafts: their
  authors and those who run the space); a contribution counted in the statistics, commented,
  searched (the redacted text only), followed, with photos and documents;
- ``budget_support``: one resident's support signature (never public; counted in the
  statistics).

The edition, its pools, categories, checklist and the projects' cost items show on public
pages (``public_models``: their writes refresh visitors' cached pages).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participa.components.budgets import permissions
from participa.components.budgets.actions import (
    JOURNAL_SENTENCES,
    BudgetAction,
    BudgetJournalAction,
)
from participa.components.budgets.exports import (
    open_data_rows,
    results_open_data_rows,
    staff_rows,
)
from participa.components.budgets.models import Project, ProjectState, ProjectSupport
from participa.components.budgets.seeds import seed
from participa.components.budgets.selectors import personal_data
from participa.spaces import visibility
from participa.spaces.registry import (
    AttachmentPolicy,
    CommentPolicy,
    ComponentSpec,
    ExportSpec,
    ItemRule,
    ItemSpec,
    NavEntry,
    SearchPolicy,
    StatsPolicy,
    UrlMount,
)
from participa.spaces.selectors import public_spaces


def _public_projects(org: Any) -> Any:
    """Submitted projects of published components in public spaces (statistics by author)."""
    return Project.objects.filter(
        component__space__in=public_spaces(org).values("pk"),
        component__published_at__isnull=False,
    ).exclude(state=ProjectState.DRAFT)


def _supports(org: Any) -> Any:
    return ProjectSupport.objects.filter(
        project__component__space__in=public_spaces(org).values("pk"),
        project__component__published_at__isnull=False,
    ).exclude(project__state=ProjectState.DRAFT)


def _can_attach(user: Any, project: Project) -> bool:
    """Its authors (while it is a draft) and those who run the space."""
    return (permissions.can_manage_budget(user, project.component)
            or (project.state == ProjectState.DRAFT and permissions.is_author(user, project)))


PROJECT = ItemSpec(
    model=Project, kind="budget_project",
    visibility=ItemRule(component="component", state=~Q(state=ProjectState.DRAFT)),
    url=lambda project: project.get_absolute_url(),
    title=lambda project: project.title_public or project.title,
    contribution=True,
    stats=StatsPolicy("budget_projects", _("Participatory budget projects"), _public_projects,
                      author_field="author_id", space_field="component__space_id",
                      date_field="submitted_at"),
    comments=CommentPolicy(can_comment=permissions.can_comment_project),
    search=SearchPolicy(
        label=_("Participatory budget projects"),
        text=lambda project: {"title": project.title_public,
                              "body": project.description_public},
        date=lambda project: project.submitted_at,
        scope=lambda project: project.pool.scope or project.component.space.scope,
        area=lambda project: project.component.space.area,
        indexable=lambda project: project.state != ProjectState.DRAFT,
        queryset=lambda: Project.objects.select_related(
            "component__space__organization", "pool__scope"),
    ),
    attachments=AttachmentPolicy(
        can_manage=_can_attach,
        # Whoever sees the project, and the authors of a draft (their own photos).
        can_view=lambda user, project: (visibility.can_view(user, project)
                                        or _can_attach(user, project)),
    ),
    follows=True,
    events={
        "budget_project.submitted": _("%(actor)s submitted the project “%(title)s”"),
        "budget_project.withdrawn": _("The project “%(title)s” was withdrawn"),
        # Formal review and appeals (services/review.py, services/appeals.py).
        "budget_project.correction_requested": _(
            "You are asked to correct the project “%(title)s” by the deadline on its page"),
        "budget_project.assessed": _("The assessment of the project “%(title)s” is "
                                     "published"),
        "budget_project.appeal_decided": _("The appeal for the project “%(title)s” was "
                                           "decided"),
        # Results (services/results.py).
        "budget_project.result": _("The results of the vote for the project “%(title)s” are "
                                   "published"),
    },
    queryset=lambda: Project.objects.select_related(
        "component__space__organization").prefetch_related("component__space__phases"),
)

# A signature is never public: only those who run the space see who signed what.
SUPPORT = ItemSpec(
    model=ProjectSupport, kind="budget_support",
    visibility=ItemRule(component="project__component", state=Q(pk__in=[])),
    url=lambda support: support.project.get_absolute_url(),
    title=lambda support: str(support.project),
    contribution=True,
    stats=StatsPolicy("budget_supports", _("Signatures for budget projects"), _supports,
                      author_field="user_id", space_field="project__component__space_id",
                      date_field="created_at"),
    queryset=lambda: ProjectSupport.objects.select_related(
        "project__component__space__organization"),
)


SPEC = ComponentSpec(
    name="budgets",
    label=_("Participatory budget"),
    app_label="budgets",
    audit_actions=BudgetAction,
    journal_actions=BudgetJournalAction,
    journal_sentences=JOURNAL_SENTENCES,
    description=_("A participatory budget: residents submit projects within pools of money, "
                  "the city reviews them, residents vote and the winners are funded."),
    phase_switches={"comments_enabled": True},
    phase_switch_labels={"comments_enabled": _("Comments enabled")},
    public_url_name="index",
    nav=NavEntry(_("Participatory budget"), "budgets_list", "budgets"),
    urls=UrlMount("budgets/", "participa.components.budgets.public_urls"),
    manage_url_name="manage_index",
    items=(PROJECT, SUPPORT),
    # "Download my data": projects, co-authorships, signatures, appeals, that they voted.
    personal_data=personal_data,
    exports=(
        ExportSpec("budget_projects", _("Participatory budget projects"), open_data_rows,
                   open_data=True),
        ExportSpec("budget_projects_staff", _("Participatory budget projects (staff)"),
                   staff_rows),
        ExportSpec("budget_results", _("Participatory budget results"),
                   results_open_data_rows, open_data=True),
    ),
    public_models={
        "budgets.Edition": "component.space.organization_id",
        "budgets.Pool": "edition.component.space.organization_id",
        "budgets.BudgetCategory": "edition.component.space.organization_id",
        "budgets.ChecklistItem": "edition.component.space.organization_id",
        "budgets.CostItem": "project.component.space.organization_id",
        # Formal review and appeals: shown on the project page and the list of appeals.
        "budgets.Assessment": "project.component.space.organization_id",
        "budgets.AssessmentAnswer": "assessment.project.component.space.organization_id",
        "budgets.Appeal": "project.component.space.organization_id",
    },
    seeds=seed,
)


# --- the edition report (report.py, services/report.py) ------------------------------------
# The open data of the review and the appeals; a published report refreshes the edition page.
from participa.components.budgets.report import review_open_data_rows  # noqa: E402

SPEC = dataclasses.replace(
    SPEC,
    exports=(*SPEC.exports,
             ExportSpec("budget_project_reviews",
                        _("Participatory budget projects: review and appeals"),
                        review_open_data_rows, open_data=True)),
    public_models={**SPEC.public_models,
                   "budgets.EditionReport": "edition.component.space.organization_id"},
)
