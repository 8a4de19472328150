"""Deleting: a confirmation page, then "Comment deleted" in place; replies stay."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participa.comments.tests.conftest import add_comment
from participa.core.actions import AuditAction
from participa.core.models import AuditEntry

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


def test_it_keeps_the_deleted_text_out_of_the_audit_log(target_page, resident, admin,
                                                        client_for):
    # A comment's text is the author's own words: once deleted by its author, no copy of it
    # stays in the audit log nor on the administrators' audit page.
    root = add_comment(target_page, resident, "My neighbour Ion Vasilescu is noisy")
    client_for(resident).post(reverse("comments:edit", args=[root.pk]),
                              {"body": "My neighbour Ion Vasilescu is very noisy"})
    response = client_for(resident).post(reverse("comments:delete", args=[root.pk]))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.COMMENTS_DELETE)
    assert entry.object_type == "comments.comment" and entry.object_id == str(root.pk)
    assert entry.object_repr == ""
    assert entry.changes["body"] is None
    assert entry.changes["deleted_at"][0] is None
    for stored in AuditEntry.objects.all():
        assert "Vasilescu" not in f"{stored.object_repr} {stored.changes}"
    page = client_for(admin).get("/manage/audit-log/").content.decode()
    assert "comments.delete" in page
    assert "Vasilescu" not in page
