"""Fixtures of exports and open data: a public process with pages and comments, and content
that must never be published (an unpublished space, a members-only space, a hidden comment)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from participa.comments.models import Comment
from participa.components.pages.models import Page
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
from participa.conftest import make_user
from participa.core.models import Organization, User
from participa.moderation.models import Moderation


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def add_comment(page: Page, author: User, body: str, **extra: Any) -> Comment:
    """A comment written straight to the database (fixtures only)."""
    return Comment.objects.create(
        organization=page.component.space.organization, space=page.component.space,
        target_type=ContentType.objects.get_for_model(Page), target_id=page.pk,
        author=author, body=body, created_at=extra.pop("created_at", timezone.now()), **extra,
    )


def hide(comment: Comment) -> None:
    Moderation.objects.create(
        organization=comment.organization, space=comment.space,
        content_type=ContentType.objects.get_for_model(Comment), object_id=comment.pk,
        report_count=3, hidden_at=timezone.now(),
    )


def zip_texts(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


@pytest.fixture
def canary(org: Organization) -> User:
    """Somebody whose e-mail, legal name and login must never reach the open data."""
    user = make_user(org, "canary", legal_name="Legalname Canarescu")
    user.email = "canary.secret@leak.example"
    user.save()
    return user


@pytest.fixture
def published_world(org: Organization, space: Any, component: Any,  # noqa: F811
                    two_pages: list[Page], canary: User,  # noqa: F811
                    resident: User) -> dict[str, Any]:
    """Public content plus everything that must stay out of the open data."""
    canary.display_name = "Public Canary"
    canary.save()
    visible = add_comment(two_pages[0], canary, "Visible comment about trees")
    deleted = add_comment(two_pages[0], resident, "Deleted words")
    deleted.deleted_at = timezone.now()
    deleted.save()
    hidden = add_comment(two_pages[0], resident, "Hidden insult")
    hide(hidden)

    secret_space = make_space(org, slug="secret-space", published=False)
    secret_component = make_component(secret_space)
    secret_page = make_page(secret_component, "secret-page", "Secret page title")
    add_comment(secret_page, resident, "Comment in an unpublished space")

    members_space = make_space(org, slug="members-space", visibility="members")
    members_page = make_page(make_component(members_space), "members-page", "Members page")
    add_comment(members_page, resident, "Comment in a members-only space")

    draft_component = make_component(space, published=False)
    make_page(draft_component, "draft-page", "Draft page title")
    return {"visible": visible, "deleted": deleted, "hidden": hidden}
