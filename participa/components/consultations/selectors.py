"""Reads of consultations used by views, exports and the API."""

from __future__ import annotations

from typing import Any


def personal_data(user: Any) -> dict[str, Any]:
    """What ``user`` sent to consultations, for "download my data"."""
    return {}
