"""Open data of the consultations component (owner fills this module)."""

from __future__ import annotations

from typing import Any


def consultation_rows(component: Any) -> list[dict[str, Any]]:
    return []


def contribution_rows(component: Any) -> list[dict[str, Any]]:
    return []
