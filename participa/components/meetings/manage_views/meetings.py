"""Staff views: the component's meetings and one meeting's back-office page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse

from participa.components.meetings.models import Meeting
from participa.components.meetings.permissions import can_manage_meetings
from participa.core.http import AuthedRequest
from participa.core.models import User
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component
from participa.spaces.staff import render_manage

COMPONENT_TYPE = "meetings"
MEETINGS_PER_SCREEN = 50


def _meeting_for_staff(user: User, component: Component, meeting_id: int) -> Meeting | None:
    meeting = Meeting.objects.filter(component=component, pk=meeting_id).first()
    if meeting is not None:
        meeting.component = component
    return meeting


# The component if the person may run its meetings; 404 otherwise (missing = forbidden).
meetings_staff_view = staff_view(COMPONENT_TYPE, permission=can_manage_meetings)
meeting_staff_view = staff_view(COMPONENT_TYPE, permission=can_manage_meetings,
                                item=_meeting_for_staff, item_arg="meeting_id")


def render_meetings(request: AuthedRequest, template: str, component: Component,
                    **extra: object) -> HttpResponse:
    context = {"component": component, "space": component.space, **extra}
    return render_manage(request, template, context, nav="spaces")


@meetings_staff_view
def manage_index(request: AuthedRequest, component: Component) -> HttpResponse:
    meetings = Meeting.objects.filter(component=component).order_by("-starts_at", "-id")
    page_obj = Paginator(meetings, MEETINGS_PER_SCREEN).get_page(request.GET.get("page"))
    return render_meetings(request, "meetings/manage/index.html", component, page_obj=page_obj)


@meeting_staff_view
def manage_detail(request: AuthedRequest, component: Component,
                  meeting: Meeting) -> HttpResponse:
    return render_meetings(request, "meetings/manage/detail.html", component, meeting=meeting)
