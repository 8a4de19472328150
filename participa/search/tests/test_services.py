import pytest
from django.core.exceptions import ImproperlyConfigured

from participa.components.pages.models import Page
from participa.search.models import SearchDocument
from participa.search.registry import get_spec, register
from participa.search.services import reindex_all
from participa.spaces.models import Space


def document_of(obj):
    return SearchDocument.objects.get(kind=obj._meta.model_name, object_id=obj.pk)


def test_it_indexes_pages_with_their_space_scope_area_and_normalised_text(meeting_page, space):
    document = document_of(meeting_page)
    assert document.organization_id == space.organization_id
    assert document.space_id == space.pk
    assert document.scope_id == space.scope_id
    assert document.area_id == space.area_id
    assert document.title == {"en": "Ședință publică"}
    assert "sedinta publica" in document.normalized
    assert "zrodlo" in document.normalized
    assert document.url == meeting_page.get_absolute_url()
    assert document.excerpt == {"en": "Dezbatere despre źródło de apă."}  # Markdown stripped


def test_it_updates_addresses_of_pages_when_their_space_changes_address(meeting_page, space):
    space.slug = "new-address"
    space.save()
    assert document_of(meeting_page).url == meeting_page.get_absolute_url()
    assert "/new-address/" in document_of(meeting_page).url


def test_it_drops_documents_with_their_space(meeting_page, space):
    space.delete()
    assert not SearchDocument.objects.exists()


def test_it_rebuilds_missing_rows_and_drops_orphans(meeting_page, space):
    SearchDocument.objects.filter(kind="page").delete()
    Page.objects.filter(pk=meeting_page.pk).update(title={"en": "Renamed quietly"})
    orphan = document_of(space)
    SearchDocument.objects.create(
        organization_id=orphan.organization_id, content_type_id=orphan.content_type_id,
        object_id=999999, kind="space", url="/gone/",
    )
    assert reindex_all() == Space.objects.count() + Page.objects.count()
    assert document_of(meeting_page).title == {"en": "Renamed quietly"}
    assert not SearchDocument.objects.filter(object_id=999999).exists()


def test_it_refuses_two_models_under_one_kind():
    with pytest.raises(ImproperlyConfigured):
        register(Page, kind="space", text=lambda o: {}, visible_to=lambda u, o: Page.objects.none(),
                 url=lambda o: "", space=lambda o: None, date=lambda o: None)
    spec = get_spec("space")
    assert spec is not None
    assert spec.model is Space


def test_it_titles_untitled_documents_with_the_start_of_their_text():
    document = SearchDocument(title={}, excerpt={"en": "Word " * 40})
    assert document.display_title().startswith("Word Word")
    assert len(document.display_title()) <= 80


def _reindex_queries(count_before):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        reindex_all(kinds=["page"])
    return len(queries.captured_queries)


def test_it_reindexes_in_bulk_with_a_number_of_queries_that_does_not_grow(component):
    from participa.components.pages.tests.conftest import make_page

    for number in range(5):
        make_page(component, f"a{number}", f"Page {number}")
    few = _reindex_queries(5)
    for number in range(5, 60):
        make_page(component, f"a{number}", f"Page {number}")
    many = _reindex_queries(60)
    # 12 times the pages: at most the INSERT split in two more statements (SQLite limits the
    # parameters of one statement), never one query per page as before.
    assert few <= many <= few + 2
    assert SearchDocument.objects.filter(kind="page").count() == 60


def test_it_stores_stemmed_tokens_and_visibility_with_the_row(meeting_page, component):
    document = document_of(meeting_page)
    assert {"sedinta", "sedint", "zrodlo", "zrodl"} <= set(document.tokens.split())
    assert (document.published, document.component_published, document.preview) == (
        True, True, True)
    assert document.component_id == component.pk


def test_it_recreates_the_sqlite_full_text_table_and_triggers_when_lost(meeting_page):
    from django.db import connection

    from participa.search import fts
    from participa.search.selectors import SearchFilters, search_documents

    if connection.vendor != "sqlite":
        assert fts.ensure_fts(connection) is False  # PostgreSQL uses the vector column
        return
    assert fts.ensure_fts(connection) is False  # all there after migrate
    with connection.cursor() as cursor:  # what a later table rebuild by a migration does
        cursor.execute("DROP TRIGGER search_document_fts_insert")
    assert fts.ensure_fts(connection) is True
    org = meeting_page.component.space.organization
    assert [doc.object_id for doc in search_documents(None, org, SearchFilters(q="zrodlo"))] \
        == [meeting_page.pk]
    from participa.components.pages.tests.conftest import make_page

    new = make_page(meeting_page.component, "nou", "Izvorul nou")  # the trigger works again
    assert [doc.object_id for doc in search_documents(None, org, SearchFilters(q="izvorul"))] \
        == [new.pk]
