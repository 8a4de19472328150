"""A moderator reviews a comment's published text with the redaction engine, then approves."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from participa.comments.models import Comment
from participa.core.models import AuditEntry, Organization, User
from participa.redaction.comments import comment_redaction_approve, proposed_spans

pytestmark = pytest.mark.django_db

BODY = ("Vă rog să vorbiți cu Ion Popescu, care locuiește pe str. Florilor nr. 12, despre "
        "parcare.")


@pytest.fixture
def comment(org: Organization, resident: User) -> Comment:
    from django.contrib.contenttypes.models import ContentType

    return Comment.objects.create(
        organization=org, target_type=ContentType.objects.get_for_model(org), target_id=org.pk,
        author=resident, body=BODY)


def url(comment: Comment) -> str:
    return reverse("manage:comment_redaction_review", args=[comment.pk])


def test_it_proposes_names_and_addresses(comment: Comment) -> None:
    assert [(comment.body[start:end], kind) for start, end, kind in proposed_spans(comment)] == [
        ("Ion Popescu", "name"), ("str. Florilor nr. 12", "address")]


def test_a_moderator_sees_both_texts_and_approves(client_for: Any, moderator: User,
                                                  comment: Comment) -> None:
    client = client_for(moderator)
    page = client.get(url(comment))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ion Popescu" in html and "[redacted]" in html
    marks = proposed_spans(comment)
    name_index = next(index for index, (start, end, _kind) in enumerate(marks)
                      if comment.body[start:end] == "Ion Popescu")
    # The moderator keeps the name visible and hides "parcare" by hand.
    response = client.post(url(comment), {f"keep-{name_index}": "1", "words": "parcare"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert "Ion Popescu" in comment.body
    assert "Florilor" not in comment.body
    assert comment.body == ("Vă rog să vorbiți cu Ion Popescu, care locuiește pe [redacted], "
                            "despre [redacted].")
    entry = AuditEntry.objects.get(action="comments.redaction_approve")
    assert "Florilor" not in str(entry.changes) and "parcare" not in str(entry.changes)


def test_missing_words_are_explained_and_nothing_changes(client_for: Any, moderator: User,
                                                        comment: Comment) -> None:
    response = client_for(moderator).post(url(comment), {"words": "Maria Ionescu"})
    assert response.status_code == 200
    assert "does not appear in the text" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == BODY


def test_only_the_organizations_moderators_review(client_for: Any, resident: User,
                                                  official: User, outsider: User,
                                                  comment: Comment) -> None:
    for person in (None, resident, official, outsider):
        assert client_for(person).get(url(comment)).status_code in (302, 404)
        assert client_for(person).post(url(comment), {}).status_code in (302, 404)
    with pytest.raises(PermissionDenied):
        comment_redaction_approve(acting_user=resident, comment=comment, spans=[])
    comment.refresh_from_db()
    assert comment.body == BODY
