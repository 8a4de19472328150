"""Staff list of a component's pages."""

from __future__ import annotations

from django.urls import reverse


def url(component):
    return reverse("manage:pages:manage_index", args=[component.space.slug, component.pk])


def test_it_lists_the_pages_with_their_actions(client_for, component, two_pages, manager):
    response = client_for(manager).get(url(component))
    assert response.status_code == 200
    text = response.text
    assert text.index("About the plan") < text.index("Calendar")
    assert '<th scope="col">' in text
    about, calendar = two_pages
    assert reverse("manage:pages:manage_edit",
                   args=[component.space.slug, component.pk, about.pk]) in text
    assert reverse("manage:pages:manage_delete",
                   args=[component.space.slug, component.pk, calendar.pk]) in text
    assert "Move down" in text and "Move up" in text


def test_it_invites_to_add_the_first_page(client_for, component, admin):
    response = client_for(admin).get(url(component))
    assert "There are no pages yet." in response.text
    assert reverse("manage:pages:manage_create",
                   args=[component.space.slug, component.pk]) in response.text


def test_it_opens_for_those_who_run_the_space(client_for, component, admin, official, manager):
    for user in (admin, official, manager):
        assert client_for(user).get(url(component)).status_code == 200


def test_it_answers_404_to_everybody_else(client_for, component, resident, ngo_member,
                                          district_rep, moderator):
    assert client_for(None).get(url(component)).url.startswith("/accounts/login/?next=")
    for user in (resident, ngo_member, district_rep, moderator):
        assert client_for(user).get(url(component)).status_code == 404


def test_it_answers_404_on_the_other_organizations_host(client_for, component, outsider):
    assert client_for(outsider, host="other.test").get(url(component)).status_code == 404


def test_it_answers_404_for_a_component_of_another_space(client_for, component, admin, org):
    from participa.components.pages.tests.conftest import make_space

    other = make_space(org, slug="another")
    response = client_for(admin).get(
        reverse("manage:pages:manage_index", args=[other.slug, component.pk])
    )
    assert response.status_code == 404
