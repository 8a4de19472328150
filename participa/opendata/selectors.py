"""Reads of the exports and open-data app."""

from __future__ import annotations

from typing import Any

from participa.core.models import Organization
from participa.opendata.models import OpenDataBuild
from participa.opendata.permissions import can_export_component
from participa.spaces.models import Component
from participa.spaces.registry import ExportSpec


def latest_build(org: Organization) -> OpenDataBuild | None:
    return OpenDataBuild.objects.filter(organization=org).first()


def component_get_for_export(user: Any, org: Organization, space_slug: str,
                             component_id: int) -> Component | None:
    """The component if ``user`` may export it; None for missing and forbidden alike."""
    component = (
        Component.objects.filter(space__organization=org, space__slug=space_slug,
                                 pk=component_id)
        .select_related("space__organization").first()
    )
    if component is None or not can_export_component(user, component):
        return None
    return component


def component_exports(component: Component) -> list[ExportSpec]:
    spec = component.spec
    return list(spec.exports) if spec is not None else []


def component_export(component: Component, name: str) -> ExportSpec | None:
    for export in component_exports(component):
        if export.name == name:
            return export
    return None
