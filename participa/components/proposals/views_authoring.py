"""Writing a proposal: the form (preview, save as draft, publish), editing, withdrawing,
co-authors, and the similar proposals shown while typing.

Every action is a plain form POST and a redirect; the scripts of ``static/proposals/`` only
enhance the form (the map, the similar proposals while typing). A refusal of a service comes
back on the same form, with everything typed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from participa.components.proposals import permissions
from participa.components.proposals.forms import ProposalForm
from participa.components.proposals.geocoding import geocode, geocoder_enabled
from participa.components.proposals.models import Proposal, ProposalState
from participa.components.proposals.selectors import proposal_get_for_user
from participa.components.proposals.services.coauthors import COAUTHORING
from participa.components.proposals.services.proposals import (
    proposal_create,
    proposal_publish,
    proposal_update,
    proposal_withdraw,
    update_refusal,
)
from participa.components.proposals.similar import similar_proposals
from participa.core import coauthoring
from participa.core.form_errors import apply_service_errors
from participa.core.http import OrgRequest, is_authenticated, signed_in_user
from participa.spaces.decorators import component_view
from participa.spaces.models import Component

# The buttons of the form: ``action`` is the name of the pressed one.
PREVIEW, DRAFT, PUBLISH, LOCATE = "preview", "draft", "publish", "locate"


def _login(request: OrgRequest) -> HttpResponse:
    login = reverse("account_login")
    return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")


def _edit_url(proposal: Proposal) -> str:
    component = proposal.component
    return reverse("spaces:proposals:edit",
                   args=[component.space.slug, component.pk, proposal.number])


def _located(request: OrgRequest, component: Component, user: Any) -> ProposalForm:
    """The form with the point of its address filled in by the geocoder (when there is one),
    or with a sentence next to the address."""
    data = request.POST.copy()
    point = geocode(data.get("address", ""), language=get_language() or "")
    if point is not None:
        data["latitude"], data["longitude"] = (str(value) for value in point)
    form = ProposalForm(data, component=component, user=user)
    if point is None and form.is_valid():
        form.add_error("address", _("This address was not found: choose the point on the map "
                                    "or type its coordinates."))
    return form


def _map_context() -> dict[str, Any]:
    return {"geocoder": geocoder_enabled(), "map_tile_url": settings.MAP_TILE_URL,
            "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "map_default_view": settings.MAP_DEFAULT_VIEW}


def _render_form(request: OrgRequest, component: Component, form: ProposalForm,
                 proposal: Proposal | None, *, preview: bool = False,
                 refusal: str = "") -> HttpResponse:
    similar = []
    if preview and form.is_bound and not form.errors:
        data = form.cleaned_data
        similar = similar_proposals(component, f"{data['title']}\n{data['body']}",
                                    exclude=proposal.pk if proposal else None)
    return render(request, "proposals/form.html", {
        "component": component, "space": component.space, "form": form,
        "proposal": proposal, "preview": preview and form.is_bound and not form.errors,
        "similar": similar, "refusal": refusal,
        "can_publish": proposal is None or proposal.state == ProposalState.DRAFT,
        "nav": "processes" if component.space.is_process else "assemblies",
        **_map_context(),
    }, status=400 if form.errors else 200)


@component_view("proposals")
def propose(request: OrgRequest, component: Component) -> HttpResponse:
    """A new proposal: preview it, save it as a draft, or publish it."""
    if not is_authenticated(request):
        return _login(request)
    user = signed_in_user(request)
    if not permissions.can_create_proposal(user, component):
        messages.error(request, _("New proposals are not accepted here at the moment."))
        return redirect("spaces:proposals:index", component.space.slug, component.pk)
    if request.method != "POST":
        form = ProposalForm(component=component, user=user)
        return _render_form(request, component, form, None)
    action = request.POST.get("action", PREVIEW)
    if action == LOCATE and geocoder_enabled():
        return _render_form(request, component, _located(request, component, user), None)
    form = ProposalForm(request.POST, component=component, user=user)
    if action not in (DRAFT, PUBLISH) or not form.is_valid():
        return _render_form(request, component, form, None, preview=True)
    try:
        proposal = proposal_create(acting_user=user, component=component,
                                   data=form.service_values(), publish=action == PUBLISH)
    except ValidationError as error:
        apply_service_errors(form, error)
        return _render_form(request, component, form, None)
    proposal.component = component
    if action == PUBLISH:
        messages.success(request, _("Your proposal is published."))
        return HttpResponseRedirect(proposal.get_absolute_url())
    messages.success(request, _("Your draft is saved: you can finish it later. Only you and "
                                "your co-authors see it."))
    return HttpResponseRedirect(_edit_url(proposal))


@component_view("proposals", item=proposal_get_for_user, item_arg="number")
def edit(request: OrgRequest, component: Component, proposal: Proposal) -> HttpResponse:
    """Change a draft (and publish it), or correct a published proposal nobody supports yet."""
    if not is_authenticated(request):
        return _login(request)
    user = signed_in_user(request)
    if not permissions.is_author(user, proposal):
        return redirect(proposal.get_absolute_url())
    refusal = update_refusal(proposal)
    if refusal is not None:
        return render(request, "proposals/edit_refused.html", {
            "component": component, "space": component.space, "proposal": proposal,
            "reason": refusal.messages[0],
        })
    if request.method != "POST":
        form = ProposalForm(component=component, user=user,
                            initial=ProposalForm.initial_of(proposal))
        return _render_form(request, component, form, proposal)
    action = request.POST.get("action", PREVIEW)
    if action == LOCATE and geocoder_enabled():
        return _render_form(request, component, _located(request, component, user), proposal)
    form = ProposalForm(request.POST, component=component, user=user)
    if action not in (DRAFT, PUBLISH) or not form.is_valid():
        return _render_form(request, component, form, proposal, preview=True)
    try:
        proposal_update(acting_user=user, proposal=proposal, data=form.service_values())
        if action == PUBLISH and proposal.state == ProposalState.DRAFT:
            proposal_publish(acting_user=user, proposal=proposal)
    except ValidationError as error:
        apply_service_errors(form, error)
        return _render_form(request, component, form, proposal)
    if proposal.state == ProposalState.DRAFT:
        messages.success(request, _("Your draft is saved."))
        return HttpResponseRedirect(_edit_url(proposal))
    messages.success(request, _("Your proposal is published.") if action == PUBLISH
                     else _("Your proposal is saved."))
    return HttpResponseRedirect(proposal.get_absolute_url())


@component_view("proposals", item=proposal_get_for_user, item_arg="number")
def withdraw(request: OrgRequest, component: Component, proposal: Proposal) -> HttpResponse:
    """Withdraw a published proposal: a confirmation page, then the POST."""
    if not is_authenticated(request):
        return _login(request)
    user = signed_in_user(request)
    if not permissions.is_author(user, proposal):
        return redirect(proposal.get_absolute_url())
    error = ""
    if request.method == "POST":
        try:
            proposal_withdraw(acting_user=user, proposal=proposal)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, _("Your proposal is withdrawn. It stays visible, marked "
                                        "withdrawn."))
            return HttpResponseRedirect(proposal.get_absolute_url())
    return render(request, "proposals/confirm_withdraw.html", {
        "component": component, "space": component.space, "proposal": proposal,
        "error": error,
    }, status=400 if error else 200)


@component_view("proposals", item=proposal_get_for_user, item_arg="number")
def coauthors(request: OrgRequest, component: Component, proposal: Proposal) -> HttpResponse:
    """The co-authors of a proposal and the form to invite one (its authors only)."""
    return coauthoring.coauthors_page(request, COAUTHORING, item=proposal,
                                      template="proposals/coauthors.html", context={
                                          "component": component, "space": component.space,
                                          "proposal": proposal})


def _invited_proposal(user: Any, component: Component, number: int) -> Proposal | None:
    """The proposal if ``user`` may see it or is invited to co-author it (a draft too)."""
    proposal: Proposal | None = coauthoring.invited_item(
        COAUTHORING, user, proposal_get_for_user(user, component, number),
        component=component, number=number)
    if proposal is not None:
        proposal.component = component
    return proposal


@component_view("proposals", item=_invited_proposal, item_arg="number")
def coauthor_join(request: OrgRequest, component: Component,
                  proposal: Proposal) -> HttpResponse:
    """The invited person accepts to co-author the proposal: a page, then the POST."""
    return coauthoring.coauthor_join_page(
        request, COAUTHORING, item=proposal, template="proposals/confirm_coauthor.html",
        context={"component": component, "space": component.space, "proposal": proposal},
        next_url=lambda item: (_edit_url(item) if item.state == ProposalState.DRAFT
                               else item.get_absolute_url()))


@component_view("proposals")
def similar(request: OrgRequest, component: Component) -> HttpResponse:
    """The similar proposals of a text being typed (``title`` and ``body``), as an HTML
    fragment the form's script puts under the form."""
    text = f"{request.GET.get('title', '')[:200]}\n{request.GET.get('body', '')[:10000]}"
    exclude = request.GET.get("exclude")
    return render(request, "proposals/_similar.html", {
        "component": component, "space": component.space,
        "similar": similar_proposals(component, text,
                                     exclude=int(exclude) if exclude and exclude.isdigit()
                                     else None),
        "fragment": True,
    })
