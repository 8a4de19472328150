"""The meetings component: public debates, working-group meetings, information sessions,
district council duty hours and workshops, in person, online or both.

Its items, as the shared services see them:

- ``meeting``: announced meetings (drafts: those who run the space); followed, searched, with
  documents attached; a consultation's public debate is a meeting of type "public debate"
  linked to it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.components.meetings import permissions
from participa.components.meetings.actions import (
    JOURNAL_SENTENCES,
    MeetingAction,
    MeetingJournalAction,
)
from participa.components.meetings.models import Meeting, MeetingState, SeatDraw
from participa.components.meetings.seeds import seed
from participa.core.i18n import translated
from participa.spaces.registry import (
    AttachmentPolicy,
    ComponentSpec,
    ItemRule,
    ItemSpec,
    SearchPolicy,
    UpcomingEvent,
)


def _manage_url(meeting: Meeting) -> str:
    return reverse("manage:meetings:manage_detail",
                   args=[meeting.component.space.slug, meeting.component_id, meeting.pk])


MEETING = ItemSpec(
    model=Meeting, kind="meeting",
    visibility=ItemRule(component="component", state=~Q(state=MeetingState.DRAFT)),
    url=lambda meeting: meeting.get_absolute_url(),
    title=lambda meeting: str(meeting),
    contribution=False,
    search=SearchPolicy(
        label=_("Meetings"),
        text=lambda meeting: {"title": meeting.title, "body": meeting.description},
        date=lambda meeting: meeting.starts_at,
        scope=lambda meeting: meeting.scope or meeting.component.space.scope,
        area=lambda meeting: meeting.organizer_area or meeting.component.space.area,
        indexable=lambda meeting: meeting.state != MeetingState.DRAFT,
        queryset=lambda: Meeting.objects.select_related(
            "component__space__organization", "scope", "organizer_area"),
    ),
    attachments=AttachmentPolicy(
        can_manage=lambda user, meeting: permissions.can_manage_meetings(user,
                                                                         meeting.component),
        manage_url=_manage_url,
    ),
    follows=True,
    events={
        "meeting.announced": _("%(actor)s announced the meeting “%(title)s”"),
        "meeting.changed": _("The meeting “%(title)s” changed"),
        "meeting.cancelled": _("The meeting “%(title)s” was cancelled"),
    },
    queryset=lambda: Meeting.objects.select_related(
        "component__space__organization").prefetch_related("component__space__phases"),
)

# Draws of citizen seats: public from the start (the commitment is published in advance).
SEAT_DRAW = ItemSpec(
    model=SeatDraw, kind="seat_draw",
    visibility=ItemRule(component="component"),
    url=lambda draw: draw.get_absolute_url(),
    title=lambda draw: str(draw),
    contribution=False,
    follows=True,
    events={"seat_draw.selected": _("You were drawn for a citizen seat: “%(title)s”")},
    queryset=lambda: SeatDraw.objects.select_related("component__space__organization"),
)


def _upcoming(user: Any, organization: Any, limit: int) -> list[UpcomingEvent]:
    # Local import: the selectors read the manifest's item rule (declared in this module).
    from participa.components.meetings.selectors import meetings_visible

    meetings = (meetings_visible(user, organization)
                .filter(state=MeetingState.SCHEDULED, ends_at__gte=timezone.now())
                .filter(component__published_at__isnull=False)
                .select_related("component__space", "consultation")
                .order_by("starts_at", "id")[:limit])
    events = []
    for meeting in meetings:
        space = meeting.component.space
        events.append(UpcomingEvent(
            starts_at=meeting.starts_at, title=str(meeting), url=meeting.get_absolute_url(),
            place=meeting.address if meeting.is_in_person else "",
            context_label=str(meeting.get_type_display()),
            context=translated(space.title), context_url=space.get_absolute_url(),
        ))
    return events


SPEC = ComponentSpec(
    name="meetings",
    label=_("Meetings"),
    app_label="meetings",
    audit_actions=MeetingAction,
    journal_actions=MeetingJournalAction,
    journal_sentences=JOURNAL_SENTENCES,
    description=_("Public debates, working-group meetings, information sessions, duty hours "
                  "and workshops, with registration."),
    public_url_name="index",
    manage_url_name="manage_index",
    upcoming=_upcoming,
    seeds=seed,
    items=(MEETING, SEAT_DRAW),
    public_models={
        "meetings.Registration": "meeting.component.space.organization_id",
    },
)
