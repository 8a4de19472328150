"""The lists of the pages component (the public table of contents, a page with its contents
and comments, the back office's list) run the same number of queries however many rows."""

from __future__ import annotations

import itertools

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from participa.comments.models import Comment
from participa.components.pages.models import Page
from participa.components.pages.tests.conftest import make_page
from participa.conftest import make_user
from participa.testing import assert_constant_queries

COUNTER = itertools.count()


def add_pages(component, count: int) -> None:
    for _ in range(count):
        number = next(COUNTER)
        make_page(component, f"page-{number}", f"Page {number}", "Some *text*.", number)


def add_comments(page: Page, count: int) -> None:
    """Comments by different authors, each with a reply."""
    space = page.component.space
    page_type = ContentType.objects.get_for_model(Page)
    for _ in range(count):
        number = next(COUNTER)
        author = make_user(space.organization, f"author-{number}")
        root = Comment.objects.create(organization=space.organization, space=space,
                                      target_type=page_type, target_id=page.pk, author=author,
                                      body=f"Comment {number}")
        Comment.objects.create(organization=space.organization, space=space,
                               target_type=page_type, target_id=page.pk, author=author,
                               body=f"Reply {number}", parent=root, thread=root, depth=1)


def test_the_table_of_contents_runs_a_fixed_number_of_queries(client_for, component, resident):
    add_pages(component, 2)
    url = reverse("spaces:pages:index", args=[component.space.slug, component.pk])
    few, many = assert_constant_queries(client_for(resident), url,
                                        lambda: add_pages(component, 10))
    assert many.content.decode().count("Page ") > few.content.decode().count("Page ") > 0


def test_a_page_with_its_contents_and_comments_runs_a_fixed_number_of_queries(
        client_for, component, resident):
    add_pages(component, 2)
    page = Page.objects.filter(component=component).first()
    assert page is not None
    add_comments(page, 2)
    url = reverse("spaces:pages:page_detail", args=[component.space.slug, component.pk,
                                                    page.slug])

    def grow() -> None:
        add_pages(component, 8)
        add_comments(page, 6)

    few, many = assert_constant_queries(client_for(resident), url, grow)
    for shown in ("Page ", "Reply "):
        assert many.content.decode().count(shown) > few.content.decode().count(shown) > 0


def test_the_back_office_list_runs_a_fixed_number_of_queries(client_for, component, manager):
    add_pages(component, 2)
    url = reverse("manage:pages:manage_index", args=[component.space.slug, component.pk])
    few, many = assert_constant_queries(client_for(manager), url,
                                        lambda: add_pages(component, 10))
    assert many.content.decode().count("Page ") > few.content.decode().count("Page ") > 0
