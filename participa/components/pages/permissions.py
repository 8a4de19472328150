"""Who may read, run and comment on pages: role AND the active phase's switches."""

from __future__ import annotations

from typing import Any

from participa.components.pages.models import Page
from participa.core import permissions as core_permissions
from participa.spaces import permissions as space_permissions
from participa.spaces.models import Component


def can_view_page(user: Any, page: Page) -> bool:
    """A page is visible to whoever may see its component."""
    return space_permissions.can_view_component(user, page.component)


def can_manage_pages(user: Any, component: Component) -> bool:
    """Create, edit, reorder and delete the pages of ``component``."""
    return space_permissions.can_manage_component(user, component)


def can_comment_page(user: Any, page: Page) -> bool:
    """People of the organization who can see the page, while the active phase allows comments."""
    component = page.component
    return (
        core_permissions.belongs_to(user, component.space.organization)
        and can_view_page(user, page)
        and component.phase_switch("comments_enabled")
    )
