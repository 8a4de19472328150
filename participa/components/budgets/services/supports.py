"""Support signatures before review (when the edition has ``supports_enabled``): one per
resident and project, given and withdrawn while the submission phase is open. Every write
keyword-only, atomic and audited (the audit log is the one place that says who signed what).

``Project.supports_count`` changes under the project's row lock, in the transaction that adds
or removes the signature row; the database keeps one row per person (``budget_support_once``)
and refuses a negative count. The pool's ``support_threshold`` is the number a project needs
before its review (the page shows "N of M signatures").
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.budgets import permissions
from participa.components.budgets.actions import BudgetAction
from participa.components.budgets.models import Project, ProjectSupport
from participa.components.budgets.phases import EditionPhase, edition_phase
from participa.core.audit import audited_create, record
from participa.core.models import User


def _already() -> ValidationError:
    return ValidationError(_("You already signed this project."), code="already")


@transaction.atomic
def project_support_create(*, acting_user: User, project: Project) -> ProjectSupport:
    """``acting_user`` signs ``project``: once, counted under the project's row lock."""
    refusal = permissions.support_refusal(acting_user, project)
    if refusal is not None:
        raise refusal
    locked = Project.objects.select_for_update().get(pk=project.pk)
    locked.component = project.component
    refusal = permissions.support_refusal(acting_user, locked)  # withdrawn meanwhile
    if refusal is not None:
        raise refusal
    if ProjectSupport.objects.filter(project=locked, user=acting_user).exists():
        raise _already()
    try:
        with transaction.atomic():
            support: ProjectSupport = audited_create(
                ProjectSupport, organization=project.component.space.organization,
                actor=acting_user, action=BudgetAction.SUPPORT_CREATE,
                values={"project": locked, "user": acting_user, "created_at": timezone.now()})
    except IntegrityError as error:  # the database's last word: one signature per person
        raise _already() from error
    Project.objects.filter(pk=locked.pk).update(supports_count=F("supports_count") + 1)
    project.supports_count = locked.supports_count + 1
    return support


@transaction.atomic
def project_support_withdraw(*, acting_user: User, project: Project) -> None:
    """``acting_user`` withdraws their signature while submission is open."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    support = ProjectSupport.objects.filter(project=locked, user=acting_user).first()
    if support is None:
        raise ValidationError(_("You have not signed this project."), code="not_signed")
    edition = permissions.edition_of(project.component)
    if edition is None or edition_phase(edition) != EditionPhase.SUBMISSION:
        raise ValidationError(_("Submission is closed: a signature can no longer be "
                                "withdrawn."), code="closed")
    record(organization=project.component.space.organization, actor=acting_user,
           action=BudgetAction.SUPPORT_WITHDRAW, obj=support,
           changes={"project": [locked.pk, None]})
    support.delete()
    Project.objects.filter(pk=locked.pk).update(supports_count=F("supports_count") - 1)
    project.supports_count = locked.supports_count - 1


def signed(user: Any, project: Project) -> bool:
    """Whether ``user`` signed ``project``."""
    if not getattr(user, "is_authenticated", False):
        return False
    return ProjectSupport.objects.filter(project=project, user=user).exists()
