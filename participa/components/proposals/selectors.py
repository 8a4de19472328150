"""Reads of proposals used by views, feeds, exports and the journal."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from participa.components.proposals.models import (
    CoauthorInvitation,
    Proposal,
    ProposalState,
    Support,
)
from participa.components.proposals.permissions import can_manage_proposals, is_author
from participa.core.models import Organization, User
from participa.notifications.selectors import with_follow_state
from participa.spaces.models import Component
from participa.spaces.registry import item_spec
from participa.spaces.visibility import remember_visible, visible
from participa.tracking.selectors import with_tracked


def proposals_visible(user: Any, org: Organization) -> QuerySet[Proposal]:
    """Every proposal of ``org`` the visitor may see (the one rule, from the manifest)."""
    spec = item_spec("proposal")
    assert spec is not None
    return visible(spec, user, org).select_related(
        "component__space__organization", "scope", "area", "category", "group")


def _with_viewer_state(queryset: QuerySet[Proposal], user: Any) -> QuerySet[Proposal]:
    if not getattr(user, "is_authenticated", False):
        return queryset
    return with_follow_state(queryset, user).annotate(
        supported_by_viewer=Exists(Support.objects.filter(user=user, proposal=OuterRef("pk"))),
        viewer_invited=Exists(CoauthorInvitation.objects.filter(user=user,
                                                                proposal=OuterRef("pk"))))


def proposal_get_for_user(user: Any, component: Component, number: int) -> Proposal | None:
    """The proposal numbered ``number`` in ``component`` if the visitor may see it (a draft:
    its authors and those who run the space), else None."""
    related = ("component__space__organization", "component__space__scope", "scope", "area",
               "category", "group", "author", "merged_into", "split_from")
    # Its co-authors, read once for the page (the facts, the authoring links).
    coauthors = Prefetch("coauthors", queryset=User.objects.order_by("display_name", "pk"))
    # A public proposal the visitor may see: one query.
    # Whether the visitor follows and supports it, and its published tracked item (for the
    # link to its implementation), are columns of the same query.
    proposal = (_with_viewer_state(with_tracked(proposals_visible(
                    user, component.space.organization)), user)
                .filter(component=component, number=number).select_related(*related)
                .prefetch_related(coauthors).first())
    if proposal is not None:
        remember_visible(user, proposal)
    else:  # a draft: its authors and those who run the space
        proposal = (Proposal.objects.filter(component=component, number=number)
                    .exclude(state=ProposalState.PUBLISHED).select_related(*related)
                    .prefetch_related(coauthors).first())
        if proposal is None or proposal.is_public:
            return None
        if not (is_author(user, proposal) or can_manage_proposals(user, component)):
            return None
    proposal.component = component
    return proposal


def drafts_of(user: Any, component: Component) -> QuerySet[Proposal]:
    """The drafts ``user`` writes (as author or co-author) in ``component``, latest first."""
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    return (Proposal.objects.filter(component=component, state=ProposalState.DRAFT)
            .filter(Q(author=user) | Q(coauthors=user)).distinct()
            .order_by("-updated_at", "-id"))
