"""The components' main-menu links, from the manifest (``ComponentSpec.nav``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from participa.spaces.registry import nav_entries


def component_nav(request: HttpRequest) -> dict[str, Any]:
    """``component_nav``: (url, label, key) per component with a menu entry."""
    return {"component_nav": [(reverse(entry.url_name), entry.label, entry.key)
                              for entry in nav_entries()]}
