"""Reading the id of the row a staff form acts on."""

from __future__ import annotations

from django.http import HttpRequest


def posted_id(request: HttpRequest, name: str) -> int:
    """The whole number posted as ``name``; 0 (no row: the view answers 404) when it is
    missing or not a number (a tampered form must not end in a server error)."""
    raw = request.POST.get(name, "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 18 else 0
