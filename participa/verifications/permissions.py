"""Who is a verified resident: what components (budget voting, …) ask."""

from __future__ import annotations

from typing import Any

from participa.core.permissions import can_manage_organization
from participa.verifications.models import Authorization, Status


def is_verified(user: Any, method: str | None = None) -> bool:
    """Whether ``user`` holds a granted verification in their organization (by ``method``,
    or by any method when None). Anonymous and deleted people never are."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "deleted_at", None):
        return False
    if getattr(user, "organization_id", None) is None:
        return False
    granted = Authorization.objects.filter(user=user, organization_id=user.organization_id,
                                           status=Status.GRANTED)
    if method is not None:
        granted = granted.filter(method=method)
    return granted.exists()


def can_revoke_verification(user: Any, authorization: Authorization) -> bool:
    """The person verified, or the organization's administrators."""
    if not getattr(user, "is_authenticated", False):
        return False
    if authorization.user_id == user.pk:
        return True
    return bool(can_manage_organization(user, authorization.organization))
