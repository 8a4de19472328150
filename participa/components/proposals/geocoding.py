"""Finding the map point of an address, only when the operator configured a geocoder
(``GEOCODER_URL``, a Nominatim-compatible search address). Empty by default: then no request
ever leaves the server and the form has no such button."""

from __future__ import annotations

import json
import logging
import urllib.parse
import urllib.request
from decimal import Decimal, InvalidOperation

from django.conf import settings

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 5


def geocoder_enabled() -> bool:
    """A geocoder is configured, over HTTP(S) (never ``file:`` or another scheme)."""
    return urllib.parse.urlsplit(settings.GEOCODER_URL).scheme in ("http", "https")


def geocode(address: str, *, language: str = "") -> tuple[Decimal, Decimal] | None:
    """The point (latitude, longitude) of ``address``, or None (not found, no geocoder, or
    the geocoder failed: the person then chooses the point themselves)."""
    address = address.strip()
    if not geocoder_enabled() or not address:
        return None
    query = urllib.parse.urlencode({"q": address, "format": "jsonv2", "limit": "1"})
    separator = "&" if "?" in settings.GEOCODER_URL else "?"
    request = urllib.request.Request(  # noqa: S310 (http or https only: geocoder_enabled)
        f"{settings.GEOCODER_URL}{separator}{query}",
        headers={"User-Agent": "Participa (civic participation platform)",
                 "Accept-Language": language or settings.LANGUAGE_CODE})
    try:
        opened = urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS)  # noqa: S310
        with opened as response:
            results = json.loads(response.read(1_000_000).decode("utf-8"))
        first = results[0] if results else None
        if not first:
            return None
        latitude = Decimal(str(first["lat"])).quantize(Decimal("0.000001"))
        longitude = Decimal(str(first["lon"])).quantize(Decimal("0.000001"))
    except (OSError, ValueError, KeyError, IndexError, TypeError, InvalidOperation):
        logger.warning("The geocoder did not answer usefully for an address.")
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude
