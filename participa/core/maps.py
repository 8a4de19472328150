"""What every component's map shares: the tiles' attribution, the zoom level a map asks for,
and the clustering of points into grid cells per zoom level on the server (``cluster``), so
that the browser draws a few markers whatever the number of items. The script that draws the
maps is ``static/js/maps.js``; the one that picks a point on a form ``static/js/point-picker.js``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import nh3
from django.conf import settings

MAX_ZOOM = 19
DEFAULT_ZOOM = 13
# A cluster gathers the items in one cell of about 64 pixels (tiles are 256 pixels).
CELLS_PER_TILE = 4


def zoom_of(raw: str | None) -> int:
    """The zoom level a map asked for (``?zoom=``), within the tiles' levels."""
    return min(int(raw), MAX_ZOOM) if raw and raw.isdigit() else DEFAULT_ZOOM


def mercator(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """The point's position in tile units at ``zoom`` (Web Mercator, as map tiles are cut)."""
    scale = 2 ** zoom
    lat = max(min(lat, 85.0511), -85.0511)
    x = (lon + 180.0) / 360.0 * scale
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat)))
         / math.pi) / 2 * scale
    return x, y


def cluster(points: Iterable[dict[str, Any]], zoom: int) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one Point per item alone in its grid cell at ``zoom``
    (its ``number``, ``title_public`` and ``url``), one Point per cell holding several
    (``cluster``: true, ``count``, at their mean position)."""
    cells: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for point in points:
        x, y = mercator(float(point["latitude"]), float(point["longitude"]), zoom)
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


def tile_attribution() -> str:
    """The tiles' attribution as the HTML Leaflet shows: it comes from the settings, and is
    still cleaned down to text and links, so that a mistyped setting cannot run a script."""
    return nh3.clean(settings.MAP_TILE_ATTRIBUTION, tags={"a"},
                     attributes={"a": {"href"}}, url_schemes={"http", "https"},
                     link_rel="noopener")
