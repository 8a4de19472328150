"""Who may read, write, edit, delete, support and report comments.

Commenting on a target = the target's registered ``can_comment`` (role AND the active phase's
``comments_enabled`` switch) AND not blocked in the organization.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from participa.comments import registry
from participa.comments.models import Comment
from participa.core import permissions as core_permissions
from participa.core import person
from participa.core.models import GroupMembership, UserGroup
from participa.moderation import permissions as moderation_permissions

DEFAULT_EDIT_MINUTES = 15


def edit_window() -> datetime.timedelta:
    return datetime.timedelta(
        minutes=int(getattr(settings, "COMMENTS_EDIT_MINUTES", DEFAULT_EDIT_MINUTES))
    )


def can_view_comments(user: Any, target: Any) -> bool:
    spec = registry.get(target)
    return spec is not None and spec.can_view(user, target)


def can_comment(user: Any, target: Any) -> bool:
    spec = registry.get(target)
    if spec is None:
        return False
    org = spec.organization(target)
    return (
        moderation_permissions.can_post(user, org)
        and spec.can_view(user, target)
        and spec.can_comment(user, target)
    )


def can_reply(user: Any, comment: Comment, target: Any) -> bool:
    return not comment.is_deleted and can_comment(user, target)


def can_edit_comment(user: Any, comment: Comment, target: Any,
                     now: datetime.datetime | None = None) -> bool:
    """The author, within the edit window, while commenting is still open to them."""
    if comment.is_deleted or not user.is_authenticated or comment.author_id != user.pk:
        return False
    now = now or timezone.now()
    return now - comment.created_at <= edit_window() and can_comment(user, target)


def can_delete_comment(user: Any, comment: Comment, target: Any) -> bool:
    """Authors may delete their own comments at any time (the thread stays)."""
    return (not comment.is_deleted and user.is_authenticated
            and comment.author_id == user.pk and can_view_comments(user, target))


def can_support_comment(user: Any, comment: Comment, target: Any) -> bool:
    return (not comment.is_deleted and user.is_authenticated and comment.author_id != user.pk
            and moderation_permissions.can_post(user, comment.organization)
            and can_view_comments(user, target))


def groups_for_author(user: Any, org: Any) -> list[UserGroup]:
    """The groups a person may comment on behalf of: those they are an accepted member of."""
    if not core_permissions.belongs_to(user, org):
        return []
    if user.organization_id == org.pk and person.fact(user, "in_a_group", None) is False:
        return []  # known with the signed-in person: no query
    return list(UserGroup.objects.filter(
        organization=org, memberships__user=user,
        memberships__status=GroupMembership.Status.ACCEPTED,
    ).order_by("name"))
