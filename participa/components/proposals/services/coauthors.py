"""Co-authors of a proposal, through the platform's co-authoring (``participa/core/
coauthoring.py``): its author invites people of the organization by e-mail address; those who
accept become co-authors (they edit the draft and may withdraw the proposal, and are named with
it when it is published "named")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from participa.components.proposals import permissions
from participa.components.proposals.actions import ProposalAction
from participa.components.proposals.models import CoauthorInvitation, Proposal, ProposalState
from participa.core import coauthoring
from participa.core.coauthoring import MAX_COAUTHORS
from participa.core.models import User

__all__ = ["COAUTHORING", "MAX_COAUTHORS", "coauthor_accept", "coauthor_invite"]

COAUTHORING = coauthoring.Coauthoring(
    invitations=CoauthorInvitation, item_field="proposal",
    open_states=(ProposalState.DRAFT, ProposalState.PUBLISHED),
    is_author=permissions.is_author,
    invite_action=ProposalAction.PROPOSAL_COAUTHOR_INVITE,
    accept_action=ProposalAction.PROPOSAL_COAUTHOR_ACCEPT,
    closed=_("A withdrawn or merged proposal takes no more co-authors."),
    already_author=_("This person is already an author of the proposal."),
    not_invited=_("You have no invitation to co-author this proposal."),
    accepted=_("You are now a co-author of this proposal."),
    at_most=ngettext_lazy("A proposal has at most %(count)d co-author.",
                          "A proposal has at most %(count)d co-authors.", "count"))


def coauthor_invite(*, acting_user: User, proposal: Proposal, email: str) -> CoauthorInvitation:
    """Invite the person of the organization whose account has ``email``."""
    invitation: CoauthorInvitation = coauthoring.coauthor_invite(
        COAUTHORING, acting_user=acting_user, item=proposal, email=email)
    return invitation


def coauthor_accept(*, acting_user: User, proposal: Proposal) -> Proposal:
    """The invited person accepts: they become a co-author."""
    accepted: Proposal = coauthoring.coauthor_accept(COAUTHORING, acting_user=acting_user,
                                                     item=proposal)
    return accepted
