"""Reads of follows and notifications used by views and template tags."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from participa.notifications.models import Follow, Newsletter, Notification


def notification_list_for_user(user: Any) -> QuerySet[Notification]:
    return (Notification.objects.filter(recipient=user, organization_id=user.organization_id)
            .select_related("actor").order_by("-created_at", "-id"))


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def follow_list_for_user(user: Any) -> QuerySet[Follow]:
    return Follow.objects.filter(user=user).select_related("content_type").order_by(
        "-created_at")


def newsletter_list(org: Any) -> QuerySet[Newsletter]:
    return Newsletter.objects.filter(organization=org).select_related("created_by")
