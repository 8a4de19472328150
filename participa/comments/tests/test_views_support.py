"""Supporting a comment: one POST adds, the next withdraws; sorted by supports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participa.comments.tests.conftest import add_comment

pytestmark = pytest.mark.django_db


def test_it_adds_and_withdraws_support(target_page, resident, official, client_for):
    comment = add_comment(target_page, resident, "Good idea")
    client = client_for(official)
    response = client.post(reverse("comments:support", args=[comment.pk]))
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    html = client.get(target_page.get_absolute_url()).content.decode()
    assert "1 support" in html and "Withdraw support" in html
    client.post(reverse("comments:support", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.support_count == 0


def test_it_refuses_supporting_ones_own_comment(target_page, resident, client_for):
    comment = add_comment(target_page, resident, "Mine")
    assert client_for(resident).post(
        reverse("comments:support", args=[comment.pk])).status_code == 404


def test_it_only_accepts_post(target_page, resident, official, client_for):
    comment = add_comment(target_page, resident, "Mine")
    assert client_for(official).get(
        reverse("comments:support", args=[comment.pk])).status_code == 405
