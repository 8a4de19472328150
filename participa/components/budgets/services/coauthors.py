"""Co-authors of a project, through the platform's co-authoring (``participa/core/
coauthoring.py``), as proposals have them: its author invites people of the organization by
e-mail address; those who accept become co-authors (they change the draft, submit and withdraw
it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from participa.components.budgets import permissions
from participa.components.budgets.actions import BudgetAction
from participa.components.budgets.models import Project, ProjectCoauthorInvitation, ProjectState
from participa.core import coauthoring
from participa.core.coauthoring import MAX_COAUTHORS
from participa.core.models import User

__all__ = ["COAUTHORING", "MAX_COAUTHORS", "OPEN_STATES", "coauthor_accept", "coauthor_invite"]

OPEN_STATES = (ProjectState.DRAFT, ProjectState.SUBMITTED)

COAUTHORING = coauthoring.Coauthoring(
    invitations=ProjectCoauthorInvitation, item_field="project", open_states=OPEN_STATES,
    is_author=permissions.is_author,
    invite_action=BudgetAction.PROJECT_COAUTHOR_INVITE,
    accept_action=BudgetAction.PROJECT_COAUTHOR_ACCEPT,
    closed=_("This project takes no more co-authors."),
    already_author=_("This person is already an author of the project."),
    not_invited=_("You have no invitation to co-author this project."),
    accepted=_("You are now a co-author of this project."),
    at_most=ngettext_lazy("A project has at most %(count)d co-author.",
                          "A project has at most %(count)d co-authors.", "count"))


def coauthor_invite(*, acting_user: User, project: Project,
                    email: str) -> ProjectCoauthorInvitation:
    """Invite the person of the organization whose account has ``email``."""
    invitation: ProjectCoauthorInvitation = coauthoring.coauthor_invite(
        COAUTHORING, acting_user=acting_user, item=project, email=email)
    return invitation


def coauthor_accept(*, acting_user: User, project: Project) -> Project:
    """The invited person accepts: they become a co-author."""
    accepted: Project = coauthoring.coauthor_accept(COAUTHORING, acting_user=acting_user,
                                                    item=project)
    return accepted
