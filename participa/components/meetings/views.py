"""Public views of the meetings component: the list of a component's meetings and a meeting."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from participa.components.meetings import permissions
from participa.components.meetings.models import Meeting, SeatDraw, SeatDrawState
from participa.components.meetings.selectors import meeting_get_for_user, meetings_visible
from participa.core.http import OrgRequest
from participa.core.pagecache import cache_for_visitors
from participa.spaces.decorators import component_view
from participa.spaces.models import Component


def _nav(component: Component) -> str:
    return "processes" if component.space.is_process else "assemblies"


@cache_for_visitors
@component_view("meetings")
def index(request: OrgRequest, component: Component) -> HttpResponse:
    """The component's meetings: upcoming first, then past ones."""
    meetings = list(meetings_visible(request.user, request.organization)
                    .filter(component=component).order_by("starts_at", "id"))
    now = timezone.now()
    return render(request, "meetings/index.html", {
        "component": component, "space": component.space,
        "upcoming": [item for item in meetings if item.ends_at >= now],
        "past": [item for item in reversed(meetings) if item.ends_at < now],
        "can_manage": permissions.can_manage_meetings(request.user, component),
        "nav": _nav(component),
        # Draws of citizen seats not drawn yet (their pages hold the rules and the results).
        "draws": list(SeatDraw.objects.filter(component=component)
                      .exclude(state=SeatDrawState.DRAWN).order_by("applications_close_at")),
    })


@component_view("meetings", item=meeting_get_for_user, item_arg="meeting_id")
def detail(request: OrgRequest, component: Component, meeting: Meeting) -> HttpResponse:
    return render(request, "meetings/detail.html", {
        "component": component, "space": component.space, "meeting": meeting,
        "can_manage": permissions.can_manage_meetings(request.user, component),
        "nav": _nav(component),
    })
