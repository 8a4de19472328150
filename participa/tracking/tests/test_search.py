"""Tracked items in the site search: found once published, by those who may see them."""

from __future__ import annotations

from participa.search.selectors import SearchFilters, search_documents
from participa.tracking.services import tracked_item_publish


def found(user, org, words: str) -> list[int]:
    results = search_documents(user, org, SearchFilters(q=words, kinds=["tracked_item"]))
    return [doc.object_id for doc in results]


def test_it_finds_a_published_item_by_its_words(org, item, official, resident):
    assert found(resident, org, "benches") == []
    tracked_item_publish(acting_user=official, item=item)
    assert found(resident, org, "benches") == [item.pk]
    assert found(None, org, "alley") == [item.pk]
