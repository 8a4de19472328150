"""Search fixtures: the pages component's space, component and pages, plus helpers."""

from __future__ import annotations

from typing import Any

import pytest

from participa.components.pages.models import Page
from participa.components.pages.tests.conftest import (  # noqa: F401
    active_phase,
    component,
    make_component,
    make_page,
    make_space,
    manager,
    space,
    two_pages,
)
from participa.core.models import Organization
from participa.spaces.models import Component, Space


@pytest.fixture
def meeting_page(component: Component) -> Page:  # noqa: F811
    return make_page(component, "sedinta", "Ședință publică", "Dezbatere despre **źródło** de apă.")


def space_with_page(org: Organization, slug: str, title: str,
                    **space_args: Any) -> tuple[Space, Page]:
    new_space = make_space(org, slug=slug, **space_args)
    page = make_page(make_component(new_space), f"{slug}-page", title)
    return new_space, page
