"""Template tags of a winning project's tracked implementation: ``project|tracked_item``
gives the published tracked item read with the project (no query of its own)."""

from __future__ import annotations

from typing import Any

from django import template

from participa.components.budgets.selectors_tracking import tracking_of
from participa.tracking.models import TrackedItem

register = template.Library()


@register.filter
def tracked_item(project: Any) -> TrackedItem | None:
    return tracking_of(project)
