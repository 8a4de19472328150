"""Public views of the proposals component: the list (filters, sorts, pages) and a proposal's
page (its text, author as published, place, state, history, comments)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from participa.components.proposals import permissions
from participa.components.proposals.history import proposal_history, published_answers
from participa.components.proposals.models import Proposal, Publication
from participa.components.proposals.selectors import proposal_get_for_user, proposals_visible
from participa.components.proposals.views_lists import PROPOSALS_PER_PAGE, proposal_list_page
from participa.core.http import OrgRequest
from participa.core.pagecache import cache_for_visitors
from participa.spaces.decorators import component_view
from participa.spaces.models import Component
from participa.tracking.selectors import tracked_of

__all__ = ["PROPOSALS_PER_PAGE", "detail", "index"]


def _nav(component: Component) -> str:
    return "processes" if component.space.is_process else "assemblies"


@cache_for_visitors
@component_view("proposals")
def index(request: OrgRequest, component: Component) -> HttpResponse:
    """The component's published proposals, filtered and sorted (latest first by default)."""
    proposals = (proposals_visible(request.user, request.organization)
                 .filter(component=component))
    return proposal_list_page(request, proposals, component=component)


@cache_for_visitors
@component_view("proposals", item=proposal_get_for_user, item_arg="number")
def detail(request: OrgRequest, component: Component, proposal: Proposal) -> HttpResponse:
    coauthors = list(proposal.coauthors.all())
    user = request.user
    is_author = user.is_authenticated and (
        proposal.author_id == user.pk or any(person.pk == user.pk for person in coauthors))
    answers = published_answers(proposal) if proposal.is_public else []
    # Its implementation, once tracked in public (read with the proposal).
    tracked = tracked_of(proposal) if proposal.is_public else None
    return render(request, "proposals/detail.html", {
        "component": component, "space": component.space, "proposal": proposal,
        "district": proposal.scope or component.space.scope,
        "shown_coauthors": coauthors if proposal.publication == Publication.NAMED else [],
        "history": proposal_history(proposal, answers) if proposal.is_public else [],
        "current_answer": answers[-1] if answers else None,
        "tracked": tracked,
        "is_author": is_author,
        "can_manage": permissions.can_manage_proposals(user, component),
        "can_comment": permissions.can_comment_proposal(user, proposal),
        "nav": _nav(component),
    })
