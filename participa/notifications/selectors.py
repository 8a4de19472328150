"""Reads of follows and notifications used by views and template tags."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from participa.core import person
from participa.notifications.models import Follow, Newsletter, Notification


def notification_list_for_user(user: Any) -> QuerySet[Notification]:
    return (Notification.objects.filter(recipient=user, organization_id=user.organization_id)
            .select_related("actor").order_by("-created_at", "-id"))


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def unread_count_expression() -> Any:
    """The unread count as a column of the person's row (``participa/core/person.py``)."""
    return Coalesce(Subquery(
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by().values("recipient").annotate(n=Count("pk")).values("n")), 0)


def header_unread_count(user: Any) -> int:
    """The count in the page header: the one read with the signed-in person at the start of
    the request when there is one."""
    known = person.fact(user, "unread_notifications", None)
    return int(known) if known is not None else unread_count(user)


FOLLOWED = "followed_by_viewer"


def with_follow_state(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """``queryset`` with whether ``user`` follows each row as the column ``followed_by_viewer``
    (read by the follow button instead of a query of its own)."""
    if not getattr(user, "is_authenticated", False):
        return queryset
    content_type = ContentType.objects.get_for_model(queryset.model)
    return queryset.annotate(**{FOLLOWED: Exists(Follow.objects.filter(
        user=user, content_type=content_type, object_id=OuterRef("pk")))})


def follow_list_for_user(user: Any) -> QuerySet[Follow]:
    return Follow.objects.filter(user=user).select_related("content_type").order_by(
        "-created_at")


def newsletter_list(org: Any) -> QuerySet[Newsletter]:
    return Newsletter.objects.filter(organization=org).select_related("created_by")
