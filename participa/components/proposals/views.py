"""Public views of the proposals component: the list and a proposal's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from participa.components.proposals import permissions
from participa.components.proposals.models import Proposal
from participa.components.proposals.selectors import proposal_get_for_user, proposals_visible
from participa.core.http import OrgRequest
from participa.core.pagecache import cache_for_visitors
from participa.spaces.decorators import component_view
from participa.spaces.models import Component

PROPOSALS_PER_PAGE = 20


def _nav(component: Component) -> str:
    return "processes" if component.space.is_process else "assemblies"


@cache_for_visitors
@component_view("proposals")
def index(request: OrgRequest, component: Component) -> HttpResponse:
    """The component's published proposals, latest first."""
    proposals = (proposals_visible(request.user, request.organization)
                 .filter(component=component).order_by("-published_at", "-id"))
    page_obj = Paginator(proposals, PROPOSALS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "proposals/index.html", {
        "component": component, "space": component.space, "page_obj": page_obj,
        "can_create": permissions.can_create_proposal(request.user, component),
        "can_manage": permissions.can_manage_proposals(request.user, component),
        "nav": _nav(component),
    })


@component_view("proposals", item=proposal_get_for_user, item_arg="number")
def detail(request: OrgRequest, component: Component, proposal: Proposal) -> HttpResponse:
    return render(request, "proposals/detail.html", {
        "component": component, "space": component.space, "proposal": proposal,
        "is_author": permissions.is_author(request.user, proposal),
        "can_manage": permissions.can_manage_proposals(request.user, component),
        "nav": _nav(component),
    })
