"""Open data: the published pages of a component, one row per page, one column per language."""

from __future__ import annotations

from typing import Any

from participa.components.pages.selectors import page_list_for_component
from participa.spaces.models import Component, Visibility


def page_rows(component: Component) -> list[dict[str, Any]]:
    """Rows for the public pages of ``component``.

    Only what anybody can read is open data: the component and its space must be published and
    the space public; otherwise there are no rows.
    """
    space = component.space
    if not (component.is_published and space.is_published
            and space.visibility == Visibility.PUBLIC):
        return []
    languages = list(space.organization.languages)
    rows: list[dict[str, Any]] = []
    for page in page_list_for_component(component):
        row: dict[str, Any] = {
            "id": page.pk,
            "space": space.slug,
            "component_id": component.pk,
            "slug": page.slug,
            "position": page.position,
        }
        for code in languages:
            row[f"title_{code}"] = (page.title or {}).get(code, "")
        for code in languages:
            row[f"body_{code}"] = (page.body or {}).get(code, "")
        row["created_at"] = page.created_at.isoformat()
        row["updated_at"] = page.updated_at.isoformat()
        rows.append(row)
    return rows
