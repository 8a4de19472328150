"""Areas (departments): list, create, edit, delete when unused."""

from __future__ import annotations

import pytest

from participa.core.models import Area, AuditEntry

pytestmark = pytest.mark.django_db

URL = "/manage/areas/"


def test_it_lists_the_organizations_areas_only(client_for, admin, area, other_org):
    Area.objects.create(organization=other_org, code="kultura", name={"en": "Kultura"})
    html = client_for(admin).get(URL).content.decode()
    assert "Urbanism" in html
    assert "Kultura" not in html


def test_it_shows_an_empty_state(client_for, admin):
    assert "No areas yet." in client_for(admin).get(URL).content.decode()


@pytest.mark.parametrize("persona", ["official", "moderator", "resident"])
def test_it_is_404_for_everybody_but_administrators(client_for, request, persona, area):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    assert client.post(f"{URL}new/", {"name__en": "X", "code": "x"}).status_code == 404
    assert client.post(f"{URL}{area.pk}/", {"name__en": "X", "code": "x"}).status_code == 404
    area.refresh_from_db()
    assert area.code == "urbanism"


def test_it_creates_and_edits_an_area(client_for, admin):
    client = client_for(admin)
    assert client.post(f"{URL}new/", {"name__en": "Culture", "code": "culture"}).status_code == 302
    area = Area.objects.get(code="culture")
    response = client.post(f"{URL}{area.pk}/", {"name__en": "Culture", "name__ro": "Cultură",
                                                "code": "culture"})
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.name == {"en": "Culture", "ro": "Cultură"}
    entry = AuditEntry.objects.get(action="area.update")
    assert entry.changes == {"name": [{"en": "Culture"}, {"en": "Culture", "ro": "Cultură"}]}


def test_it_requires_a_name_in_the_default_language(client_for, admin):
    response = client_for(admin).post(f"{URL}new/", {"name__ro": "Cultură", "code": "c"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="Cultură"' in html


def test_it_refuses_a_duplicate_code(client_for, admin, area):
    response = client_for(admin).post(f"{URL}new/", {"name__en": "U", "code": "urbanism"})
    assert "Another area already uses this code." in response.content.decode()


def test_it_refuses_to_delete_an_area_with_officials(client_for, admin, official, area):
    client = client_for(admin)
    assert "Officials are bound to this area" in client.get(
        f"{URL}{area.pk}/delete/").content.decode()
    client.post(f"{URL}{area.pk}/delete/")
    assert Area.objects.filter(pk=area.pk).exists()


def test_it_deletes_an_unused_area_after_confirmation(client_for, admin, area):
    response = client_for(admin).post(f"{URL}{area.pk}/delete/", follow=True)
    assert "The area is deleted." in response.content.decode()
    assert not Area.objects.filter(pk=area.pk).exists()


def test_it_lists_the_consultations_of_a_department_instead_of_failing(client_for, admin, org,
                                                                       area):
    from participa.components.consultations.tests.conftest import (
        make_component,
        make_consultation,
        make_space,
    )

    make_consultation(make_component(make_space(org)), department=area, title="Parking fees")
    client = client_for(admin)
    page = client.get(f"{URL}{area.pk}/delete/").content.decode()
    assert "This area is in use. Change or remove what uses it first." in page
    assert "Consultations (1): Parking fees" in page
    response = client.post(f"{URL}{area.pk}/delete/")
    assert response.status_code == 200
    assert Area.objects.filter(pk=area.pk).exists()
