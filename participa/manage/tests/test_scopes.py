"""Scopes: an indented tree; create/edit with no cycles; delete only when unused."""

from __future__ import annotations

import pytest
from django.conf import settings

from participa.core.models import AuditEntry, Scope
from participa.spaces.models import Space, SpaceKind

pytestmark = pytest.mark.django_db

URL = "/manage/scopes/"


def test_it_lists_scopes_as_an_indented_tree(client_for, admin, scope, org):
    Scope.objects.create(organization=org, code="a-lake", name={"en": "Lake"},
                         parent=scope)
    html = client_for(admin).get(URL).content.decode()
    city, north, lake = html.index("City"), html.index("North"), html.index("Lake")
    assert city < north < lake  # children come right under their parent
    # Indented by a class (no inline style under the Content-Security-Policy): 3rem at depth 2.
    assert 'class="tree-item tree-depth-2"' in html
    assert ".tree-depth-2 { padding-left: 3rem; }" in (settings.BASE_DIR / "static" / "css" /
                                                        "site.css").read_text()
    assert "inside North" in html


def test_it_shows_an_empty_state(client_for, admin):
    assert "No scopes yet." in client_for(admin).get(URL).content.decode()


def test_it_never_shows_another_organizations_scopes(client_for, admin, other_org):
    Scope.objects.create(organization=other_org, code="warsaw", name={"en": "Warszawa"})
    assert "Warszawa" not in client_for(admin).get(URL).content.decode()


@pytest.mark.parametrize("persona", ["official", "moderator", "district_rep", "resident"])
def test_it_is_404_for_everybody_but_administrators(client_for, request, persona, scope):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}new/").status_code == 404
    assert client.post(f"{URL}{scope.pk}/delete/").status_code == 404
    assert Scope.objects.filter(pk=scope.pk).exists()


def test_it_creates_a_scope_inside_another(client_for, admin, scope, org):
    response = client_for(admin).post(f"{URL}new/", {
        "name__en": "Old town", "code": "old-town", "kind": "neighbourhood",
        "parent": scope.pk})
    assert response.status_code == 302
    created = Scope.objects.get(code="old-town")
    assert created.parent == scope
    assert created.name == {"en": "Old town"}
    assert AuditEntry.objects.filter(action="scope.create", actor=admin).exists()


def test_it_refuses_a_code_already_used(client_for, admin, scope):
    response = client_for(admin).post(f"{URL}new/", {"name__en": "Again", "code": "north"})
    assert response.status_code == 200
    assert "Another scope already uses this code." in response.content.decode()


def test_it_refuses_to_put_a_scope_inside_its_own_child(client_for, admin, scope):
    city = scope.parent
    response = client_for(admin).post(f"{URL}{city.pk}/", {
        "name__en": "City", "code": "city", "parent": scope.pk})
    assert response.status_code == 200
    assert "can&#x27;t be inside itself or inside one of the scopes it contains" in (
        response.content.decode())
    city.refresh_from_db()
    assert city.parent is None


def test_it_offers_no_descendant_as_parent(client_for, admin, scope):
    html = client_for(admin).get(f"{URL}{scope.parent.pk}/").content.decode()
    assert f'<option value="{scope.pk}"' not in html


def test_it_refuses_a_parent_of_another_organization(client_for, admin, other_org):
    foreign = Scope.objects.create(organization=other_org, code="w", name={"en": "W"})
    response = client_for(admin).post(f"{URL}new/", {
        "name__en": "X", "code": "x", "parent": foreign.pk})
    assert response.status_code == 200
    assert not Scope.objects.filter(code="x").exists()


def test_it_asks_before_deleting_and_then_deletes(client_for, admin, org):
    lone = Scope.objects.create(organization=org, code="lone", name={"en": "Lone"})
    client = client_for(admin)
    page = client.get(f"{URL}{lone.pk}/delete/")
    assert "Yes, delete" in page.content.decode()
    assert Scope.objects.filter(pk=lone.pk).exists()
    response = client.post(f"{URL}{lone.pk}/delete/", follow=True)
    assert "The scope is deleted." in response.content.decode()
    assert not Scope.objects.filter(pk=lone.pk).exists()
    assert AuditEntry.objects.filter(action="scope.delete").exists()


def test_it_explains_why_a_scope_in_use_cant_be_deleted(client_for, admin, org, scope):
    Space.objects.create(organization=org, kind=SpaceKind.PROCESS, slug="s", scope=scope,
                         title={"en": "S"})
    client = client_for(admin)
    page = client.get(f"{URL}{scope.pk}/delete/").content.decode()
    assert "Participatory spaces use this scope" in page
    assert "Yes, delete" not in page
    client.post(f"{URL}{scope.pk}/delete/")
    assert Scope.objects.filter(pk=scope.pk).exists()
    parent_page = client.get(f"{URL}{scope.parent.pk}/delete/").content.decode()
    assert "This scope contains other scopes" in parent_page


def test_it_is_404_for_a_scope_of_another_organization(client_for, admin, other_org):
    foreign = Scope.objects.create(organization=other_org, code="w", name={"en": "W"})
    assert client_for(admin).get(f"{URL}{foreign.pk}/").status_code == 404
    assert client_for(admin).post(f"{URL}{foreign.pk}/delete/").status_code == 404


def test_it_lists_what_uses_a_scope_instead_of_failing(client_for, admin, org, scope,
                                                       district_rep):
    """A consultation (another app's protected reference) and a role: listed by name, the
    scope kept, no server error."""
    from participa.components.consultations.tests.conftest import (
        make_component,
        make_consultation,
        make_space,
    )

    consultation = make_consultation(make_component(make_space(org)), scope=scope,
                                      title="Parking fees")
    client = client_for(admin)
    page = client.get(f"{URL}{scope.pk}/delete/").content.decode()
    assert "Yes, delete" not in page
    assert "In use by:" in page
    assert "Consultations (1): Parking fees" in page
    assert f"Roles (1): {district_rep.public_name}: District representative" in page
    response = client.post(f"{URL}{scope.pk}/delete/")
    assert response.status_code == 200
    assert "Consultations (1): Parking fees" in response.content.decode()
    assert Scope.objects.filter(pk=scope.pk).exists()
    assert consultation.scope_id == scope.pk


def test_it_names_only_the_first_few_uses(client_for, admin, org, scope):
    for number in range(7):
        Space.objects.create(organization=org, kind=SpaceKind.PROCESS, slug=f"s{number}",
                             scope=scope, title={"en": f"Space {number}"})
    page = client_for(admin).get(f"{URL}{scope.pk}/delete/").content.decode()
    assert "Participatory spaces use this scope. Change their scope first." in page
    assert ("Participatory spaces (7): Space 0, Space 1, Space 2, Space 3, Space 4 and 2 more"
            in page)
