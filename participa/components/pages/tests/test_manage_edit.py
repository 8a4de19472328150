"""Staff edit a page's texts and address."""

from __future__ import annotations

from django.urls import reverse

from participa.core.models import AuditEntry


def url(page):
    return reverse("manage:pages:manage_edit",
                   args=[page.component.space.slug, page.component.pk, page.pk])


def test_it_shows_the_current_texts(client_for, two_pages, official):
    response = client_for(official).get(url(two_pages[0]))
    assert response.status_code == 200
    assert "Edit “About the plan”" in response.text
    assert 'value="About the plan"' in response.text
    assert 'value="about"' in response.text


def test_it_saves_the_changes(client_for, two_pages, official):
    page = two_pages[0]
    response = client_for(official).post(url(page), {
        "title__en": "About the action plan", "body__en": "New text", "slug": "about",
    })
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == {"en": "About the action plan"}
    assert page.body == {"en": "New text"}
    entry = AuditEntry.objects.get(action="page.update")
    assert entry.actor == official
    assert entry.changes["title"] == [{"en": "About the plan"}, {"en": "About the action plan"}]


def test_it_keeps_what_was_typed_on_error(client_for, two_pages, official):
    page = two_pages[0]
    response = client_for(official).post(url(page), {
        "title__en": "", "body__en": "Edited but not saved", "slug": "calendar",
    })
    assert response.status_code == 200
    assert "Edited but not saved" in response.text
    assert "already has this address" in response.text
    page.refresh_from_db()
    assert page.body == {"en": "## Why\n\nBecause **we care**."}


def test_it_answers_404_to_moderators_and_other_organizations(client_for, two_pages, moderator,
                                                                outsider):
    assert client_for(moderator).get(url(two_pages[0])).status_code == 404
    assert client_for(outsider, host="other.test").get(url(two_pages[0])).status_code == 404


def test_it_answers_404_for_a_page_of_another_component(client_for, space, two_pages, admin):
    from participa.components.pages.tests.conftest import make_component

    other = make_component(space)
    response = client_for(admin).get(
        reverse("manage:pages:manage_edit", args=[space.slug, other.pk, two_pages[0].pk])
    )
    assert response.status_code == 404
