"""Reads of the winning projects' tracked implementation: the project page reads its
published tracked item (status, progress, money planned and spent) as columns of its own
query (``with_tracking``), so the page runs the same number of queries tracked or not."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, QuerySet, Subquery

from participa.tracking.models import TrackedItem
from participa.tracking.selectors import tracked_of, with_tracked

__all__ = ["tracking_of", "with_tracking"]


def with_tracking(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """``with_tracked`` (id, status, progress of the published tracked item) and its money
    planned and spent (``tracked_spent``, ``tracked_planned_cost``)."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    tracked = TrackedItem.objects.filter(content_type=content_type, object_id=OuterRef("pk"),
                                         published_at__isnull=False)
    return with_tracked(queryset).annotate(
        tracked_spent=Subquery(tracked.values("spent")[:1]),
        tracked_planned_cost=Subquery(tracked.values("planned_cost")[:1]))


def tracking_of(project: Any) -> TrackedItem | None:
    """The published tracked item read with the project by :func:`with_tracking` (enough of
    it for the page: address, status, progress, money), or None."""
    item = tracked_of(project)
    if item is None:
        return None
    item.spent = getattr(project, "tracked_spent", None) or 0
    item.planned_cost = getattr(project, "tracked_planned_cost", None)
    return item
