"""Comments in the site search: found by their words, unless deleted or hidden."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from participa.comments.models import Comment
from participa.comments.services import comment_create, comment_delete
from participa.moderation.models import Moderation
from participa.search.selectors import SearchFilters, search_documents

pytestmark = pytest.mark.django_db


def found(user, org, words: str) -> list[int]:
    results = search_documents(user, org, SearchFilters(q=words, kinds=["comment"]))
    return [doc.object_id for doc in results]


def test_it_finds_comments_by_their_words_without_diacritics(target_page, resident, official,
                                                             org):
    comment = comment_create(acting_user=resident, target=target_page,
                             body="Ședința de joi despre parcări")
    assert found(official, org, "sedinta") == [comment.pk]


def test_it_leaves_out_deleted_and_hidden_comments(target_page, resident, official, org):
    deleted = comment_create(acting_user=resident, target=target_page, body="Tramvaiul nou")
    hidden = comment_create(acting_user=resident, target=target_page, body="Tramvaiul vechi")
    comment_delete(acting_user=resident, comment=deleted, target=target_page)
    Moderation.objects.create(organization=org, content_type=ContentType.objects.get_for_model(
        Comment), object_id=hidden.pk, hidden_at=hidden.created_at, hidden_reason="x")
    assert found(official, org, "tramvaiul") == []


def test_it_leaves_out_comments_on_pages_the_visitor_cannot_see(target_page, resident, manager,
                                                                org, component):
    comment_create(acting_user=resident, target=target_page, body="Bicicletele")
    component.published_at = None
    component.save()
    assert found(resident, org, "bicicletele") == []
    assert len(found(manager, org, "bicicletele")) == 1
