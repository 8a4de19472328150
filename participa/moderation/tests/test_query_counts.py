"""The moderation queue and the list of blocked people run the same number of queries however
many rows they show."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from participa.comments.tests.conftest import add_comment
from participa.conftest import make_user
from participa.moderation.models import Block
from participa.moderation.services import report_create
from participa.testing import assert_constant_queries

pytestmark = pytest.mark.django_db
COUNTER = itertools.count()


def add_reported(page, reporters, count: int) -> None:
    """Comments by different authors, reported once (pending) or enough to hide them."""
    for index in range(count):
        author = make_user(page.component.space.organization, f"author-{next(COUNTER)}")
        comment = add_comment(page, author, f"Reported text {index}")
        for reporter in reporters[: 1 if index % 2 else 3]:
            report_create(acting_user=reporter, obj=comment, reason="spam", note="advert")


def add_blocks(org, moderator, count: int) -> None:
    for _ in range(count):
        user = make_user(org, f"blocked-{next(COUNTER)}")
        Block.objects.create(organization=org, user=user, reason="Spam", blocked_by=moderator)


@pytest.mark.parametrize("query", ["", "?status=pending"])
def test_the_queue_runs_a_fixed_number_of_queries(client_for, moderator, target_page,
                                                  reporters, query):
    add_reported(target_page, reporters, 2)
    few, many = assert_constant_queries(client_for(moderator), reverse("moderation:queue") + query,
                                        lambda: add_reported(target_page, reporters, 8))
    text = "Reported text"
    assert many.content.decode().count(text) > few.content.decode().count(text) > 0


def test_the_blocked_people_run_a_fixed_number_of_queries(client_for, org, moderator):
    add_blocks(org, moderator, 2)
    few, many = assert_constant_queries(client_for(moderator), reverse("moderation:blocked_list"),
                                        lambda: add_blocks(org, moderator, 10))
    assert many.content.decode().count("Blocked-") > few.content.decode().count("Blocked-") > 0
