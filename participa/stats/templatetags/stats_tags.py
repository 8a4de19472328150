from __future__ import annotations

from typing import Any

from django import template

from participa.spaces.models import Visibility
from participa.stats.selectors import space_counts

register = template.Library()


@register.inclusion_tag("stats/_space_block_inner.html")
def space_statistics(space: Any) -> dict[str, Any]:
    """Participation in a published public space (two queries); nothing for other spaces."""
    show = bool(space is not None and space.is_published
                and space.visibility == Visibility.PUBLIC)
    return {"show": show, "space": space, "counts": space_counts(space) if show else None}
