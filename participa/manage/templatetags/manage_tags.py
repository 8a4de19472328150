"""Template tags of the back office."""

from __future__ import annotations

from typing import Any

from django import template

from participa.spaces.staff import manage_permissions as compute

register = template.Library()


@register.simple_tag(takes_context=True)
def manage_permissions(context: dict[str, Any]) -> dict[str, bool]:
    """What the side navigation may show, for pages rendered without ``manage_can``
    (e.g. components' and other apps' staff pages extending manage/base.html)."""
    request = context.get("request")
    org = getattr(request, "organization", None)
    if request is None or org is None:
        return {}
    return compute(request.user, org)
