"""Public views of supports: support a proposal and withdraw one's support (POST forms of the
proposal page, no JavaScript needed); every answer is a message on the proposal page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participa.components.proposals.models import Proposal
from participa.components.proposals.selectors import proposal_get_for_user
from participa.components.proposals.services.supports import support_create, support_withdraw
from participa.core.http import OrgRequest, is_authenticated, signed_in_user
from participa.spaces.decorators import component_view
from participa.spaces.models import Component


def _box_url(proposal: Proposal) -> str:
    return f"{proposal.get_absolute_url()}#supports"


def _sign_in(proposal: Proposal) -> HttpResponse:
    login = reverse("account_login")
    return HttpResponseRedirect(f"{login}?{urlencode({'next': _box_url(proposal)})}")


def _refused(request: OrgRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@component_view("proposals", item=proposal_get_for_user, item_arg="number")
def support(request: OrgRequest, component: Component, proposal: Proposal) -> HttpResponse:
    """Support the proposal (a second click answers that the person already supports it)."""
    if not is_authenticated(request):
        return _sign_in(proposal)
    try:
        support_create(acting_user=signed_in_user(request), proposal=proposal)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Thank you: you support this proposal. You can withdraw "
                                    "your support while supports are open."))
    return redirect(_box_url(proposal))


@require_POST
@component_view("proposals", item=proposal_get_for_user, item_arg="number")
def withdraw(request: OrgRequest, component: Component, proposal: Proposal) -> HttpResponse:
    """Withdraw one's support of the proposal."""
    if not is_authenticated(request):
        return _sign_in(proposal)
    try:
        support_withdraw(acting_user=signed_in_user(request), proposal=proposal)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("You withdrew your support of this proposal."))
    return redirect(_box_url(proposal))
