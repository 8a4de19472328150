"""Who may see, write, support and evaluate proposals: role AND the active phase's switches."""

from __future__ import annotations

from typing import Any

from participa.components.proposals.models import Proposal, ProposalState
from participa.core import permissions as core_permissions
from participa.spaces import permissions as space_permissions
from participa.spaces.models import Component


def can_manage_proposals(user: Any, component: Component) -> bool:
    """Register, evaluate, answer, merge and split the proposals of ``component``."""
    return space_permissions.can_manage_component(user, component)


def can_create_proposal(user: Any, component: Component) -> bool:
    """People of the organization, while the active phase accepts new proposals."""
    return (core_permissions.belongs_to(user, component.space.organization)
            and space_permissions.can_view_component(user, component)
            and bool(component.phase_switch("creation_enabled")))


def is_author(user: Any, proposal: Proposal) -> bool:
    """The author or a co-author (they edit the draft and withdraw the proposal)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if proposal.author_id == user.pk:
        return True
    prefetched = getattr(proposal, "_prefetched_objects_cache", {}).get("coauthors")
    if prefetched is not None:  # the proposal's page reads its co-authors with it
        return any(person.pk == user.pk for person in prefetched)
    return proposal.coauthors.filter(pk=user.pk).exists()


def can_comment_proposal(user: Any, proposal: Proposal) -> bool:
    """People of the organization who can see the proposal, while comments are open."""
    component = proposal.component
    return (proposal.state == ProposalState.PUBLISHED
            and core_permissions.belongs_to(user, component.space.organization)
            and space_permissions.can_view_component(user, component)
            and bool(component.phase_switch("comments_enabled")))
