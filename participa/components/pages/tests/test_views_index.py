"""The public entry of a pages component: a table of contents, or the only page directly."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from participa.components.pages.tests.conftest import make_component, make_page, make_space
from participa.spaces.models import Visibility


def url(component):
    return reverse("spaces:pages:index", args=[component.space.slug, component.pk])


def test_it_lists_the_pages_in_order(client_for, component, two_pages):
    response = client_for(None).get(url(component))
    assert response.status_code == 200
    text = response.text
    assert "<h1>Information</h1>" in text
    assert text.index("About the plan") < text.index("Calendar")
    assert two_pages[1].get_absolute_url() in text


def test_it_shows_the_only_page_directly(client_for, component):
    make_page(component, "about", "About the plan", "Because **we care**.")
    response = client_for(None).get(url(component))
    assert response.status_code == 200
    assert "<h1>About the plan</h1>" in response.text
    assert "<strong>we care</strong>" in response.text


def test_it_says_when_there_is_nothing_yet(client_for, component):
    response = client_for(None).get(url(component))
    assert "No pages have been published here yet." in response.text


def test_it_links_staff_to_the_back_office(client_for, component, two_pages, manager, resident):
    manage_url = reverse("manage:pages:manage_index", args=[component.space.slug, component.pk])
    assert manage_url in client_for(manager).get(url(component)).text
    assert manage_url not in client_for(resident).get(url(component)).text


def test_it_hides_an_unpublished_component_from_residents(client_for, component, resident,
                                                          official):
    component.published_at = None
    component.save()
    assert client_for(resident).get(url(component)).status_code == 404
    assert client_for(None).get(url(component)).status_code == 404
    response = client_for(official).get(url(component))
    assert response.status_code == 200
    assert "This component is not published" in response.text


def test_it_hides_members_only_spaces(client_for, org, resident, moderator):
    space = make_space(org, slug="council", visibility=Visibility.MEMBERS)
    component = make_component(space)
    assert client_for(None).get(url(component)).status_code == 404
    assert client_for(resident).get(url(component)).status_code == 404
    assert client_for(moderator).get(url(component)).status_code == 200


def test_it_answers_404_on_the_other_organizations_host(client_for, component, two_pages,
                                                        other_org, outsider):
    assert client_for(None, host="other.test").get(url(component)).status_code == 404
    assert client_for(outsider, host="other.test").get(url(component)).status_code == 404


def test_it_answers_404_for_another_component_type(client_for, space):
    from participa.spaces.models import Component

    other = Component.objects.create(space=space, type="news", name={"en": "News"},
                                     published_at=timezone.now())
    response = client_for(None).get(
        reverse("spaces:pages:index", args=[space.slug, other.pk])
    )
    assert response.status_code == 404
