"""Reads of meetings used by views, feeds, exports and the home page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from participa.components.meetings.models import Meeting
from participa.core.models import Organization
from participa.spaces.models import Component
from participa.spaces.registry import item_spec
from participa.spaces.visibility import visible


def meetings_visible(user: Any, org: Organization) -> QuerySet[Meeting]:
    """Every meeting of ``org`` the visitor may see (the one rule, from the manifest)."""
    spec = item_spec("meeting")
    assert spec is not None
    return visible(spec, user, org).select_related(
        "component__space__organization", "organizer_area", "organizer_space",
        "co_organizer", "scope")


def meeting_get_for_user(user: Any, component: Component, meeting_id: int) -> Meeting | None:
    """The meeting if it exists in ``component`` and the visitor may see it (else None)."""
    meeting = meetings_visible(user, component.space.organization).filter(
        component=component, pk=meeting_id).first()
    if meeting is not None:
        meeting.component = component
    return meeting
