"""Replying: a page with the comment and the reply form, then back to the reply."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from participa.comments.models import Comment
from participa.comments.tests.conftest import add_comment

pytestmark = pytest.mark.django_db


def test_it_shows_the_comment_and_a_reply_form(target_page, resident, official, client_for):
    root = add_comment(target_page, resident, "Original words")
    response = client_for(official).get(reverse("comments:reply", args=[root.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reply to Resident" in html and "Original words" in html and 'name="body"' in html


def test_it_publishes_a_reply_in_the_thread(target_page, resident, official, client_for):
    root = add_comment(target_page, resident, "Original")
    response = client_for(official).post(reverse("comments:reply", args=[root.pk]),
                                         {"body": "Answer"})
    reply = Comment.objects.get(parent=root)
    assert response["Location"].endswith(f"#comment-{reply.pk}")
    assert reply.thread == root and reply.depth == 1


def test_it_refuses_replies_to_deleted_comments(target_page, resident, official, client_for):
    root = add_comment(target_page, resident, "", deleted_at=timezone.now())
    assert client_for(official).get(reverse("comments:reply", args=[root.pk])).status_code == 404


def test_it_answers_404_on_another_organizations_host(target_page, resident, outsider,
                                                      client_for):
    root = add_comment(target_page, resident, "Original")
    response = client_for(outsider, "other.test").get(reverse("comments:reply", args=[root.pk]))
    assert response.status_code == 404
