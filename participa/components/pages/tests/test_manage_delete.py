"""Staff delete a page after a confirmation page."""

from __future__ import annotations

from django.urls import reverse

from participa.components.pages.models import Page
from participa.core.models import AuditEntry


def url(page):
    return reverse("manage:pages:manage_delete",
                   args=[page.component.space.slug, page.component.pk, page.pk])


def test_it_asks_for_confirmation(client_for, two_pages, admin):
    response = client_for(admin).get(url(two_pages[0]))
    assert response.status_code == 200
    assert "Delete “About the plan”?" in response.text
    assert Page.objects.filter(pk=two_pages[0].pk).exists()


def test_it_deletes_after_confirmation(client_for, two_pages, admin):
    page = two_pages[0]
    response = client_for(admin).post(url(page), follow=True)
    assert not Page.objects.filter(pk=page.pk).exists()
    assert "The page “About the plan” was deleted." in response.text
    assert AuditEntry.objects.filter(action="page.delete", actor=admin).exists()


def test_it_answers_404_to_residents(client_for, two_pages, resident):
    page = two_pages[0]
    assert client_for(resident).post(url(page)).status_code == 404
    assert Page.objects.filter(pk=page.pk).exists()
