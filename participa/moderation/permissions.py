"""Who may report content, see the moderation queue and take decisions."""

from __future__ import annotations

from typing import Any

from participa.core import permissions as core_permissions
from participa.core import person
from participa.core.models import Organization
from participa.moderation import registry
from participa.moderation.models import Block, Moderation
from participa.spaces import permissions as space_permissions
from participa.spaces.models import SpaceMembership


def is_blocked(user: Any, org: Organization) -> bool:
    """Blocked in ``org`` (cached on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return False
    cache: dict[int, bool] = user.__dict__.setdefault("_participa_blocked", {})
    if org.pk not in cache:
        known = person.fact(user, "blocked", None) if user.organization_id == org.pk else None
        cache[org.pk] = (known if known is not None
                         else Block.objects.filter(organization=org, user=user).exists())
    return cache[org.pk]


def can_post(user: Any, org: Organization) -> bool:
    """Write anything public in ``org``: a person of the organization who is not blocked."""
    return core_permissions.belongs_to(user, org) and not is_blocked(user, org)


def can_report(user: Any, obj: Any) -> bool:
    """Anyone logged in who may see the content, except its author and blocked people."""
    spec = registry.get(obj)
    if spec is None:
        return False
    org = spec.organization(obj)
    if not can_post(user, org) or not spec.can_view(user, obj):
        return False
    author = spec.author(obj)
    return author is None or author.pk != user.pk


def _manages_a_space(user: Any, org: Organization) -> bool:
    return core_permissions.belongs_to(user, org) and SpaceMembership.objects.filter(
        user=user, role=SpaceMembership.Role.MANAGER, space__organization=org
    ).exists()


def can_view_moderation_queue(user: Any, org: Organization) -> bool:
    """Moderators and administrators of the organization, and managers of a space."""
    return core_permissions.is_moderator(user, org) or _manages_a_space(user, org)


def can_moderate(user: Any, moderation: Moderation) -> bool:
    """Hide or unhide: the organization's moderators and administrators, and the managers of
    the space the content belongs to."""
    if core_permissions.is_moderator(user, moderation.organization):
        return True
    space = moderation.space
    return space is not None and space_permissions.is_space_manager(user, space)


def can_block_users(user: Any, org: Organization) -> bool:
    """Blocking applies to the whole organization: its moderators and administrators only."""
    return core_permissions.is_moderator(user, org)
