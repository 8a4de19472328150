"""Participation counts for public pages: only public, published content is counted.

Participants are the distinct people who contributed (every registered contribution kind);
followers are counted separately (people following public spaces or public items). Every
function runs a fixed number of queries whatever the number of spaces or contributions.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from participa.core.models import Organization
from participa.notifications.models import Follow
from participa.spaces.models import Space
from participa.spaces.selectors import public_spaces
from participa.stats import registry
from participa.stats.public import active_people_q, public_follow_q


@dataclass
class ParticipationCounts:
    participants: int = 0
    contributions: int = 0
    comments: int = 0
    followers: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass
class SpaceRow:
    space: Space
    counts: ParticipationCounts


def _kind_rows(kind: registry.ContributionKind, org: Organization) -> QuerySet[Any]:
    """The kind's public contributions as a plain queryset (safe to group and aggregate)."""
    public = kind.queryset(org)
    return public.model._default_manager.filter(pk__in=public.values("pk"))


def _organization_tz(org: Organization) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(org.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def organization_counts(org: Organization) -> ParticipationCounts:
    counts = ParticipationCounts()
    kinds = registry.all_kinds()
    for kind in kinds:
        totals = _kind_rows(kind, org).aggregate(
            n=Count("pk"), people=Count(kind.author_field, distinct=True))
        counts.by_kind[kind.name] = totals["n"]
        counts.contributions += totals["n"]
        if len(kinds) == 1:
            counts.participants = totals["people"]
    if len(kinds) > 1:
        authors: QuerySet[Any] | None = None
        for kind in kinds:
            # Contributions registered by staff (letters, e-mails) may have no account.
            values = (_kind_rows(kind, org).order_by()
                      .filter(**{f"{kind.author_field}__isnull": False})
                      .values_list(kind.author_field, flat=True))
            authors = values if authors is None else authors.union(values)
        counts.participants = authors.count() if authors is not None else 0
    counts.comments = counts.by_kind.get("comments", 0)
    counts.followers = (
        Follow.objects.filter(organization=org).filter(public_follow_q(org))
        .filter(active_people_q("user__")).values("user_id").distinct().count()
    )
    return counts


def space_counts_many(spaces: Sequence[Space]) -> dict[int, ParticipationCounts]:
    """Counts of each space (all of one organization): one query per contribution kind and one
    for the followers of the spaces."""
    result = {space.pk: ParticipationCounts() for space in spaces}
    if not spaces:
        return result
    org = spaces[0].organization
    ids = list(result)
    people: dict[int, set[Any]] = defaultdict(set)
    for kind in registry.all_kinds():
        grouped = (
            _kind_rows(kind, org).filter(**{f"{kind.space_field}__in": ids})
            .values(kind.space_field, kind.author_field).annotate(n=Count("pk"))
            .order_by()
        )
        for row in grouped:
            space_id = row[kind.space_field]
            counts = result[space_id]
            counts.by_kind[kind.name] = counts.by_kind.get(kind.name, 0) + row["n"]
            counts.contributions += row["n"]
            if row[kind.author_field] is not None:
                people[space_id].add(row[kind.author_field])
    space_type = ContentType.objects.get_for_model(Space)
    followers = (
        Follow.objects.filter(content_type_id=space_type.pk, object_id__in=ids)
        .filter(active_people_q("user__")).values("object_id")
        .annotate(n=Count("user_id", distinct=True)).order_by()
    )
    for row in followers:
        result[row["object_id"]].followers = row["n"]
    for space_id, counts in result.items():
        counts.participants = len(people.get(space_id, ()))
        counts.comments = counts.by_kind.get("comments", 0)
    return result


def space_counts(space: Space) -> ParticipationCounts:
    return space_counts_many([space])[space.pk]


def space_rows(org: Organization) -> QuerySet[Space]:
    """Public published spaces, most recently published first (for the statistics table)."""
    return public_spaces(org).select_related("organization").order_by("-published_at", "-id")


def with_counts(spaces: Sequence[Space]) -> list[SpaceRow]:
    counts = space_counts_many(spaces)
    return [SpaceRow(space=space, counts=counts[space.pk]) for space in spaces]


def month_starts(org: Organization, months: int = 12,
                 today: datetime.date | None = None) -> list[datetime.date]:
    """The first days of the last ``months`` months (the current one last)."""
    today = today or timezone.localtime(timezone=_organization_tz(org)).date()
    year, month = today.year, today.month
    starts = []
    for _ in range(months):
        starts.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(starts))


def monthly_comments(org: Organization, months: int = 12,
                     today: datetime.date | None = None) -> list[tuple[datetime.date, int]]:
    """Public comments per month over the last ``months`` months (in the organization's time
    zone), months without comments included: one query."""
    starts = month_starts(org, months, today)
    kind = registry.get("comments")
    if kind is None:
        return [(start, 0) for start in starts]
    tz = _organization_tz(org)
    since = datetime.datetime.combine(starts[0], datetime.time.min, tzinfo=tz)
    grouped = (
        _kind_rows(kind, org).filter(**{f"{kind.date_field}__gte": since})
        .annotate(month=TruncMonth(kind.date_field, tzinfo=tz))
        .values("month").annotate(n=Count("pk")).order_by("month")
    )
    by_month: dict[datetime.date, int] = {}
    for row in grouped:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.astimezone(tz).date() if timezone.is_aware(month) else month.date()
        by_month[month.replace(day=1)] = by_month.get(month.replace(day=1), 0) + row["n"]
    return [(start, by_month.get(start, 0)) for start in starts]
