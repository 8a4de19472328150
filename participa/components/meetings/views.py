"""Public views of the meetings component: the list of a component's meetings and a meeting."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from participa.components.meetings import permissions, views_agenda
from participa.components.meetings.models import Meeting
from participa.components.meetings.selectors import meeting_get_for_user
from participa.components.meetings.services.meetings import announcement_sentence
from participa.components.meetings.views_public import meeting_list_page
from participa.core.http import OrgRequest
from participa.core.pagecache import cache_for_visitors
from participa.spaces.decorators import component_view
from participa.spaces.models import Component
from participa.spaces.visibility import can_view


def _nav(component: Component) -> str:
    return "processes" if component.space.is_process else "assemblies"


@cache_for_visitors
@component_view("meetings")
def index(request: OrgRequest, component: Component) -> HttpResponse:
    """The component's meetings, filtered like the organization's list (upcoming first)."""
    return meeting_list_page(request, component)


@component_view("meetings", item=meeting_get_for_user, item_arg="meeting_id")
def detail(request: OrgRequest, component: Component, meeting: Meeting) -> HttpResponse:
    consultation = meeting.consultation  # a consultation's public debate
    return render(request, "meetings/detail.html", {
        "component": component, "space": component.space, "meeting": meeting,
        "consultation": consultation if consultation is not None
        and can_view(request.user, consultation) else None,
        "announcement": announcement_sentence(meeting),
        "can_manage": permissions.can_manage_meetings(request.user, component),
        "nav": _nav(component),
        # Agenda, questions, speakers and the record after the meeting.
        **views_agenda.agenda_context(request, meeting),
    })
