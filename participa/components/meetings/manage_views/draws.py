"""Staff views of the draws of citizen seats: open a draw, close its applications, enter the
public value, run it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.meetings.forms import PublicValueForm, SeatDrawForm
from participa.components.meetings.manage_views.meetings import render_meetings
from participa.components.meetings.models import SeatDraw, SeatDrawState
from participa.components.meetings.permissions import can_manage_meetings
from participa.components.meetings.services.draws import (
    seat_draw_close,
    seat_draw_create,
    seat_draw_run,
    seat_draw_set_public_value,
)
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.core.models import User
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component


def _draw_for_staff(user: User, component: Component, draw_id: int) -> SeatDraw | None:
    draw = SeatDraw.objects.filter(component=component, pk=draw_id).select_related(
        "space").first()
    if draw is not None:
        draw.component = component
    return draw


draws_staff_view = staff_view("meetings", permission=can_manage_meetings)
draw_staff_view = staff_view("meetings", permission=can_manage_meetings,
                             item=_draw_for_staff, item_arg="draw_id")


def _draw_url(component: Component, draw: SeatDraw) -> str:
    return reverse("manage:meetings:manage_draw",
                   args=[component.space.slug, component.pk, draw.pk])


@draws_staff_view
def manage_draws(request: AuthedRequest, component: Component) -> HttpResponse:
    """The component's draws, and a form to open a new one."""
    org = component.space.organization
    form = SeatDrawForm(request.POST or None, organization=org, default_space=component.space)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draw = seat_draw_create(
                acting_user=request.user, component=component, space=data["space"],
                title=form.translated_value("title"), seats=data["seats"],
                applications_close_at=data["applications_close_at"],
                committed_number=data["committed_number"],
                public_value_source=data["public_value_source"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The draw “%(title)s” is open for applications.")
                             % {"title": draw})
            return HttpResponseRedirect(_draw_url(component, draw))
    draws = list(SeatDraw.objects.filter(component=component).select_related("space"))
    return render_meetings(request, "meetings/manage/draws.html", component, form=form,
                           draws=draws)


@draw_staff_view
def manage_draw(request: AuthedRequest, component: Component, draw: SeatDraw) -> HttpResponse:
    """One draw: its applications; close, enter the public value, run."""
    value_form = PublicValueForm(
        request.POST if request.POST.get("action") == "public_value" else None,
        initial={"public_value": draw.public_value})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "close":
                seat_draw_close(acting_user=request.user, draw=draw)
                messages.success(request, _("Applications are closed; the codes are "
                                            "published."))
            elif action == "public_value":
                if value_form.is_valid():
                    seat_draw_set_public_value(
                        acting_user=request.user, draw=draw,
                        public_value=value_form.cleaned_data["public_value"])
                    messages.success(request, _("The public value is saved."))
                else:
                    raise ValidationError({"public_value": _("Enter the public value.")})
            elif action == "run":
                drawn = [item for item in seat_draw_run(acting_user=request.user, draw=draw)
                         if item.selected]
                messages.success(request, ngettext(
                    "%(count)d seat was drawn.", "%(count)d seats were drawn.", len(drawn))
                    % {"count": len(drawn)})
            else:
                messages.error(request, _("Choose what to do."))
        except ValidationError as error:
            if action == "public_value" and hasattr(error, "error_dict"):
                value_form.errors.clear()
                apply_service_errors(value_form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
                return HttpResponseRedirect(_draw_url(component, draw))
        else:
            return HttpResponseRedirect(_draw_url(component, draw))
    applications = list(draw.applications.select_related("user").order_by("rank", "code"))
    return render_meetings(request, "meetings/manage/draw.html", component, draw=draw,
                           applications=applications, value_form=value_form,
                           is_open=draw.state == SeatDrawState.OPEN,
                           closing_due=timezone.now() >= draw.applications_close_at)
