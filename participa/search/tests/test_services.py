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
