"""Co-authors of a project, the way proposals have them: its author invites people of the
organization by e-mail address; those who accept become co-authors (they change the draft,
submit and withdraw it). Every write keyword-only, atomic and audited (people by id, never
their address)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.budgets import permissions
from participa.components.budgets.actions import BudgetAction
from participa.components.budgets.models import Project, ProjectCoauthorInvitation, ProjectState
from participa.core.audit import record
from participa.core.models import User

# Co-authors and pending invitations of one project, together.
MAX_COAUTHORS = 10
OPEN_STATES = (ProjectState.DRAFT, ProjectState.SUBMITTED)


@transaction.atomic
def coauthor_invite(*, acting_user: User, project: Project,
                    email: str) -> ProjectCoauthorInvitation:
    """Invite the person of the organization whose account has ``email``."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.is_author(acting_user, locked):
        raise ValidationError(_("Only its authors can invite co-authors."), code="author")
    if locked.state not in OPEN_STATES:
        raise ValidationError(_("This project takes no more co-authors."), code="final")
    address = email.strip()
    org = project.component.space.organization
    person = (User.objects.filter(organization=org, email__iexact=address, is_active=True,
                                  deleted_at__isnull=True).first() if address else None)
    if person is None:
        raise ValidationError(
            {"email": _("Nobody of this organization has an account with this e-mail "
                        "address.")}, code="unknown")
    if person.pk == locked.author_id or locked.coauthors.filter(pk=person.pk).exists():
        raise ValidationError({"email": _("This person is already an author of the "
                                          "project.")}, code="author")
    if ProjectCoauthorInvitation.objects.filter(project=locked, user=person).exists():
        raise ValidationError({"email": _("This person is already invited.")}, code="invited")
    taken = (locked.coauthors.count()
             + ProjectCoauthorInvitation.objects.filter(project=locked).count())
    if taken >= MAX_COAUTHORS:
        raise ValidationError(
            {"email": ngettext("A project has at most %(count)d co-author.",
                               "A project has at most %(count)d co-authors.",
                               MAX_COAUTHORS) % {"count": MAX_COAUTHORS}}, code="too_many")
    invitation = ProjectCoauthorInvitation.objects.create(project=locked, user=person,
                                                          invited_by=acting_user)
    record(organization=org, actor=acting_user, action=BudgetAction.PROJECT_COAUTHOR_INVITE,
           obj=locked, changes={"invited": [None, person.pk]})
    return invitation


@transaction.atomic
def coauthor_accept(*, acting_user: User, project: Project) -> Project:
    """The invited person accepts: they become a co-author."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    invitation = ProjectCoauthorInvitation.objects.filter(project=locked,
                                                          user=acting_user).first()
    if invitation is None:
        raise ValidationError(_("You have no invitation to co-author this project."),
                              code="not_invited")
    if locked.state not in OPEN_STATES:
        raise ValidationError(_("This project takes no more co-authors."), code="final")
    invitation.delete()
    locked.coauthors.add(acting_user)
    record(organization=project.component.space.organization, actor=acting_user,
           action=BudgetAction.PROJECT_COAUTHOR_ACCEPT, obj=locked,
           changes={"coauthors": [None, acting_user.pk]})
    return project
