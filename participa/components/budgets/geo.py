"""A project's area: a GeoJSON Polygon checked on the server (whatever drew it).

Accepted: a ``Polygon`` geometry, or a ``Feature`` holding one (its geometry is kept). Every
ring is closed (its first position equals its last) with at least four positions; the polygon
has at most :data:`MAX_POINTS` positions in all; each position is ``[longitude, latitude]``
within -180..180 and -90..90.
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_POINTS = 500


def _invalid(message: str) -> ValidationError:
    return ValidationError({"area_geojson": message}, code="area")


def _position(value: Any) -> tuple[float, float]:
    if (not isinstance(value, list | tuple) or len(value) < 2
            or not all(isinstance(n, int | float) and not isinstance(n, bool)
                       for n in value[:2])):
        raise _invalid(_("Every point of the area is a pair of numbers: longitude, latitude."))
    try:
        lon, lat = float(value[0]), float(value[1])
    except OverflowError:  # a whole number too large for a float: off the map as well
        lon = lat = math.inf
    if not (math.isfinite(lon) and math.isfinite(lat)
            and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise _invalid(_("A point of the area is off the map: the longitude goes from -180 "
                         "to 180, the latitude from -90 to 90."))
    return lon, lat


def area_clean(raw: Any) -> dict[str, Any] | None:
    """The polygon of ``raw`` (a dict or JSON text; empty: None), or a ``ValidationError`` on
    ``area_geojson`` saying what is wrong."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: brackets nested too deep
            raise _invalid(_("The area is not valid GeoJSON.")) from None
    if isinstance(raw, dict) and raw.get("type") == "Feature":
        raw = raw.get("geometry")
    if not isinstance(raw, dict) or raw.get("type") != "Polygon":
        raise _invalid(_("The area must be a GeoJSON polygon."))
    rings = raw.get("coordinates")
    if not isinstance(rings, list) or not rings:
        raise _invalid(_("The area must be a GeoJSON polygon."))
    cleaned: list[list[list[float]]] = []
    total = 0
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4:
            raise _invalid(_("An area needs at least three corners (four points, the last "
                             "one repeating the first)."))
        points = [_position(value) for value in ring]
        if points[0] != points[-1]:
            raise _invalid(_("The outline of the area is not closed: its last point must "
                             "repeat the first."))
        total += len(points)
        if total > MAX_POINTS:
            raise _invalid(ngettext("An area has at most %(count)d point.",
                                    "An area has at most %(count)d points.",
                                    MAX_POINTS) % {"count": MAX_POINTS})
        cleaned.append([[lon, lat] for lon, lat in points])
    return {"type": "Polygon", "coordinates": cleaned}
