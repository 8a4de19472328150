"""Fixtures of comments: the pages component's process, with a page open for comments."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from participa.comments.models import Comment
from participa.components.pages.models import Page
from participa.components.pages.tests.conftest import (  # noqa: F401 - fixtures
    active_phase,
    component,
    make_page,
    manager,
    space,
)
from participa.core.models import User
from participa.spaces.models import Component


@pytest.fixture
def target_page(component: Component) -> Page:  # noqa: F811
    created = make_page(component, "about", "About the plan", "Why we plan.")
    return Page.objects.select_related("component__space__organization").get(pk=created.pk)


def add_comment(page: Page, author: User, body: str = "A comment", *,
                parent: Comment | None = None, **extra: Any) -> Comment:
    """A comment written straight to the database (fixtures only; views use the services)."""
    depth = parent.depth + 1 if parent else 0
    thread = (parent.thread or parent) if parent else None
    return Comment.objects.create(
        organization=page.component.space.organization, space=page.component.space,
        target_type=ContentType.objects.get_for_model(Page), target_id=page.pk,
        author=author, body=body, parent=parent, thread=thread, depth=depth,
        created_at=extra.pop("created_at", timezone.now()), **extra,
    )


def bulk_comments(page: Page, author: User, count: int) -> None:
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(Page)
    Comment.objects.bulk_create([
        Comment(organization=page.component.space.organization, space=page.component.space,
                target_type=content_type, target_id=page.pk, author=author,
                body=f"Comment number {n} with **bold** text", created_at=now,
                support_count=n % 7)
        for n in range(count)
    ], batch_size=1000)
