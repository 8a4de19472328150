"""Fixtures of statistics: the pages component's process with comments and follows."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from participa.components.pages.tests.conftest import (  # noqa: F401 - fixtures
    active_phase,
    component,
    make_component,
    make_page,
    make_space,
    manager,
    space,
    two_pages,
)
from participa.core.models import User
from participa.notifications.models import Follow
from participa.opendata.tests.conftest import add_comment, hide  # noqa: F401 - helpers


def follow(user: User, target: Any) -> Follow:
    assert user.organization is not None
    return Follow.objects.create(
        organization=user.organization, user=user,
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk,
    )
