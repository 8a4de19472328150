"""The comment section every commentable page includes: ``{% comment_section target %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from participa.comments import permissions, registry
from participa.comments.forms import CommentForm
from participa.comments.selectors import ORDERS, comment_threads
from participa.comments.text import render_comment
from participa.core import permissions as core_permissions
from participa.moderation import permissions as moderation_permissions

register = template.Library()


@register.filter(name="comment_markdown")
def comment_markdown(value: Any) -> SafeString:
    return mark_safe(render_comment(str(value or "")))  # sanitised by nh3


def _flag(comments: list[Any], user: Any, *, can_comment: bool, can_post: bool) -> None:
    now = timezone.now()
    window = permissions.edit_window()
    user_id = user.pk if user.is_authenticated else None
    for comment in comments:
        mine = user_id is not None and comment.author_id == user_id
        live = not comment.is_deleted
        comment.can_reply = live and can_comment
        comment.can_edit = live and mine and can_comment and now - comment.created_at <= window
        comment.can_delete = live and mine
        comment.can_support = live and can_post and user_id is not None and not mine
        comment.can_report = live and can_post and user_id is not None and not mine
        _flag(comment.children, user, can_comment=can_comment, can_post=can_post)


@register.inclusion_tag("comments/_section_inner.html", takes_context=True)
def comment_section(context: dict[str, Any], target: Any) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    spec = registry.get(target)
    if spec is None or not spec.can_view(user, target):
        return {"show": False}
    org = spec.organization(target)
    data = comment_threads(user, target, order=request.GET.get("comments_order", ""),
                           page=request.GET.get("comments_page", 1))
    blocked = moderation_permissions.is_blocked(user, org)
    can_comment = permissions.can_comment(user, target)
    can_post = core_permissions.belongs_to(user, org) and not blocked
    _flag(data.threads, user, can_comment=can_comment, can_post=can_post)
    form = None
    if can_comment:
        form = CommentForm(groups=permissions.groups_for_author(user, org), prefix_id="comment")
    return {
        "show": True,
        "request": request,
        "target": target,
        "target_url": spec.url(target),
        "data": data,
        "orders": list(ORDERS),
        "form": form,
        "can_comment": can_comment,
        "blocked": blocked,
        "belongs": core_permissions.belongs_to(user, org),
        "user": user,
        "create_url": reverse("comments:create", args=[spec.label, target.pk]),
        "csrf_token": context.get("csrf_token"),
    }
