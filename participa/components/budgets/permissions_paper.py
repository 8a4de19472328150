"""Who works at polling points: the budget's administrators (``can_manage_budget``) set them
up and may key anywhere; a polling point's officials key the ballots of their point only."""

from __future__ import annotations

from typing import Any

from participa.components.budgets.models_paper import PollingPoint
from participa.components.budgets.permissions import can_manage_budget
from participa.core import permissions as core_permissions
from participa.spaces.models import Component, Space


def belongs_to_space_organization(user: Any, space: Space) -> bool:
    """The back-office gate of the paper pages: the permissions below decide the rest."""
    return core_permissions.belongs_to(user, space.organization)


def is_point_official(user: Any, point: PollingPoint) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return point.officials.filter(pk=user.pk).exists()


def can_manage_polling_points(user: Any, component: Component) -> bool:
    return can_manage_budget(user, component)


def can_enter_paper_ballots(user: Any, component: Component) -> bool:
    """Administrators of the budget, and the officials of any of its polling points."""
    if can_manage_budget(user, component):
        return True
    return bool(getattr(user, "is_authenticated", False)) and PollingPoint.objects.filter(
        edition__component=component, officials=user).exists()


def can_key_at(user: Any, point: PollingPoint) -> bool:
    """Key (and resolve) the paper ballots of ``point``: its officials and administrators."""
    component = point.edition.component
    if not core_permissions.belongs_to(user, component.space.organization):
        return False
    return is_point_official(user, point) or can_manage_budget(user, component)
