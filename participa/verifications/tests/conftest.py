from __future__ import annotations

from typing import Any

import pytest

from participa.core.models import Organization
from participa.verifications.models import EnabledMethod, Method

VALID_CNP = "1800101221144"
VALID_PESEL = "44051401359"


def enable(org: Organization, *methods: str) -> None:
    for method in methods or Method.values:
        EnabledMethod.objects.get_or_create(organization=org, method=method)


@pytest.fixture
def all_methods(org: Organization, other_org: Organization) -> Any:
    enable(org)
    enable(other_org)
    return org


@pytest.fixture
def accessible_page() -> Any:
    from participa.core.tests.conftest import assert_accessible_page

    return assert_accessible_page
