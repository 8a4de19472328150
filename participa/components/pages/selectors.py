"""Reads of pages used by views, exports and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from participa.components.pages.models import Page
from participa.spaces.models import Component
from participa.spaces.permissions import can_view_component


def page_list_for_component(component: Component) -> QuerySet[Page]:
    """Every page of the component in reading order (no access check: staff and exports)."""
    return Page.objects.filter(component=component).order_by("position", "id")


def page_list_visible(user: Any, component: Component) -> list[Page]:
    """The pages the visitor may read, in order; empty when the component is hidden from them."""
    if not can_view_component(user, component):
        return []
    pages = list(page_list_for_component(component))
    for page in pages:
        page.component = component  # reuse the loaded component, space and phases
    return pages


def page_get_for_user(user: Any, component: Component, slug: str) -> Page | None:
    """The page if it exists and the visitor may read it; None otherwise (missing = forbidden)."""
    if not can_view_component(user, component):
        return None
    page = Page.objects.filter(component=component, slug=slug).first()
    if page is not None:
        page.component = component
    return page
