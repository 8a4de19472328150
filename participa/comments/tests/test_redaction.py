"""Comments are published without identifiers; the author is told what was removed; every
earlier version of an edited comment is kept for the moderators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participa.comments import services
from participa.comments.models import Comment, CommentRevision
from participa.core.models import AuditEntry

pytestmark = pytest.mark.django_db

REMOVED_TWO = ("To protect privacy, these were removed from your text before publishing: "
               "1 e-mail address and 1 phone number.")


def create_url(page) -> str:
    return reverse("comments:create", args=["pages.page", page.pk])


def test_it_publishes_the_comment_without_identifiers_and_tells_the_author(
        target_page, resident, client_for):
    client = client_for(resident)
    response = client.post(create_url(target_page), {
        "body": "Agree. Write to ana.pop@example.com or call +40 722 123 456.",
    })
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.body == "Agree. Write to [redacted] or call [redacted]."
    html = client.get(response["Location"]).content.decode()
    assert "Your comment is published." in html
    assert REMOVED_TWO in html
    assert "ana.pop@example.com" not in html and "722 123 456" not in html
    # The audit entry holds the published text only.
    entry = AuditEntry.objects.get(action="comments.create")
    assert "ana.pop@example.com" not in str(entry.changes)


def test_it_says_nothing_about_privacy_when_nothing_was_removed(target_page, resident,
                                                                client_for):
    client = client_for(resident)
    response = client.post(create_url(target_page), {"body": "Plant 120 trees on Strada Mare."})
    html = client.get(response["Location"]).content.decode()
    assert Comment.objects.get().body == "Plant 120 trees on Strada Mare."
    assert "To protect privacy" not in html


def test_it_tells_the_author_in_their_language(target_page, resident, client_for):
    client = client_for(resident)
    client.cookies["django_language"] = "ro"
    response = client.post(create_url(target_page), {"body": "CNP-ul meu: 1800101221144"})
    html = client.get(response["Location"]).content.decode()
    assert Comment.objects.get().body == "CNP-ul meu: [redacted]"
    assert ("Pentru protejarea datelor personale, am eliminat din textul dumneavoastră "
            "înainte de publicare: 1 cod numeric personal.") in html


def test_it_removes_identifiers_from_replies_and_edits(target_page, resident, client_for):
    client = client_for(resident)
    client.post(create_url(target_page), {"body": "First"})
    comment = Comment.objects.get()
    client.post(reverse("comments:reply", args=[comment.pk]),
                {"body": "IBAN RO49AAAA1B31007593840000"})
    assert Comment.objects.get(parent=comment).body == "IBAN [redacted]"
    response = client.post(reverse("comments:edit", args=[comment.pk]),
                           {"body": "First, mail me: ana@example.ro"})
    comment.refresh_from_db()
    assert comment.body == "First, mail me: [redacted]"
    html = client.get(response["Location"]).content.decode()
    assert ("To protect privacy, this was removed from your text before publishing: "
            "1 e-mail address.") in html


def test_it_keeps_each_replaced_version_when_the_author_edits(target_page, resident):
    comment = services.comment_create(acting_user=resident, target=target_page, body="One")
    services.comment_edit(acting_user=resident, comment=comment, target=target_page,
                          body="Two", alignment="")
    services.comment_edit(acting_user=resident, comment=comment, target=target_page,
                          body="Three", alignment="for")
    revisions = list(CommentRevision.objects.filter(comment=comment))
    assert [(r.body, r.alignment) for r in revisions] == [("One", ""), ("Two", "")]
    assert revisions[0].published_at == comment.created_at
    assert revisions[1].replaced_at == comment.edited_at
    # Saving the same text again is not a new version.
    services.comment_edit(acting_user=resident, comment=comment, target=target_page,
                          body="Three", alignment="for")
    assert CommentRevision.objects.filter(comment=comment).count() == 2


def test_it_drops_the_earlier_versions_when_the_author_deletes_the_comment(target_page,
                                                                           resident):
    comment = services.comment_create(acting_user=resident, target=target_page, body="One")
    services.comment_edit(acting_user=resident, comment=comment, target=target_page,
                          body="Two", alignment="")
    services.comment_delete(acting_user=resident, comment=comment, target=target_page)
    assert not CommentRevision.objects.filter(comment=comment).exists()
