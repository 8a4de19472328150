"""Editing within 15 minutes: the author only; the comment then shows "edited"."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participa.comments.models import Comment
from participa.comments.tests.conftest import add_comment

pytestmark = pytest.mark.django_db


def test_it_lets_the_author_correct_the_comment(target_page, resident, client_for):
    comment = add_comment(target_page, resident, "Helo")
    client = client_for(resident)
    form = client.get(reverse("comments:edit", args=[comment.pk])).content.decode()
    assert "Helo" in form
    response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Hello"})
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.body == "Hello" and comment.is_edited
    assert "edited" in client.get(target_page.get_absolute_url()).content.decode()


def test_it_answers_404_after_fifteen_minutes(target_page, resident, client_for):
    comment = add_comment(target_page, resident, "Old",
                          created_at=timezone.now() - datetime.timedelta(minutes=16))
    response = client_for(resident).post(reverse("comments:edit", args=[comment.pk]),
                                         {"body": "New"})
    assert response.status_code == 404
    assert Comment.objects.get().body == "Old"


def test_it_answers_404_to_someone_else(target_page, resident, official, client_for):
    comment = add_comment(target_page, resident, "Mine")
    assert client_for(official).get(reverse("comments:edit", args=[comment.pk])).status_code \
        == 404


def test_it_keeps_the_text_when_it_is_empty(target_page, resident, client_for):
    comment = add_comment(target_page, resident, "Mine")
    response = client_for(resident).post(reverse("comments:edit", args=[comment.pk]),
                                         {"body": "", "alignment": "against"})
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
