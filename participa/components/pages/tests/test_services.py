"""Writes on pages: create, update, delete, move, each audited; and the demo seeds."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from participa.components.pages import services
from participa.components.pages.models import Page
from participa.components.pages.seeds import seed
from participa.core.models import AuditEntry


def test_it_creates_a_page_at_the_end_with_an_address_from_the_title(component, two_pages,
                                                                      admin):
    page = services.page_create(acting_user=admin, component=component,
                                title={"en": "Rules of the game", "ro": "Regulament"},
                                body={"en": "Be kind."})
    assert page.slug == "rules-of-the-game"
    assert page.position == 2
    assert list(Page.objects.filter(component=component).values_list("slug", flat=True)) == [
        "about", "calendar", "rules-of-the-game"]
    entry = AuditEntry.objects.get(action="page.create")
    assert entry.actor == admin
    assert entry.organization == component.space.organization
    assert entry.changes["title"] == [None, {"en": "Rules of the game", "ro": "Regulament"}]


def test_it_makes_the_address_from_the_default_language(org, component, admin):
    org.default_language = "ro"
    org.save()
    component.space.organization = org
    page = services.page_create(acting_user=admin, component=component,
                                title={"en": "Calendar", "ro": "Calendarul ședințelor"},
                                body={})
    assert page.slug == "calendarul-sedintelor"


def test_it_never_reuses_an_address(component, two_pages, admin):
    page = services.page_create(acting_user=admin, component=component,
                                title={"en": "About"}, body={}, slug="about")
    assert page.slug == "about-2"


def test_it_drops_empty_translations(component, admin):
    page = services.page_create(acting_user=admin, component=component,
                                title={"en": "  Contacts ", "ro": "", "pl": "   "},
                                body={"en": "Call us.", "ro": ""})
    assert page.title == {"en": "Contacts"}
    assert page.body == {"en": "Call us."}


def test_it_updates_and_audits_only_what_changed(two_pages, manager):
    page = two_pages[0]
    services.page_update(acting_user=manager, page=page, title={"en": "About the plan"},
                         body={"en": "New text"})
    page.refresh_from_db()
    assert page.body == {"en": "New text"}
    entry = AuditEntry.objects.get(action="page.update")
    assert entry.actor == manager
    assert set(entry.changes) == {"body"}


def test_it_writes_no_audit_entry_when_nothing_changed(two_pages, manager):
    page = two_pages[0]
    before = page.updated_at
    services.page_update(acting_user=manager, page=page, title=page.title, body=page.body)
    assert not AuditEntry.objects.filter(action="page.update").exists()
    page.refresh_from_db()
    assert page.updated_at == before


def test_it_changes_the_address_without_clashing(two_pages, manager):
    page = two_pages[1]
    services.page_update(acting_user=manager, page=page, title=page.title, body=page.body,
                         slug="about")
    page.refresh_from_db()
    assert page.slug == "about-2"


def test_it_deletes_with_an_audit_entry(two_pages, admin):
    page = two_pages[0]
    page_id = page.pk
    services.page_delete(acting_user=admin, page=page)
    assert not Page.objects.filter(pk=page_id).exists()
    entry = AuditEntry.objects.get(action="page.delete")
    assert entry.object_id == str(page_id)
    assert entry.changes["slug"] == ["about", None]


def test_it_moves_pages_up_and_down(component, two_pages, admin):
    calendar = two_pages[1]
    assert services.page_move(acting_user=admin, page=calendar, direction="up")
    assert list(Page.objects.filter(component=component).values_list("slug", flat=True)) == [
        "calendar", "about"]
    assert AuditEntry.objects.filter(action="page.move").count() == 1
    assert services.page_move(acting_user=admin, page=calendar, direction="down")
    assert list(Page.objects.filter(component=component).values_list("slug", flat=True)) == [
        "about", "calendar"]


def test_it_does_not_move_past_the_ends(component, two_pages, admin):
    about, calendar = two_pages
    assert not services.page_move(acting_user=admin, page=about, direction="up")
    assert not services.page_move(acting_user=admin, page=calendar, direction="down")
    assert not AuditEntry.objects.filter(action="page.move").exists()


def test_it_repairs_equal_positions_when_moving(component, admin):
    first = Page.objects.create(component=component, slug="a", title={"en": "A"})
    second = Page.objects.create(component=component, slug="b", title={"en": "B"})
    assert first.position == second.position == 0
    services.page_move(acting_user=admin, page=second, direction="up")
    assert list(Page.objects.filter(component=component).values_list("slug", "position")) == [
        ("b", 0), ("a", 1)]


def test_the_database_refuses_two_pages_at_one_address(component, two_pages):
    with pytest.raises(IntegrityError), transaction.atomic():
        Page.objects.create(component=component, slug="about", title={"en": "Again"})


def test_the_database_refuses_an_empty_address(component):
    with pytest.raises(IntegrityError), transaction.atomic():
        Page.objects.create(component=component, slug="", title={"en": "Nowhere"})


def test_the_seeds_add_two_pages_once(component):
    seed(component)
    seed(component)
    pages = list(Page.objects.filter(component=component))
    assert [page.slug for page in pages] == ["despre", "cum-participati"]
    assert pages[0].title["ro"] == "Despre acest proces"
    assert set(pages[0].body) == {"ro", "pl", "en"}
