"""Fixtures of the journal: the consultations fixtures (a process with a published consultations
component and an open consultation, run by ``manager``)."""

from participa.components.consultations.tests.conftest import (  # noqa: F401 - fixtures
    component,
    consultation,
    manager,
    second_official,
    space,
)
from participa.core.tests.conftest import accessible_page  # noqa: F401 - fixture
