"""The filters of the public lists and the month calendar of meetings, on the shared
``ListFilterSet``: dates, district (a meeting's own, else its space's), area (the organizing
department, else the space's), type and organizer (a department, a working group or an
association), and whether upcoming (the default) or past meetings are shown."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from participa.components.meetings.models import MeetingType
from participa.components.meetings.services.meetings import FIRST_YEAR, LAST_YEAR
from participa.core.i18n import translated
from participa.core.models import Area, UserGroup
from participa.spaces.filters import AreaFilter, ListFilterSet, ScopeTreeFilter
from participa.spaces.models import Space, SpaceKind

SCOPE_PATHS = ("scope", "component__space__scope")
AREA_PATHS = ("organizer_area", "component__space__area")
# Organizer values: "area-<id>", "space-<id>", "group-<id>".
ORGANIZER_KINDS = ("area", "space", "group")
UPCOMING, PAST, ALL = "", "past", "all"


def _local_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def organizer_choices(organization: Any) -> list[tuple[str, Any]]:
    """The organizers one may choose, grouped: departments, working groups, associations
    (three queries, whatever the number of meetings)."""
    areas = sorted(Area.objects.filter(organization=organization), key=lambda a: str(a).lower())
    spaces = sorted(
        Space.objects.filter(organization=organization, kind=SpaceKind.ASSEMBLY,
                             published_at__isnull=False),
        key=lambda s: translated(s.title).lower())
    groups = UserGroup.objects.filter(organization=organization,
                                      verified_at__isnull=False).order_by("name")
    choices: list[tuple[str, Any]] = [("", _("All"))]
    if areas:
        choices.append((str(_("Departments")), [(f"area-{a.pk}", str(a)) for a in areas]))
    if spaces:
        choices.append((str(_("Working groups")),
                        [(f"space-{s.pk}", translated(s.title)) for s in spaces]))
    groups_list = list(groups)
    if groups_list:
        choices.append((str(_("Associations")), [(f"group-{g.pk}", g.name)
                                                 for g in groups_list]))
    return choices


class MeetingCalendarFilterSet(ListFilterSet):
    """The month calendar's filters (the month itself chooses the dates)."""

    scope = ScopeTreeFilter(label=_("District"), paths=SCOPE_PATHS)
    area = AreaFilter(label=_("Area"), paths=AREA_PATHS)
    type = django_filters.ChoiceFilter(label=_("Type"), choices=MeetingType.choices,
                                       empty_label=_("All"))
    organizer = django_filters.ChoiceFilter(label=_("Organizer"), choices=[],
                                            method="filter_organizer", empty_label=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["organizer"].extra["choices"] = organizer_choices(self.organization)

    def filter_organizer(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        kind, _sep, raw = value.partition("-")
        if kind not in ORGANIZER_KINDS or not raw.isdigit():
            return qs.none()
        pk = int(raw)
        if kind == "area":
            return qs.filter(organizer_area_id=pk)
        if kind == "group":
            return qs.filter(co_organizer_id=pk)
        return qs.filter(Q(organizer_space_id=pk)
                         | Q(organizer_space__isnull=True, component__space_id=pk))


class MeetingFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("date_from", "date_to"):
            value = data.get(name)
            if value and not FIRST_YEAR <= value.year <= LAST_YEAR:
                self.add_error(name, _("Choose a date between the years %(first)s and "
                                       "%(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR})
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date: choose a "
                                        "day on or after %(date)s.") % {
                "date": formats.date_format(start, "DATE_FORMAT")})
        return data


class MeetingFilterSet(MeetingCalendarFilterSet):
    """The lists: the calendar's filters, a date range, and upcoming / past."""

    class Meta:
        form = MeetingFilterForm

    when = django_filters.ChoiceFilter(
        label=_("When"), choices=[(PAST, _("Past meetings")), (ALL, _("All dates"))],
        empty_label=_("Upcoming meetings"), method="filter_when")
    date_from = django_filters.DateFilter(label=_("From"), method="filter_from",
                                          widget=DateInput())
    date_to = django_filters.DateFilter(label=_("Until"), method="filter_to",
                                        widget=DateInput())

    def filter_when(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs  # applied by ``filtered_qs``, also when nothing was chosen

    def filter_from(self, qs: QuerySet[Any], name: str, value: datetime.date) -> QuerySet[Any]:
        return qs.filter(ends_at__gte=_local_start(value))

    def filter_to(self, qs: QuerySet[Any], name: str, value: datetime.date) -> QuerySet[Any]:
        return qs.filter(starts_at__lt=_local_start(value + datetime.timedelta(days=1)))

    @property
    def period(self) -> str:
        value = (self.data or {}).get("when", UPCOMING)
        return value if value in (UPCOMING, PAST, ALL) else UPCOMING

    @property
    def filtered_qs(self) -> QuerySet[Any]:
        """Upcoming meetings (soonest first) unless past (latest first) or all are chosen."""
        qs = super().filtered_qs
        now = timezone.now()
        if self.period == PAST:
            return qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")
        if self.period == ALL:
            return qs.order_by("starts_at", "id")
        return qs.filter(ends_at__gte=now).order_by("starts_at", "id")
