"""Who may set up an edition, submit, sign and withdraw projects: role AND the edition's
current phase (computed from its dates, ``phases.edition_phase``) AND eligibility.

Each ``can_<verb>_<thing>`` has a ``<verb>_refusal`` twin returning the sentence that says why
not (None: allowed); the services raise it, the pages show it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from participa.components.budgets.models import Edition, Project, ProjectState
from participa.components.budgets.phases import EditionPhase, edition_phase
from participa.core import permissions as core_permissions
from participa.spaces import permissions as space_permissions
from participa.spaces.models import Component
from participa.verifications.permissions import is_verified

# A project its authors may still withdraw (before the review phase ends).
WITHDRAWABLE = frozenset({ProjectState.SUBMITTED, ProjectState.IN_REVIEW,
                          ProjectState.CORRECTION_REQUESTED, ProjectState.ADMITTED,
                          ProjectState.NOT_ADMITTED, ProjectState.APPEALED})


def edition_of(component: Component) -> Edition | None:
    """The edition of a budgets component (None while it is not set up)."""
    try:
        return component.budget_edition
    except Edition.DoesNotExist:
        return None


def can_manage_budget(user: Any, component: Component) -> bool:
    """Set up the edition (dates, rules, pools, categories, checklist); see every project."""
    return space_permissions.can_manage_space(user, component.space)


def is_author(user: Any, project: Project) -> bool:
    """The author or a co-author."""
    if not getattr(user, "is_authenticated", False):
        return False
    if project.author_id == user.pk:
        return True
    return project.coauthors.filter(pk=user.pk).exists()


def eligibility_refusal(user: Any, edition: Edition) -> ValidationError | None:
    """Why ``user`` is not eligible to take part in ``edition`` (signed in, of the
    organization, verified by one of the edition's methods when it asks for one)."""
    component = edition.component
    if not (core_permissions.belongs_to(user, component.space.organization)
            and space_permissions.can_view_component(user, component)):
        return ValidationError(_("Sign in with an account of this organization to take part "
                                 "in the participatory budget."), code="sign_in")
    methods = [str(method) for method in edition.verification_methods or []]
    if methods and not any(is_verified(user, method) for method in methods):
        return ValidationError(_("This participatory budget is open to verified residents "
                                 "only: verify your account first."), code="not_verified")
    return None


def submission_refusal(user: Any, component: Component) -> ValidationError | None:
    """Why ``user`` may not submit a project to ``component`` now (None: they may)."""
    edition = edition_of(component)
    if edition is None or edition_phase(edition) != EditionPhase.SUBMISSION:
        return ValidationError(_("Projects can be submitted only while the submission phase "
                                 "is open."), code="closed")
    return eligibility_refusal(user, edition)


def can_submit_project(user: Any, component: Component) -> bool:
    return submission_refusal(user, component) is None


def support_refusal(user: Any, project: Project) -> ValidationError | None:
    """Why ``user`` may not sign ``project`` now (whether they already did is not checked)."""
    edition = edition_of(project.component)
    if edition is None or not edition.supports_enabled:
        return ValidationError(_("This participatory budget collects no support signatures."),
                               code="disabled")
    if project.state != ProjectState.SUBMITTED:
        return ValidationError(_("Only a submitted project can be signed."), code="state")
    if edition_phase(edition) != EditionPhase.SUBMISSION:
        return ValidationError(_("Signatures are collected only while the submission phase "
                                 "is open."), code="closed")
    refusal = eligibility_refusal(user, edition)
    if refusal is not None:
        return refusal
    if is_author(user, project):
        return ValidationError(_("You cannot sign your own project."), code="author")
    return None


def can_support_project(user: Any, project: Project) -> bool:
    return support_refusal(user, project) is None


def withdrawal_refusal(user: Any, project: Project) -> ValidationError | None:
    """Why ``user`` may not withdraw ``project`` now (its authors, before review ends)."""
    if not is_author(user, project):
        return ValidationError(_("Only its authors can withdraw a project."), code="author")
    if project.state not in WITHDRAWABLE:
        return ValidationError(_("Only a submitted project can be withdrawn."), code="state")
    edition = edition_of(project.component)
    if edition is None or edition_phase(edition) not in (EditionPhase.SUBMISSION,
                                                         EditionPhase.REVIEW):
        return ValidationError(_("A project can be withdrawn only until the formal review "
                                 "ends."), code="closed")
    return None


def can_withdraw_project(user: Any, project: Project) -> bool:
    return withdrawal_refusal(user, project) is None


def can_comment_project(user: Any, project: Project) -> bool:
    """People of the organization who can see the project, while comments are open."""
    component = project.component
    return (project.state != ProjectState.DRAFT
            and core_permissions.belongs_to(user, component.space.organization)
            and space_permissions.can_view_component(user, component)
            and bool(component.phase_switch("comments_enabled")))
