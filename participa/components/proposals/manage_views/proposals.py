"""Staff views: the component's register of proposals and one proposal's back-office page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse

from participa.components.proposals.models import Proposal
from participa.components.proposals.permissions import can_manage_proposals
from participa.components.proposals.services.thresholds import overdue_first
from participa.core.http import AuthedRequest
from participa.core.models import User
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component
from participa.spaces.staff import render_manage

COMPONENT_TYPE = "proposals"
PROPOSALS_PER_SCREEN = 50


def _proposal_for_staff(user: User, component: Component, number: int) -> Proposal | None:
    proposal = Proposal.objects.filter(component=component, number=number).first()
    if proposal is not None:
        proposal.component = component
    return proposal


# The component if the person may run its proposals; 404 otherwise (missing = forbidden).
proposals_staff_view = staff_view(COMPONENT_TYPE, permission=can_manage_proposals)
proposal_staff_view = staff_view(COMPONENT_TYPE, permission=can_manage_proposals,
                                 item=_proposal_for_staff, item_arg="number")


def render_proposals(request: AuthedRequest, template: str, component: Component,
                     **extra: object) -> HttpResponse:
    context = {"component": component, "space": component.space, **extra}
    return render_manage(request, template, context, nav="spaces")


@proposals_staff_view
def manage_index(request: AuthedRequest, component: Component) -> HttpResponse:
    proposals = overdue_first(Proposal.objects.filter(component=component)
                              .select_related("department", "category").order_by("-number"))
    page_obj = Paginator(proposals, PROPOSALS_PER_SCREEN).get_page(request.GET.get("page"))
    return render_proposals(request, "proposals/manage/index.html", component,
                            page_obj=page_obj)


@proposal_staff_view
def manage_detail(request: AuthedRequest, component: Component,
                  proposal: Proposal) -> HttpResponse:
    return render_proposals(request, "proposals/manage/detail.html", component,
                            proposal=proposal)
