"""Who may see, run and take part in meetings."""

from __future__ import annotations

from typing import Any

from participa.components.meetings.models import Meeting
from participa.core import permissions as core_permissions
from participa.spaces import permissions as space_permissions
from participa.spaces.models import Component


def can_manage_meetings(user: Any, component: Component) -> bool:
    """Create, change, announce and cancel the meetings of ``component``; see and check in
    their participants."""
    return space_permissions.can_manage_component(user, component)


def can_take_part(user: Any, meeting: Meeting) -> bool:
    """Registered people of the organization (register, send questions, apply for seats)."""
    return core_permissions.belongs_to(user, meeting.component.space.organization)
