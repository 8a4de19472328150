"""Demo content of the consultations component (owner fills this module)."""

from __future__ import annotations

from participa.spaces.models import Component


def seed(component: Component) -> None:
    return None
