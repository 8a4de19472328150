"""Recurring meetings: one ``MeetingSeries`` (its RFC 5545 RRULE) and one ``Meeting`` per
occurrence, each then changed or cancelled on its own.

The occurrences are computed in the organization's local time (``dateutil.rrule`` over naive
local date-times, then made aware), so a 17:00 monthly meeting stays at 17:00 on both sides of
a daylight-saving change.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Mapping
from typing import Any

from dateutil import rrule
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from participa.components.meetings.actions import MeetingAction
from participa.components.meetings.models import Meeting, MeetingSeries, MeetingState
from participa.components.meetings.services.meetings import (
    meeting_cancel,
    meeting_create,
    meeting_delete,
)
from participa.core.audit import audited_create
from participa.core.models import User
from participa.spaces.models import Component

MAX_OCCURRENCES = 24


class Repeat(models.TextChoices):
    NEVER = "", gettext_lazy("Never")
    WEEKLY = "weekly", gettext_lazy("Every week")
    FORTNIGHTLY = "fortnightly", gettext_lazy("Every two weeks")
    MONTHLY_WEEKDAY = "monthly_weekday", gettext_lazy(
        "Every month, on the same weekday (for example the first Tuesday)")
    MONTHLY_DAY = "monthly_day", gettext_lazy("Every month, on the same day of the month")


def _local_zone(component: Component) -> datetime.tzinfo:
    name = component.space.organization.time_zone
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def build_rule(*, repeat: str, first: datetime.datetime, until: datetime.date | None = None,
               count: int | None = None) -> rrule.rrule:
    """The rule of a series starting at ``first`` (naive, local time)."""
    options: dict[str, Any] = {"dtstart": first}
    if count is not None:
        options["count"] = count
    if until is not None:
        options["until"] = datetime.datetime.combine(until, datetime.time(23, 59, 59))
    if repeat == Repeat.WEEKLY:
        return rrule.rrule(rrule.WEEKLY, **options)
    if repeat == Repeat.FORTNIGHTLY:
        return rrule.rrule(rrule.WEEKLY, interval=2, **options)
    if repeat == Repeat.MONTHLY_WEEKDAY:
        # The n-th weekday of the month; the fifth is "the last" (not every month has one).
        nth = (first.day - 1) // 7 + 1
        weekday = rrule.weekdays[first.weekday()]
        return rrule.rrule(rrule.MONTHLY, byweekday=weekday(nth if nth < 5 else -1), **options)
    if repeat == Repeat.MONTHLY_DAY:
        # Months without that day (the 31st) are skipped, as RFC 5545 says.
        return rrule.rrule(rrule.MONTHLY, bymonthday=first.day, **options)
    raise ValueError(f"Unknown repetition {repeat!r}")


def rule_text(rule: rrule.rrule) -> str:
    """The RRULE line (without DTSTART) as RFC 5545 writes it."""
    lines = [line for line in str(rule).splitlines() if line.startswith("RRULE:")]
    return lines[0].removeprefix("RRULE:")


def occurrences(*, repeat: str, starts_at: datetime.datetime, ends_at: datetime.datetime,
                zone: datetime.tzinfo, until: datetime.date | None = None,
                count: int | None = None) -> tuple[rrule.rrule,
                                                   list[tuple[datetime.datetime,
                                                              datetime.datetime]]]:
    """The rule and the (start, end) of each occurrence, aware, in local wall-clock time."""
    first = timezone.localtime(starts_at, zone).replace(tzinfo=None)
    last = timezone.localtime(ends_at, zone).replace(tzinfo=None)
    length = last - first
    rule = build_rule(repeat=repeat, first=first, until=until, count=count)
    dates = list(rule[:MAX_OCCURRENCES + 1])
    return rule, [(timezone.make_aware(day, zone), timezone.make_aware(day + length, zone))
                  for day in dates]


def _refuse(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: message}, code=code)


@transaction.atomic
def meeting_series_create(*, acting_user: User | None, component: Component,
                          data: Mapping[str, Any], repeat: str,
                          until: datetime.date | None = None, count: int | None = None,
                          publish: bool = False) -> list[Meeting]:
    """A series: the rule and one meeting per occurrence (all drafts, or all announced), at
    most ``MAX_OCCURRENCES``. ``data`` is what ``meeting_create`` takes; its start and end are
    the first occurrence's."""
    if repeat not in Repeat.values or repeat == Repeat.NEVER:
        raise _refuse("repeat", _("Choose how the meeting repeats."), "repeat")
    if (until is None) == (count is None):
        raise _refuse("repeat_until", _(
            "Say until which day the meeting repeats, or how many times (not both)."), "end")
    if count is not None and not 2 <= count <= MAX_OCCURRENCES:
        raise _refuse("repeat_count", _(
            "The number of meetings in a series is from 2 to %(max)d.")
            % {"max": MAX_OCCURRENCES}, "count")
    starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
    if not isinstance(starts_at, datetime.datetime) or not isinstance(ends_at,
                                                                      datetime.datetime):
        raise _refuse("starts_at", _("Give the date and time of the first meeting."), "start")
    zone = _local_zone(component)
    if until is not None and until <= timezone.localtime(starts_at, zone).date():
        raise _refuse("repeat_until", _(
            "The last day of the series must come after the first meeting."), "until")
    rule, dates = occurrences(repeat=repeat, starts_at=starts_at, ends_at=ends_at, zone=zone,
                              until=until, count=count)
    if len(dates) > MAX_OCCURRENCES:
        raise _refuse("repeat_until", ngettext(
            "A series has at most %(max)d meeting: choose an earlier last day.",
            "A series has at most %(max)d meetings: choose an earlier last day.",
            MAX_OCCURRENCES) % {"max": MAX_OCCURRENCES}, "too_many")
    if len(dates) < 2:
        raise _refuse("repeat_until", _(
            "Until that day the meeting would take place only once: choose a later last day, "
            "or do not repeat it."), "too_few")
    series: MeetingSeries = audited_create(
        MeetingSeries, organization=component.space.organization, actor=acting_user,
        action=MeetingAction.MEETING_SERIES_CREATE, values={"rrule": rule_text(rule)})
    meetings = []
    for start, end in dates:
        values = {**data, "starts_at": start, "ends_at": end}
        try:
            meetings.append(meeting_create(acting_user=acting_user, component=component,
                                           data=values, publish=publish,
                                           linking={"series": series}))
        except ValidationError as error:
            if hasattr(error, "error_dict") and len(meetings):
                day = formats.date_format(timezone.localtime(start, zone), "DATE_FORMAT")
                raise ValidationError(_("The meeting of %(date)s cannot be created: %(error)s")
                                      % {"date": day, "error": " ".join(error.messages)},
                                      code="occurrence") from error
            raise
    return meetings


def following_in_series(meeting: Meeting) -> list[Meeting]:
    """This meeting and the later ones of its series that are still to take place."""
    if meeting.series_id is None:
        return [meeting]
    return list(Meeting.objects.filter(series_id=meeting.series_id,
                                       starts_at__gte=meeting.starts_at)
                .exclude(state__in=[MeetingState.CANCELLED, MeetingState.CLOSED])
                .select_related("component__space__organization")
                .order_by("starts_at", "id"))


@transaction.atomic
def meeting_series_cancel_following(*, acting_user: User | None, meeting: Meeting,
                                    reason: str) -> int:
    """Cancel this meeting and the following ones of its series with one reason (drafts among
    them are deleted: nobody was told of them). Returns how many were cancelled or deleted."""
    if not (reason or "").strip():
        raise ValidationError({"cancel_reason": _(
            "Write why the meetings are cancelled: the reason is published with them.")},
            code="reason")
    done = 0
    for item in following_in_series(meeting):
        if item.state == MeetingState.DRAFT:
            meeting_delete(acting_user=acting_user, meeting=item)
        else:
            meeting_cancel(acting_user=acting_user, meeting=item, reason=reason)
        done += 1
    return done
