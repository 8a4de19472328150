"""Roles: list, assign by e-mail, revoke after confirmation."""

from __future__ import annotations

import pytest

from participa.core.models import AuditEntry, Role, RoleKind

pytestmark = pytest.mark.django_db

URL = "/manage/roles/"


def test_it_lists_people_with_roles(client_for, admin, official, district_rep, moderator):
    html = client_for(admin).get(URL).content.decode()
    for text in ("Official", "urbanism".title(), "District Rep", "North", "Moderator",
                 "official@example.org"):
        assert text in html


def test_it_never_lists_roles_of_another_organization(client_for, admin, outsider):
    assert "outsider@example.org" not in client_for(admin).get(URL).content.decode()


@pytest.mark.parametrize("persona", ["official", "moderator", "district_rep", "resident"])
def test_it_is_404_for_everybody_but_administrators(client_for, request, persona, resident):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    response = client.post(f"{URL}new/", {"email": resident.email, "kind": "admin"})
    assert response.status_code == 404
    assert not Role.objects.filter(user=resident).exists()


def test_it_assigns_a_role_by_email(client_for, admin, resident):
    response = client_for(admin).post(f"{URL}new/", {"email": "RESIDENT@example.org",
                                                     "kind": RoleKind.MODERATOR}, follow=True)
    assert "is now: Moderator" in response.content.decode()
    assert Role.objects.filter(user=resident, kind=RoleKind.MODERATOR).exists()
    entry = AuditEntry.objects.get(action="role.assign")
    assert entry.actor == admin
    assert entry.changes["user"] == [None, resident.pk]


def test_it_binds_an_official_to_an_area(client_for, admin, resident, area):
    client = client_for(admin)
    response = client.post(f"{URL}new/", {"email": resident.email, "kind": "official"})
    assert "An official is bound to an area" in response.content.decode()
    client.post(f"{URL}new/", {"email": resident.email, "kind": "official", "area": area.pk})
    assert Role.objects.get(user=resident).area == area


def test_it_binds_a_district_representative_to_a_scope(client_for, admin, resident, scope):
    client = client_for(admin)
    response = client.post(f"{URL}new/", {"email": resident.email, "kind": "district_rep"})
    assert "A district representative is bound to a scope" in response.content.decode()
    client.post(f"{URL}new/", {"email": resident.email, "kind": "district_rep",
                               "scope": scope.pk})
    assert Role.objects.get(user=resident).scope == scope


def test_it_gives_the_same_answer_for_unknown_and_foreign_people(client_for, admin, outsider):
    client = client_for(admin)
    unknown = client.post(f"{URL}new/", {"email": "nobody@example.org", "kind": "moderator"})
    foreign = client.post(f"{URL}new/", {"email": outsider.email, "kind": "moderator"})
    message = "No person with this e-mail address is registered here."
    assert message in unknown.content.decode()
    assert message in foreign.content.decode()
    assert not Role.objects.filter(organization=admin.organization, user=outsider).exists()


def test_it_refuses_a_duplicate_role(client_for, admin, moderator):
    response = client_for(admin).post(f"{URL}new/", {"email": moderator.email,
                                                     "kind": "moderator"})
    assert response.status_code == 200
    assert "This person already has this role." in response.content.decode()
    assert Role.objects.filter(user=moderator).count() == 1


def test_it_revokes_a_role_after_confirmation(client_for, admin, moderator):
    role = Role.objects.get(user=moderator)
    client = client_for(admin)
    assert "Yes, revoke" in client.get(f"{URL}{role.pk}/revoke/").content.decode()
    assert Role.objects.filter(pk=role.pk).exists()
    response = client.post(f"{URL}{role.pk}/revoke/", follow=True)
    assert "The role is revoked." in response.content.decode()
    assert not Role.objects.filter(pk=role.pk).exists()
    assert AuditEntry.objects.filter(action="role.revoke", actor=admin).exists()


def test_it_explains_why_the_last_administrator_stays(client_for, admin):
    role = Role.objects.get(user=admin)
    response = client_for(admin).post(f"{URL}{role.pk}/revoke/")
    assert "last administrator" in response.content.decode()
    assert Role.objects.filter(pk=role.pk).exists()


def test_it_is_404_for_a_role_of_another_organization(client_for, admin, outsider):
    role = Role.objects.get(user=outsider)
    assert client_for(admin).post(f"{URL}{role.pk}/revoke/").status_code == 404
    assert Role.objects.filter(pk=role.pk).exists()
