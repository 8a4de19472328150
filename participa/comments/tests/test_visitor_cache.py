"""A page with comments in the page cache for anonymous visitors: a published comment shows at
the next visit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from participa.comments import services
from participa.components.pages.models import Page
from participa.core.models import User

pytestmark = pytest.mark.usefixtures("page_cache")


def url(page: Page) -> str:
    component = page.component
    return f"/spaces/{component.space.slug}/pages/{component.pk}/{page.slug}/"


def test_it_shows_a_new_comment_at_the_next_visit(target_page: Page, resident: User,
                                                  django_assert_num_queries: Any) -> None:
    client = Client()
    before = client.get(url(target_page))
    assert before.status_code == 200
    with django_assert_num_queries(0):  # served from the cache, organization included
        assert client.get(url(target_page)).content == before.content
    services.comment_create(acting_user=resident, target=target_page,
                            body="Please add a cycling workshop.")
    assert "Please add a cycling workshop." in client.get(url(target_page)).content.decode()
