"""Moderation fixtures: the comments' page fixtures and a comment to report."""

from __future__ import annotations

import pytest

from participa.comments.models import Comment
from participa.comments.tests.conftest import (  # noqa: F401 - fixtures
    active_phase,
    add_comment,
    component,
    manager,
    space,
    target_page,
)
from participa.conftest import make_user
from participa.core.models import Organization, User


@pytest.fixture
def comment(target_page, resident) -> Comment:  # noqa: F811
    return add_comment(target_page, resident, "Buy cheap pills at example.org")


@pytest.fixture
def reporters(org: Organization) -> list[User]:
    return [make_user(org, f"reporter_{n}") for n in range(8)]
