"""Template tags of the back office."""

from __future__ import annotations

from typing import Any

from django import template

from participa.spaces.staff import manage_permissions as compute
from participa.tracking.permissions import can_manage_tracking as allowed

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


@register.simple_tag(takes_context=True)
def can_manage_tracking(context: dict[str, Any]) -> bool:
    """Whether the side navigation links to the tracked items (administrators, officials)."""
    request = context.get("request")
    org = getattr(request, "organization", None)
    return bool(request is not None and org is not None and allowed(request.user, org))
