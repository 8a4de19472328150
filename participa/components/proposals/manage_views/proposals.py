"""Staff views: the component's register of proposals and one proposal's back-office page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from participa.components.proposals.models import Proposal
from participa.components.proposals.permissions import can_manage_proposals
from participa.components.proposals.services.thresholds import overdue_first
from participa.components.proposals.services.tracking import can_be_tracked, proposal_track
from participa.core.http import AuthedRequest
from participa.core.models import User
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component
from participa.spaces.staff import render_manage
from participa.tracking.selectors import tracked_for

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
    tracked = tracked_for(proposal)
    return render_proposals(request, "proposals/manage/detail.html", component,
                            proposal=proposal, tracked=tracked,
                            can_track=tracked is None and can_be_tracked(proposal))


@proposal_staff_view
def manage_track(request: AuthedRequest, component: Component,
                 proposal: Proposal) -> HttpResponse:
    """"Track implementation": a confirmation (GET), then the tracked item (POST)."""
    detail_url = reverse("manage:proposals:manage_detail",
                         args=[component.space.slug, component.pk, proposal.number])
    blocked_reason = None
    if tracked_for(proposal) is not None:
        blocked_reason = _("The implementation of this proposal is already tracked.")
    elif not can_be_tracked(proposal):
        blocked_reason = _("Only a proposal whose answer is “Accepted” or “Integrated into the "
                           "action plan” can be tracked.")
    if request.method == "POST" and blocked_reason is None:
        try:
            item = proposal_track(acting_user=request.user, proposal=proposal)
        except PermissionDenied:
            blocked_reason = _("Only the administrators and the officials of the proposal's "
                               "department can track its implementation.")
        except ValidationError as error:
            blocked_reason = " ".join(error.messages)
        else:
            messages.success(request, _("The implementation is tracked. Add its milestones, "
                                        "then publish it."))
            return redirect(reverse("manage:tracking:detail", args=[item.pk]))
    return render_proposals(
        request, "includes/confirm_delete.html", component, object=proposal,
        cancel_url=detail_url, blocked_reason=blocked_reason,
        heading=_("Track the implementation of proposal No. %(number)s?")
        % {"number": proposal.number},
        details=_("A tracked item is made with the proposal's title, text, department, "
                  "district and estimated cost. Residents see it once you publish it."),
        confirm_label=_("Yes, track its implementation"))
