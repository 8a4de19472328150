"""Public pages of the draws of citizen seats: the rules, the commitment, the codes, the seed,
the ranking and a program anyone can run to re-check the draw; residents apply and withdraw."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participa.components.meetings import permissions
from participa.components.meetings.forms import ApplicationForm
from participa.components.meetings.models import SeatApplication, SeatDraw, SeatDrawState
from participa.components.meetings.services.draws import (
    applications_open,
    seat_application_create,
    seat_application_withdraw,
)
from participa.core.http import OrgRequest, as_authed_request, is_authenticated
from participa.core.permissions import belongs_to
from participa.lib import lottery
from participa.spaces.decorators import component_view
from participa.spaces.models import Component


def _draw(user: Any, component: Component, draw_id: int) -> SeatDraw | None:
    draw = SeatDraw.objects.filter(component=component, pk=draw_id).select_related(
        "space").first()
    if draw is not None:
        draw.component = component
    return draw


def _mine(request: OrgRequest, draw: SeatDraw) -> SeatApplication | None:
    if not request.user.is_authenticated:
        return None
    return SeatApplication.objects.filter(draw=draw, user_id=request.user.pk).first()


@component_view("meetings", item=_draw, item_arg="draw_id")
def draw(request: OrgRequest, component: Component, draw: SeatDraw) -> HttpResponse:
    """The public page of a draw."""
    return _render_draw(request, component, draw, ApplicationForm())


def _render_draw(request: OrgRequest, component: Component, draw: SeatDraw,
                 form: ApplicationForm) -> HttpResponse:
    codes_public = draw.state != SeatDrawState.OPEN
    applications = list(draw.applications.order_by("rank", "code")) if codes_public else []
    codes = [item.code for item in applications]
    context: dict[str, Any] = {
        "component": component, "space": component.space, "draw": draw,
        "nav": "processes" if component.space.is_process else "assemblies",
        "is_open": applications_open(draw), "codes_public": codes_public,
        "applications": applications, "codes": sorted(codes),
        "count": draw.applications.count(), "mine": _mine(request, draw),
        "can_apply": belongs_to(request.user, request.organization),
        "form": form,
        "can_manage": permissions.can_manage_meetings(request.user, component),
        "algorithm": lottery.ALGORITHM,
    }
    if draw.public_value:
        context["seed"] = lottery.seed(draw.committed_number, draw.public_value)
    if draw.state == SeatDrawState.DRAWN:
        context["snippet"] = lottery.snippet(draw.committed_number, draw.public_value, codes,
                                             draw.seats)
    return render(request, "meetings/draw.html", context)


@require_POST
@component_view("meetings", item=_draw, item_arg="draw_id")
def apply(request: OrgRequest, component: Component, draw: SeatDraw) -> HttpResponse:
    if not is_authenticated(request):
        messages.error(request, _("Sign in with an account of this city to apply."))
        return HttpResponseRedirect(draw.get_absolute_url())
    form = ApplicationForm(request.POST)
    if form.is_valid():
        try:
            application = seat_application_create(
                acting_user=as_authed_request(request).user, draw=draw,
                motivation=form.cleaned_data["motivation"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("You applied. Your anonymous code is %(code)s: it is "
                                        "how the public list shows you.")
                             % {"code": application.code})
            return HttpResponseRedirect(draw.get_absolute_url())
    return _render_draw(request, component, draw, form)


@require_POST
@component_view("meetings", item=_draw, item_arg="draw_id")
def withdraw(request: OrgRequest, component: Component, draw: SeatDraw) -> HttpResponse:
    mine = _mine(request, draw)
    if mine is None or not is_authenticated(request):
        messages.error(request, _("You have not applied for this draw."))
    else:
        try:
            seat_application_withdraw(acting_user=as_authed_request(request).user,
                                      application=mine)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your application is withdrawn."))
    return HttpResponseRedirect(draw.get_absolute_url())
