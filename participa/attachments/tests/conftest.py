"""Attachment fixtures: the pages component's space, component and pages; media in a temporary
folder."""

from __future__ import annotations

from typing import Any

import pytest

from participa.components.pages.tests.conftest import (  # noqa: F401
    active_phase,
    component,
    manager,
    space,
    two_pages,
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
