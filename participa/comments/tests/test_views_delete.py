"""Deleting: a confirmation page, then "Comment deleted" in place; replies stay."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participa.comments.tests.conftest import add_comment

pytestmark = pytest.mark.django_db


def test_it_asks_for_confirmation_then_replaces_the_text(target_page, resident, official,
                                                         client_for):
    root = add_comment(target_page, resident, "Regrettable")
    add_comment(target_page, official, "An answer", parent=root)
    client = client_for(resident)
    confirm = client.get(reverse("comments:delete", args=[root.pk]))
    assert confirm.status_code == 200 and "Delete your comment?" in confirm.content.decode()
    response = client.post(reverse("comments:delete", args=[root.pk]))
    assert response.status_code == 302
    html = client.get(target_page.get_absolute_url()).content.decode()
    assert "Comment deleted" in html and "Regrettable" not in html and "An answer" in html


def test_it_answers_404_to_someone_else(target_page, resident, official, client_for):
    root = add_comment(target_page, resident, "Mine")
    assert client_for(official).post(reverse("comments:delete", args=[root.pk])).status_code \
        == 404
    root.refresh_from_db()
    assert not root.is_deleted
