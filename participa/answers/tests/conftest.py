"""Fixtures of the shared answers app: consultations' answers as the first concrete user."""

from participa.components.consultations.tests.conftest import (  # noqa: F401 - fixtures
    component,
    consultation,
    manager,
    second_official,
    space,
)
