"""Staff add a page: one title and one Markdown text per language."""

from __future__ import annotations

from django.urls import reverse

from participa.components.pages.models import Page
from participa.core.models import AuditEntry


def url(component):
    return reverse("manage:pages:manage_create", args=[component.space.slug, component.pk])


def test_it_shows_one_labelled_input_per_language(client_for, component, manager):
    response = client_for(manager).get(url(component))
    assert response.status_code == 200
    text = response.text
    for code in ("ro", "pl", "en"):
        assert f'for="id_title__{code}"' in text
        assert f'id="id_body__{code}"' in text
    assert 'for="id_slug"' in text


def test_it_creates_the_page(client_for, component, manager):
    response = client_for(manager).post(url(component), {
        "title__en": "Contacts", "title__ro": "Contacte", "body__en": "Call **us**.",
        "slug": "",
    }, follow=True)
    page = Page.objects.get(component=component)
    assert page.slug == "contacts"
    assert page.title == {"en": "Contacts", "ro": "Contacte"}
    assert response.redirect_chain[-1][0] == reverse(
        "manage:pages:manage_index", args=[component.space.slug, component.pk])
    assert "The page “Contacts” was created." in response.text
    assert AuditEntry.objects.filter(action="page.create", actor=manager).exists()


def test_it_keeps_what_was_typed_when_the_title_is_missing(client_for, component, manager):
    response = client_for(manager).post(url(component), {
        "title__en": "", "body__en": "A long text I do not want to lose", "slug": "",
    })
    assert response.status_code == 200
    assert not Page.objects.exists()
    assert "There is a problem" in response.text
    assert 'href="#id_title__en"' in response.text
    assert "A long text I do not want to lose" in response.text


def test_it_refuses_an_address_already_used(client_for, component, two_pages, manager):
    response = client_for(manager).post(url(component), {
        "title__en": "Another", "slug": "about",
    })
    assert response.status_code == 200
    assert "already has this address" in response.text
    assert Page.objects.filter(component=component).count() == 2


def test_it_answers_404_to_residents(client_for, component, resident):
    assert client_for(resident).get(url(component)).status_code == 404
    assert client_for(resident).post(url(component), {"title__en": "X"}).status_code == 404
    assert not Page.objects.exists()
