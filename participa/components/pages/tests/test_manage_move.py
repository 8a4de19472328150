"""Staff reorder pages with "move up" and "move down" buttons (plain form POSTs)."""

from __future__ import annotations

from django.urls import reverse

from participa.components.pages.models import Page


def url(page):
    return reverse("manage:pages:manage_move",
                   args=[page.component.space.slug, page.component.pk, page.pk])


def order(component):
    return list(Page.objects.filter(component=component).values_list("slug", flat=True))


def test_it_moves_a_page_up(client_for, component, two_pages, manager):
    response = client_for(manager).post(url(two_pages[1]), {"direction": "up"}, follow=True)
    assert order(component) == ["calendar", "about"]
    assert "“Calendar” moved up." in response.text


def test_it_says_when_the_page_is_already_first(client_for, component, two_pages, manager):
    response = client_for(manager).post(url(two_pages[0]), {"direction": "up"}, follow=True)
    assert order(component) == ["about", "calendar"]
    assert "already at that end" in response.text


def test_it_refuses_get_and_unknown_directions(client_for, component, two_pages, manager):
    assert client_for(manager).get(url(two_pages[0])).status_code == 405
    client_for(manager).post(url(two_pages[0]), {"direction": "sideways"})
    assert order(component) == ["about", "calendar"]


def test_it_answers_404_to_residents(client_for, component, two_pages, resident):
    response = client_for(resident).post(url(two_pages[1]), {"direction": "up"})
    assert response.status_code == 404
    assert order(component) == ["about", "calendar"]
