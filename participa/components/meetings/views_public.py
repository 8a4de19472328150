"""The public lists of meetings: the organization's (``/meetings/``), a component's, and the
month calendar (``/meetings/calendar/``), all filtered the same way and all through the one
visibility rule (``selectors.meetings_visible``), in a fixed number of queries."""

from __future__ import annotations

import calendar as pycalendar
import datetime
import re
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.meetings import permissions
from participa.components.meetings.filters import (
    PAST,
    MeetingCalendarFilterSet,
    MeetingFilterSet,
)
from participa.components.meetings.models import Meeting, SeatDraw
from participa.components.meetings.selectors import meetings_public, meetings_visible
from participa.core.http import OrgRequest, org_view
from participa.core.pagecache import cache_for_visitors
from participa.spaces.models import Component

MEETINGS_PER_PAGE = 20
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def _nav(component: Component | None) -> str:
    if component is None:
        return "meetings"
    return "processes" if component.space.is_process else "assemblies"


def meeting_list_page(request: OrgRequest, component: Component | None) -> HttpResponse:
    """The list of the organization's (or ``component``'s) meetings, filtered, paginated."""
    org = request.organization
    if component is None:
        meetings = meetings_public(request.user, org)
    else:  # those who run the space see its drafts here too
        meetings = meetings_visible(request.user, org).filter(component=component)
    filterset = MeetingFilterSet.from_request(request, meetings, organization=org)
    page_obj = Paginator(filterset.filtered_qs, MEETINGS_PER_PAGE).get_page(
        request.GET.get("page"))
    district = (filterset.form.cleaned_data.get("scope")
                if filterset.is_bound and filterset.is_valid() else None)
    return render(request, "meetings/list.html", {
        "district": district,
        "component": component,
        "space": component.space if component else None,
        "form": filterset.form,
        "filtered": filterset.is_bound,
        "past": filterset.period == PAST,
        "page_obj": page_obj,
        "items": list(page_obj.object_list),
        "can_manage": (component is not None
                       and permissions.can_manage_meetings(request.user, component)),
        # A component's draws of citizen seats (their pages hold the rules and the results).
        "draws": list(SeatDraw.objects.filter(component=component)
                      .order_by("-applications_close_at", "-id")) if component else [],
        "nav": _nav(component),
    })


@cache_for_visitors
@org_view
def meeting_list(request: OrgRequest) -> HttpResponse:
    """Every announced meeting of the organization the visitor may see, whatever its space."""
    return meeting_list_page(request, None)


def _month(raw: str | None, today: datetime.date) -> tuple[datetime.date, bool]:
    """The first day of the month ``raw`` names (``2027-03``), and whether ``raw`` was valid
    (an absent or unreadable month shows the current one)."""
    found = MONTH_RE.match(raw or "")
    if found:
        year, month = int(found.group(1)), int(found.group(2))
        if 1900 <= year <= 2999 and 1 <= month <= 12:
            return datetime.date(year, month, 1), True
    return today.replace(day=1), not raw


def _next_month(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1)


def _previous_month(first: datetime.date) -> datetime.date:
    return (first - datetime.timedelta(days=1)).replace(day=1)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def month_weeks(first: datetime.date, meetings: list[Meeting],
                today: datetime.date) -> list[list[dict[str, Any] | None]]:
    """The weeks of the month (Monday first), each day with its meetings (None outside)."""
    by_day: dict[datetime.date, list[Meeting]] = {}
    for meeting in meetings:
        by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    weeks: list[list[dict[str, Any] | None]] = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append([
            {"date": day, "meetings": by_day.get(day, []), "today": day == today}
            if day.month == first.month else None
            for day in week])
    return weeks


@cache_for_visitors
@org_view
def meeting_calendar(request: OrgRequest) -> HttpResponse:
    """A month of meetings as a table (a list on narrow screens), with the list's filters."""
    org = request.organization
    today = timezone.localdate()
    first, valid = _month(request.GET.get("month"), today)
    following = _next_month(first)
    params = request.GET.copy()
    params.pop("month", None)
    filterset = MeetingCalendarFilterSet(
        {key: value for key, value in params.items() if key != "page" and value} or None,
        meetings_public(request.user, org), organization=org, request=request)
    meetings = list(filterset.filtered_qs.filter(
        starts_at__gte=_aware(first), starts_at__lt=_aware(following)).order_by("starts_at",
                                                                                 "id"))
    weeks = month_weeks(first, meetings, today)
    days = [day for week in weeks for day in week if day is not None and day["meetings"]]
    query = params.urlencode()
    return render(request, "meetings/calendar.html", {
        "form": filterset.form,
        "filtered": filterset.is_bound,
        "month": first,
        "month_error": "" if valid else _(
            "The month was not understood: write it as year-month, for example %(example)s. "
            "This month is shown instead.") % {"example": today.strftime("%Y-%m")},
        "previous": _previous_month(first),
        "next": following,
        "filter_query": f"&{query}" if query else "",
        "weekdays": [datetime.date(2024, 1, 1) + datetime.timedelta(days=n) for n in range(7)],
        "weeks": weeks,
        "days": days,
        "count": len(meetings),
        "is_current": first == today.replace(day=1),
        "nav": "meetings",
    })
