from __future__ import annotations

from typing import Any

from django import template

from participa.moderation.permissions import can_view_moderation_queue

register = template.Library()


@register.simple_tag(takes_context=True)
def can_view_moderation(context: dict[str, Any]) -> bool:
    """For the back-office navigation: may the visitor open the moderation queue?"""
    request = context.get("request")
    org = getattr(request, "organization", None)
    user = getattr(request, "user", None)
    return bool(org is not None and can_view_moderation_queue(user, org))
