"""Spaces and pages made searchable (comments register themselves from the comments app)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from participa.core import permissions as core_permissions
from participa.core.models import Organization
from participa.search.registry import register


def managed_space_q(user: Any, org: Organization, prefix: str = "") -> Q:
    """Spaces ``user`` runs in ``org`` (as ``can_manage_space``), as a filter on a ``prefix``."""
    from participa.spaces.models import SpaceMembership

    if core_permissions.is_admin(user, org):
        return Q()
    if not core_permissions.belongs_to(user, org):
        return Q(pk__in=[])
    managed = SpaceMembership.objects.filter(
        user=user, role=SpaceMembership.Role.MANAGER, space__organization=org
    ).values("space_id")
    condition = Q(**{f"{prefix}id__in": managed})
    areas = core_permissions.official_area_ids(user, org)
    if areas:
        condition |= Q(**{f"{prefix}area_id__in": areas})
    return condition


def space_visible_to(user: Any, org: Organization) -> QuerySet[Any]:
    from participa.spaces.selectors import space_list_visible

    return space_list_visible(user, org).prefetch_related(None)


def page_visible_to(user: Any, org: Organization) -> QuerySet[Any]:
    """Pages of published components of visible spaces; unpublished ones for those who run the
    space (``can_view_component``)."""
    from participa.components.pages.models import Page
    from participa.spaces.models import Space

    visible_spaces = space_visible_to(user, org).values("pk")
    managed = Space.objects.filter(managed_space_q(user, org), organization=org).values("pk")
    return Page.objects.filter(component__space__in=visible_spaces).filter(
        Q(component__published_at__isnull=False) | Q(component__space__in=managed)
    )


def _space_text(space: Any) -> dict[str, Any]:
    return {"title": space.title, "subtitle": space.subtitle, "description": space.description}


def _page_space(page: Any) -> Any:
    return page.component.space


def register_core_kinds() -> None:
    from participa.components.pages.models import Page
    from participa.spaces.models import Space

    register(
        Space, kind="space", label=_("Spaces"),
        text=_space_text,
        visible_to=space_visible_to,
        url=lambda space: space.get_absolute_url(),
        space=lambda space: space,
        date=lambda space: space.published_at or space.created_at,
        organization=lambda space: space.organization,
        queryset=lambda: Space.objects.select_related("organization"),
    )
    register(
        Page, kind="page", label=_("Pages"),
        text=lambda page: {"title": page.title, "body": page.body},
        visible_to=page_visible_to,
        url=lambda page: page.get_absolute_url(),
        space=_page_space,
        date=lambda page: page.updated_at,
        organization=lambda page: page.component.space.organization,
        preview=True,  # those who run the space see pages of an unpublished component
        queryset=lambda: Page.objects.select_related("component__space__organization"),
    )


