from __future__ import annotations

from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType

from participa.notifications import permissions, selectors, services

register = template.Library()


@register.inclusion_tag("notifications/_header_link_inner.html", takes_context=True)
def notifications_header_link(context: template.Context) -> dict[str, Any]:
    """The link to the notification list with the unread count (one COUNT query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    org = getattr(request, "organization", None)
    show = bool(user is not None and user.is_authenticated and org is not None
                and user.organization_id == org.pk)
    return {"show": show, "unread": selectors.header_unread_count(user) if show else 0}


def _following(user: Any, target: Any) -> bool:
    # Read with the page's item (selectors.with_follow_state) when the view asked for it.
    known = getattr(target, selectors.FOLLOWED, None)
    return bool(known) if known is not None else services.is_following(user, target)


@register.inclusion_tag("notifications/_follow_button_inner.html", takes_context=True)
def follow_button(context: template.Context, target: Any) -> dict[str, Any]:
    """Follow / stop following ``target`` (a plain form POST; one query for the state)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if target is None or getattr(target, "pk", None) is None:
        return {"show": False}
    authenticated = bool(user is not None and user.is_authenticated)
    if authenticated and not permissions.can_follow(user, target):
        return {"show": False}
    content_type = ContentType.objects.get_for_model(target)
    return {
        "show": True,
        "authenticated": authenticated,
        "following": authenticated and _following(user, target),
        "target_key": f"{content_type.app_label}.{content_type.model}:{target.pk}",
        "next": request.get_full_path() if request is not None else "/",
        "csrf_token": context.get("csrf_token"),
    }
