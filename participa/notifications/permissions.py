"""Who may follow what, read which notifications and run newsletters."""

from __future__ import annotations

from typing import Any

from participa.core import permissions as core_permissions
from participa.core.models import Organization
from participa.notifications import targets
from participa.notifications.models import Newsletter, Notification


def can_follow(user: Any, target: Any) -> bool:
    """People follow what they may see, in their own organization (not themselves)."""
    return targets.is_followable(target) and targets.can_see_target(user, target)


def can_read_notification(user: Any, notification: Notification) -> bool:
    return bool(getattr(user, "is_authenticated", False)
                and notification.recipient_id == user.pk)


def can_manage_newsletters(user: Any, org: Organization) -> bool:
    return core_permissions.is_admin(user, org)


def can_edit_newsletter(user: Any, newsletter: Newsletter) -> bool:
    return (can_manage_newsletters(user, newsletter.organization)
            and newsletter.status == Newsletter.Status.DRAFT)
