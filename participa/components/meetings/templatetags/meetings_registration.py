"""``{% registration_box %}``: the registration box of a meeting page (places, the form, the
person's state, the online link shortly before the start)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from participa.components.meetings import permissions
from participa.components.meetings.forms_registration import RegistrationForm
from participa.components.meetings.models import (
    Meeting,
    MeetingState,
    Registration,
    RegistrationMode,
    RegistrationState,
)
from participa.components.meetings.services.registrations import ACTIVE, online_link_visible

register = template.Library()


def registration_state(user: Any, meeting: Meeting, now: Any = None) -> dict[str, Any]:
    """What the registration box shows ``user`` about ``meeting`` (two queries)."""
    now = now or timezone.now()
    registration = None
    if getattr(user, "is_authenticated", False):
        registration = Registration.objects.filter(meeting=meeting, user=user,
                                                   state__in=ACTIVE).first()
    waiting = Registration.objects.filter(meeting=meeting,
                                          state=RegistrationState.WAITING).count()
    open_ = (meeting.state == MeetingState.SCHEDULED and meeting.starts_at > now
             and meeting.registration_mode != RegistrationMode.CLOSED)
    return {
        "meeting": meeting, "registration": registration, "waiting_count": waiting,
        "registration_open": open_, "started": meeting.starts_at <= now,
        "full": meeting.capacity is not None and meeting.registered_count >= meeting.capacity,
        "can_take_part": permissions.can_take_part(user, meeting),
        "show_online_link": online_link_visible(registration, meeting, now),
    }


@register.inclusion_tag("meetings/_registration_form_box.html", takes_context=True)
def registration_box(context: template.Context, meeting: Meeting) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    values = registration_state(user, meeting)
    form = context.get("registration_form")
    if form is None and values["registration_open"]:
        form = RegistrationForm(meeting)
    values.update({"request": request, "form": form, "csrf_token": context.get("csrf_token"),
                   "space": context.get("space"), "component": context.get("component")})
    return values
