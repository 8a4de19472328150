"""The meetings component's audit and journal actions, declared in its manifest."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class MeetingAction(models.TextChoices):
    """The audit actions only meetings record."""

    MEETING_CREATE = "meeting.create"
    MEETING_UPDATE = "meeting.update"
    MEETING_PUBLISH = "meeting.publish"
    MEETING_CANCEL = "meeting.cancel"
    MEETING_CLOSE = "meeting.close"
    MEETING_DELETE = "meeting.delete"
    MEETING_SERIES_CREATE = "meeting_series.create"
    MEETING_MINUTES_PUBLISH = "meeting.minutes_publish"
    MEETING_LINK_CREATE = "meeting_link.create"
    MEETING_LINK_DELETE = "meeting_link.delete"
    REGISTRATION_CREATE = "registration.create"
    REGISTRATION_CANCEL = "registration.cancel"
    REGISTRATION_PROMOTE = "registration.promote"
    REGISTRATION_INVITE = "registration.invite"
    REGISTRATION_CHECK_IN = "registration.check_in"
    REGISTRATION_SPEAKER = "registration.speaker"
    AGENDA_ITEM_CREATE = "agenda_item.create"
    AGENDA_ITEM_UPDATE = "agenda_item.update"
    AGENDA_ITEM_DELETE = "agenda_item.delete"
    AGENDA_QUESTION_CREATE = "agenda_question.create"
    AGENDA_QUESTION_ADDRESS = "agenda_question.address"
    AGENDA_QUESTION_HIDE = "agenda_question.hide"
    # Agenda, questions, speakers and the record after the meeting.
    AGENDA_ITEM_MOVE = "agenda_item.move"
    AGENDA_QUESTION_ANSWER = "agenda_question.answer"
    REGISTRATION_SPEAKER_MOVE = "registration.speaker_move"
    MEETING_MINUTES_UPDATE = "meeting.minutes_update"
    MEETING_MINUTES_REDACTION = "meeting.minutes_redaction"
    MEETING_MINUTES_CORRECT = "meeting.minutes_correct"
    SEAT_DRAW_CREATE = "seat_draw.create"
    SEAT_DRAW_CLOSE = "seat_draw.close"
    SEAT_DRAW_PUBLIC_VALUE = "seat_draw.public_value"
    SEAT_DRAW_DRAW = "seat_draw.draw"
    SEAT_APPLICATION_CREATE = "seat_application.create"
    SEAT_APPLICATION_WITHDRAW = "seat_application.withdraw"
    CALENDAR_FEED_CREATE = "calendar_feed.create"
    CALENDAR_FEED_RENEW = "calendar_feed.renew"


class MeetingJournalAction(models.TextChoices):
    """What the public journal says about meetings."""

    MEETING_ANNOUNCED = "meeting_announced", _("Meeting announced")
    MEETING_CHANGED = "meeting_changed", _("Meeting changed")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    MINUTES_PUBLISHED = "meeting_minutes", _("Minutes published")
    SEATS_DRAWN = "seats_drawn", _("Citizen seats drawn")


JOURNAL_SENTENCES: dict[str, Promise] = {
    MeetingJournalAction.MEETING_ANNOUNCED: _("Announced the meeting “%(title)s” of "
                                              "%(starts_at)s."),
    MeetingJournalAction.MEETING_CHANGED: _("Changed the date, place or link of the meeting "
                                            "“%(title)s”, now on %(starts_at)s."),
    MeetingJournalAction.MEETING_CANCELLED: _("Cancelled the meeting “%(title)s” of "
                                              "%(starts_at)s."),
    MeetingJournalAction.MINUTES_PUBLISHED: _("Published the minutes of the meeting "
                                              "“%(title)s” of %(starts_at)s."),
    MeetingJournalAction.SEATS_DRAWN: _("Drew the citizen seats of “%(title)s”."),
}
