"""Reordering rows that carry a ``position``: shared by every "move up / move down" service."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import QuerySet


def swap_with_neighbour(queryset: QuerySet[Any], obj: Any,
                        direction: Literal["up", "down"]) -> list[list[int]] | None:
    """Swap ``obj`` with its neighbour above or below in ``queryset`` and renumber 0..n-1.

    ``queryset`` holds the rows of one ordered list; they are locked (``select_for_update``)
    and read in order of ``position`` then ``id``. Returns ``[before, after]`` (the ids in
    order, for the audit entry), or None when ``obj`` is already at that end. ``obj.position``
    is updated in place.
    """
    items = list(queryset.select_for_update().order_by("position", "id"))
    index = next((i for i, item in enumerate(items) if item.pk == obj.pk), None)
    if index is None:
        return None
    target = index - 1 if direction == "up" else index + 1
    if target < 0 or target >= len(items):
        return None
    before = [item.pk for item in items]
    items[index], items[target] = items[target], items[index]
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
        if item.pk == obj.pk:
            obj.position = position
    return [before, [item.pk for item in items]]
