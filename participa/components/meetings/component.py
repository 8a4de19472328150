"""The meetings component: public debates, working-group meetings, information sessions,
district council duty hours and workshops, in person, online or both.

Its items, as the shared services see them:

- ``meeting``: announced meetings (drafts: those who run the space); followed, searched, with
  documents attached; a consultation's public debate is a meeting of type "public debate"
  linked to it.
- ``agenda_item``: the items of an announced meeting's agenda, with their documents.
- ``meeting_question``: residents' questions and suggestions on an agenda item (a contribution:
  counted, reportable, answered); only their redacted text is public.
- ``registration``: a person's place at a meeting (or on its waiting list); never public (only
  those who run the space see them); counted in the statistics (registered people of
  announced meetings), exported and erased with the person's data.
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
from participa.components.meetings.agenda_items import (
    AGENDA_ITEM_ATTACHMENTS,
    QUESTION_PERSONAL_DATA,
    QUESTION_REPORTS,
    QUESTION_STATS,
)
from participa.components.meetings.models import (
    QUESTION_ANSWERS,
    AgendaItem,
    AgendaQuestion,
    Meeting,
    MeetingState,
    QuestionState,
    Registration,
    RegistrationState,
    SeatDraw,
)
from participa.components.meetings.seeds import seed
from participa.components.meetings.services.registrations import (
    registrations_erase,
    registrations_export,
)
from participa.core.i18n import translated
from participa.spaces.registry import (
    AttachmentPolicy,
    ComponentSpec,
    ItemRule,
    ItemSpec,
    NavEntry,
    PersonalDataPolicy,
    SearchPolicy,
    StatsPolicy,
    UpcomingEvent,
    UrlMount,
)
from participa.spaces.selectors import public_spaces


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
        # The minutes file is public once the minutes are published (staff see it before).
        can_view_file=lambda user, meeting, attachment: (
            attachment.pk != meeting.minutes_id or meeting.minutes_published_at is not None
            or permissions.can_manage_meetings(user, meeting.component)),
        can_manage=lambda user, meeting: permissions.can_manage_meetings(user,
                                                                         meeting.component),
        manage_url=_manage_url,
    ),
    follows=True,
    events={
        "meeting.announced": _("%(actor)s announced the meeting “%(title)s”"),
        "meeting.changed": _("The meeting “%(title)s” changed"),
        "meeting.cancelled": _("The meeting “%(title)s” was cancelled"),
        "meeting.minutes_published": _("The minutes of the meeting “%(title)s” are published"),
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

# The agenda of a meeting, visible like its meeting, with its documents.
AGENDA_ITEM = ItemSpec(
    model=AgendaItem, kind="agenda_item",
    visibility=ItemRule(component="meeting__component",
                        state=~Q(meeting__state=MeetingState.DRAFT)),
    url=lambda item: item.get_absolute_url(),
    title=lambda item: str(item),
    contribution=False,
    attachments=AGENDA_ITEM_ATTACHMENTS,
    queryset=lambda: AgendaItem.objects.select_related(
        "meeting__component__space__organization"),
)

# Residents' questions on the agenda: published (redacted) at once, reportable, answered.
MEETING_QUESTION = ItemSpec(
    model=AgendaQuestion, kind="meeting_question",
    visibility=ItemRule(component="agenda_item__meeting__component",
                        state=(~Q(agenda_item__meeting__state=MeetingState.DRAFT)
                               & Q(state=QuestionState.PUBLISHED))),
    url=lambda question: question.get_absolute_url(),
    title=lambda question: str(question.agenda_item),
    contribution=True,
    stats=QUESTION_STATS,
    reports=QUESTION_REPORTS,
    answers=QUESTION_ANSWERS,
    personal_data=QUESTION_PERSONAL_DATA,
    queryset=lambda: AgendaQuestion.objects.select_related(
        "author", "agenda_item__meeting__component__space__organization"),
)


def _registrations_counted(org: Any) -> Any:
    """Registered people of announced (not cancelled) meetings of published components in
    public spaces: a count reveals nobody."""
    return Registration.objects.filter(
        state=RegistrationState.REGISTERED,
        meeting__component__space__in=public_spaces(org).values("pk"),
        meeting__component__published_at__isnull=False,
    ).exclude(meeting__state__in=[MeetingState.DRAFT, MeetingState.CANCELLED])


# Registrations: never public (only those who run the space see them).
REGISTRATION = ItemSpec(
    model=Registration, kind="registration",
    visibility=ItemRule(component="meeting__component", state=Q(pk__in=[])),
    url=lambda registration: reverse(
        "manage:meetings:manage_participants",
        args=[registration.meeting.component.space.slug, registration.meeting.component_id,
              registration.meeting_id]),
    title=lambda registration: str(registration.meeting),
    contribution=True,
    stats=StatsPolicy(
        "meeting_registrations", _("Meeting participants"), _registrations_counted,
        author_field="user_id", space_field="meeting__component__space_id",
        date_field="created_at",
    ),
    personal_data=PersonalDataPolicy(export=registrations_export, erase=registrations_erase),
    queryset=lambda: Registration.objects.select_related(
        "meeting__component__space__organization"),
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
    items=(MEETING, SEAT_DRAW, AGENDA_ITEM, MEETING_QUESTION, REGISTRATION),
    public_models={
        "meetings.Registration": "meeting.component.space.organization_id",
    },
    nav=NavEntry(_("Meetings"), "meetings_list", "meetings"),
    urls=UrlMount("meetings/", "participa.components.meetings.public_urls"),
)
