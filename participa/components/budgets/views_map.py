"""The map of an edition's projects, as proposals have theirs: a page listing every project
with a point (complete without JavaScript), and its data as GeoJSON, clustered on the server
into grid cells per zoom level so that the browser draws a few markers whatever the number of
projects."""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from participa.components.budgets.filters import ProjectFilterSet
from participa.components.budgets.selectors import list_options, projects_visible
from participa.components.budgets.views import nav_of, tile_attribution
from participa.core.http import OrgRequest
from participa.core.pagecache import cache_for_visitors
from participa.spaces.decorators import component_view
from participa.spaces.models import Component

MAX_ZOOM = 19
DEFAULT_ZOOM = 13
CELLS_PER_TILE = 4


def _zoom(raw: str | None) -> int:
    return min(int(raw), MAX_ZOOM) if raw and raw.isdigit() else DEFAULT_ZOOM


def _mercator(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    scale = 2 ** zoom
    lat = max(min(lat, 85.0511), -85.0511)
    x = (lon + 180.0) / 360.0 * scale
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat)))
         / math.pi) / 2 * scale
    return x, y


def cluster(points: Iterable[dict[str, Any]], zoom: int) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one Point per project alone in its grid cell at ``zoom``,
    one Point per cell holding several (``cluster``: true, ``count``, at their mean
    position)."""
    cells: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for point in points:
        x, y = _mercator(float(point["latitude"]), float(point["longitude"]), zoom)
        cells.setdefault((int(x * CELLS_PER_TILE), int(y * CELLS_PER_TILE)), []).append(point)
    features = []
    for members in cells.values():
        if len(members) == 1:
            point = members[0]
            features.append({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(point["longitude"]),
                                                              float(point["latitude"])]},
                "properties": {"cluster": False, "count": 1, "number": point["number"],
                               "title": point["title_public"], "url": point["url"]},
            })
        else:
            lat = sum(float(p["latitude"]) for p in members) / len(members)
            lon = sum(float(p["longitude"]) for p in members) / len(members)
            features.append({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                "properties": {"cluster": True, "count": len(members)},
            })
    return {"type": "FeatureCollection", "features": features}


def _located(request: OrgRequest, component: Component) -> tuple[ProjectFilterSet, Any]:
    rows = (projects_visible(request.user, request.organization)
            .filter(component=component, latitude__isnull=False, longitude__isnull=False))
    params = {key: value for key, value in request.GET.items()
              if key not in ("page", "sort", "zoom") and value}
    filterset = ProjectFilterSet(params or None, rows, organization=request.organization,
                                 request=request, component=component,
                                 options=list_options(component))
    return filterset, filterset.filtered_qs.order_by("number")


@cache_for_visitors
@component_view("budgets")
def project_map(request: OrgRequest, component: Component) -> HttpResponse:
    """The projects with a place, as a list of links (Leaflet draws the map beside it)."""
    filterset, located = _located(request, component)
    if "sort" in filterset.form.fields:
        del filterset.form.fields["sort"]
    query = request.GET.urlencode()
    return render(request, "budgets/map.html", {
        "component": component, "space": component.space, "items": list(located),
        "form": filterset.form, "filtered": filterset.is_bound,
        "data_url": reverse("spaces:budgets:map_data",
                            args=[component.space.slug, component.pk])
        + (f"?{query}" if query else ""),
        "tile_url": settings.MAP_TILE_URL, "attribution": tile_attribution(),
        "default_view": settings.MAP_DEFAULT_VIEW, "nav": nav_of(component),
    })


@cache_for_visitors
@component_view("budgets")
def project_map_data(request: OrgRequest, component: Component) -> HttpResponse:
    """The map's GeoJSON at ``?zoom=`` (13 by default), with the list's filters."""
    _filterset, located = _located(request, component)
    base = reverse("spaces:budgets:index", args=[component.space.slug, component.pk])
    points = [{**row, "latitude": Decimal(row["latitude"]),
               "url": f"{base}projects/{row['number']}/"}
              for row in located.values("number", "title_public", "latitude", "longitude")]
    return JsonResponse(cluster(points, _zoom(request.GET.get("zoom"))),
                        content_type="application/geo+json")
