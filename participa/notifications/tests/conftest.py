"""Fixtures of follows and notifications: the pages component's space, component and pages,
and an e-mail backend that fails a given number of times before it recovers."""

from __future__ import annotations

from typing import Any

import pytest

from participa.components.pages.models import Page
from participa.components.pages.tests.conftest import (  # noqa: F401 - fixtures
    active_phase,
    component,
    make_page,
    manager,
    space,
    two_pages,
)
from participa.notifications.tests import backends


@pytest.fixture
def page(component: Any) -> Page:  # noqa: F811 - the imported fixture
    return make_page(component, "about", "About the plan", "Why we plan.")


@pytest.fixture
def flaky_email(settings: Any) -> type[backends.FlakyBackend]:
    """E-mail backend failing ``FlakyBackend.failures`` times, then delivering (to
    ``django.core.mail.outbox``)."""
    settings.EMAIL_BACKEND = "participa.notifications.tests.backends.FlakyBackend"
    backends.FlakyBackend.failures = 0
    backends.FlakyBackend.calls = 0
    return backends.FlakyBackend
