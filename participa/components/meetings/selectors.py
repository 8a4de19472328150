"""Reads of meetings used by views, feeds, exports and the home page."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from participa.components.meetings.models import (
    Meeting,
    MeetingState,
    Registration,
    RegistrationState,
)
from participa.core.models import Organization, Scope, User
from participa.notifications.models import Follow
from participa.spaces.models import Component, Space
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


def meetings_public(user: Any, org: Organization, *,
                    component: Component | None = None) -> QuerySet[Meeting]:
    """Announced meetings the visitor may see, in published components (lists, calendars and
    feeds: never a draft, even to those who run the space)."""
    qs = meetings_visible(user, org).exclude(state=MeetingState.DRAFT).filter(
        component__published_at__isnull=False)
    if component is not None:
        qs = qs.filter(component=component)
    return qs


# Feeds carry the meetings of the last three months and every later one.
FEED_PAST_DAYS = 90


def meetings_in_feed(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings of ``qs`` a calendar feed carries: recent and future ones, soonest first."""
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    return qs.filter(ends_at__gte=since).order_by("starts_at", "id")


def meetings_of_person(user: User, org: Organization) -> QuerySet[Meeting]:
    """A person's calendar: the announced meetings they may see and are registered for (or
    waiting, or invited), and those of the meetings, components, spaces and districts they
    follow."""
    registered = Registration.objects.filter(user=user).exclude(
        state=RegistrationState.CANCELLED).values("meeting_id")
    follows = Follow.objects.filter(user=user, organization=org)

    def followed(model: type[models.Model]) -> QuerySet[Any]:
        return follows.filter(content_type=ContentType.objects.get_for_model(model)).values(
            "object_id")

    wanted = (Q(pk__in=registered) | Q(pk__in=followed(Meeting))
              | Q(component_id__in=followed(Component))
              | Q(component__space_id__in=followed(Space))
              | Q(scope_id__in=followed(Scope))
              | Q(scope__isnull=True, component__space__scope_id__in=followed(Scope)))
    return meetings_public(user, org).filter(wanted)
