"""Components of a space: add, settings, per-phase switches, publish, delete."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participa.core.models import AuditEntry
from participa.spaces.models import Component
from participa.spaces.staff import get_managed_component_or_404

pytestmark = pytest.mark.django_db


def url(space, suffix: str = "") -> str:
    return f"/manage/spaces/{space.slug}/components/{suffix}"


def test_it_lists_the_components(client_for, admin, process, component):
    html = client_for(admin).get(url(process)).content.decode()
    assert "About" in html
    assert "Not published" in html


def test_it_shows_an_empty_state(client_for, admin, process):
    assert "No components yet." in client_for(admin).get(url(process)).content.decode()


def test_it_offers_every_registered_type(client_for, admin, process):
    html = client_for(admin).get(url(process, "new/")).content.decode()
    assert '<option value="pages">Pages</option>' in html


def test_it_adds_a_component_with_default_settings(client_for, admin, process):
    response = client_for(admin).post(url(process, "new/"), {"type": "pages",
                                                             "name__en": "Rules"})
    component = Component.objects.get(space=process)
    assert response["Location"] == url(process, f"{component.pk}/")
    assert component.type == "pages"
    assert component.settings == {"show_table_of_contents": True}
    assert AuditEntry.objects.get(action="component.create").actor == admin


def test_it_refuses_an_unknown_type(client_for, admin, process):
    response = client_for(admin).post(url(process, "new/"), {"type": "nope",
                                                             "name__en": "X"})
    assert response.status_code == 200
    assert not Component.objects.exists()


def test_it_generates_fields_from_the_settings_of_the_spec(client_for, admin, process,
                                                           component):
    html = client_for(admin).get(url(process, f"{component.pk}/")).content.decode()
    assert 'name="setting__show_table_of_contents"' in html
    assert "List the pages at the top of the component" in html


def test_it_saves_name_and_settings(client_for, admin, process, component):
    response = client_for(admin).post(url(process, f"{component.pk}/"), {
        "name__en": "About us"})  # the checkbox unticked
    assert response.status_code == 302
    component.refresh_from_db()
    assert component.name == {"en": "About us"}
    assert component.settings["show_table_of_contents"] is False
    changes = AuditEntry.objects.get(action="component.update").changes
    assert changes["settings"] == [{"show_table_of_contents": True},
                                   {"show_table_of_contents": False}]


def test_it_sets_switches_per_phase(client_for, admin, process, phases, component):
    client = client_for(admin)
    page = client.get(url(process, f"{component.pk}/phases/")).content.decode()
    assert "Comments enabled" in page
    assert f'name="p{phases[0].pk}-comments_enabled"' in page
    client.post(url(process, f"{component.pk}/phases/"),
                {f"p{phases[1].pk}-comments_enabled": "1"})
    component.refresh_from_db()
    assert component.phase_settings == {
        str(phases[0].pk): {"comments_enabled": False},
        str(phases[1].pk): {"comments_enabled": True},
        str(phases[2].pk): {"comments_enabled": False},
    }
    assert component.phase_switch("comments_enabled", phases[1])
    assert AuditEntry.objects.filter(action="component.phase_settings").exists()
    page = client.get(url(process, f"{component.pk}/phases/")).content.decode()
    assert f'name="p{phases[1].pk}-comments_enabled" value="1" checked' in page


def test_it_publishes_and_unpublishes(client_for, admin, process, component):
    client = client_for(admin)
    client.post(url(process, f"{component.pk}/publish/"), {"publish": "1"})
    component.refresh_from_db()
    assert component.is_published
    client.post(url(process, f"{component.pk}/publish/"), {"publish": "0"})
    component.refresh_from_db()
    assert not component.is_published


def test_it_deletes_after_confirmation(client_for, admin, process, component):
    client = client_for(admin)
    assert "Yes, delete" in client.get(url(process, f"{component.pk}/delete/")).content.decode()
    assert Component.objects.filter(pk=component.pk).exists()
    client.post(url(process, f"{component.pk}/delete/"))
    assert not Component.objects.filter(pk=component.pk).exists()


def test_it_links_to_the_public_page(client_for, admin, process, component):
    html = client_for(admin).get(url(process, f"{component.pk}/")).content.decode()
    assert reverse("spaces:pages:index", args=[process.slug, component.pk]) in html


@pytest.mark.parametrize("persona", ["moderator", "resident", "space_manager", "outsider"])
def test_it_is_404_for_people_who_may_not_manage_the_space(client_for, request, persona,
                                                           process, component, phases):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url(process)).status_code == 404
    assert client.post(url(process, "new/"), {"type": "pages",
                                              "name__en": "X"}).status_code == 404
    assert client.post(url(process, f"{component.pk}/"), {"name__en": "X"}).status_code == 404
    assert client.post(url(process, f"{component.pk}/phases/"), {}).status_code == 404
    assert client.post(url(process, f"{component.pk}/publish/")).status_code == 404
    assert client.post(url(process, f"{component.pk}/delete/")).status_code == 404
    component.refresh_from_db()
    assert component.name == {"en": "About"}
    assert not component.is_published


def test_it_is_404_for_a_component_of_another_space(client_for, official, process,
                                                    other_area_process):
    foreign = Component.objects.create(space=other_area_process, type="pages",
                                       name={"en": "Foreign"})
    client = client_for(official)
    assert client.get(url(process, f"{foreign.pk}/")).status_code == 404
    assert client.post(url(process, f"{foreign.pk}/delete/")).status_code == 404


def test_the_helper_for_component_staff_views_checks_access(rf, org, admin, official,
                                                            moderator, process, component):
    def call(user, component_type="pages"):
        request = rf.get("/")
        request.organization = org
        request.user = user
        return get_managed_component_or_404(request, process.slug, component.pk,
                                            component_type)

    assert call(admin) == component
    assert call(official).space == process
    from django.http import Http404
    with pytest.raises(Http404):
        call(moderator)
    with pytest.raises(Http404):
        call(admin, "surveys")


def test_component_staff_views_are_mounted_in_the_manage_namespace(process, component):
    from django.urls import get_resolver

    namespaces = get_resolver().namespace_dict["manage"][1].namespace_dict
    assert "pages" in namespaces


def test_it_links_to_the_components_own_staff_pages(client_for, admin, process, component):
    from django.urls import NoReverseMatch

    try:
        staff_url = reverse("manage:pages:manage_index", args=[process.slug, component.pk])
    except NoReverseMatch:  # the pages component mounts no staff page yet
        pytest.skip("pages has no staff pages")
    html = client_for(admin).get(url(process, f"{component.pk}/")).content.decode()
    assert staff_url in html
    assert staff_url in client_for(admin).get(url(process)).content.decode()
