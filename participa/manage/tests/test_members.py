"""Members and managers of a space."""

from __future__ import annotations

import pytest

from participa.core.models import AuditEntry
from participa.spaces.models import SpaceMembership

pytestmark = pytest.mark.django_db


def url(space, suffix: str = "") -> str:
    return f"/manage/spaces/{space.slug}/members/{suffix}"


def test_it_lists_members_with_their_position(client_for, admin, assembly, resident):
    SpaceMembership.objects.create(space=assembly, user=resident, position="chair")
    html = client_for(admin).get(url(assembly)).content.decode()
    assert "Resident" in html
    assert "chair" in html
    assert "Shown" in html


def test_it_shows_an_empty_state(client_for, admin, assembly):
    assert "Nobody has been added" in client_for(admin).get(url(assembly)).content.decode()


def test_it_adds_a_person_by_email(client_for, admin, assembly, resident):
    response = client_for(admin).post(url(assembly), {
        "email": "Resident@Example.org", "role": "member", "position": "secretary",
        "is_public": "on"}, follow=True)
    assert "Resident is added to the space." in response.content.decode()
    membership = SpaceMembership.objects.get(space=assembly, user=resident)
    assert membership.position == "secretary"
    assert membership.is_public
    assert AuditEntry.objects.get(action="space_membership.add").actor == admin


def test_it_adds_a_manager_who_then_opens_the_back_office(client_for, admin, assembly,
                                                          resident):
    client_for(admin).post(url(assembly), {"email": resident.email, "role": "manager"})
    assert client_for(resident).get(f"/manage/spaces/{assembly.slug}/").status_code == 200


def test_it_gives_the_same_answer_for_unknown_and_foreign_people(client_for, admin, assembly,
                                                                 outsider):
    client = client_for(admin)
    message = "No person with this e-mail address is registered here."
    for email in ("nobody@example.org", outsider.email):
        response = client.post(url(assembly), {"email": email, "role": "member"})
        assert message in response.content.decode()
    assert not SpaceMembership.objects.exists()


def test_it_refuses_a_person_already_member(client_for, admin, assembly, resident):
    SpaceMembership.objects.create(space=assembly, user=resident)
    response = client_for(admin).post(url(assembly), {"email": resident.email,
                                                      "role": "member"})
    assert "already a member of this space" in response.content.decode()


def test_it_toggles_whether_a_member_is_shown(client_for, admin, assembly, resident):
    membership = SpaceMembership.objects.create(space=assembly, user=resident)
    client = client_for(admin)
    client.post(url(assembly, f"{membership.pk}/public/"))
    membership.refresh_from_db()
    assert not membership.is_public
    client.post(url(assembly, f"{membership.pk}/public/"))
    membership.refresh_from_db()
    assert membership.is_public


def test_it_removes_a_member_after_confirmation(client_for, admin, assembly, resident):
    membership = SpaceMembership.objects.create(space=assembly, user=resident)
    client = client_for(admin)
    assert "Yes, remove" in client.get(url(assembly, f"{membership.pk}/remove/")).content.decode()
    assert SpaceMembership.objects.filter(pk=membership.pk).exists()
    client.post(url(assembly, f"{membership.pk}/remove/"))
    assert not SpaceMembership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action="space_membership.remove").exists()


def test_a_space_manager_manages_the_members(client_for, space_manager, assembly, resident):
    client_for(space_manager).post(url(assembly), {"email": resident.email, "role": "member"})
    assert SpaceMembership.objects.filter(space=assembly, user=resident).exists()


@pytest.mark.parametrize("persona", ["official", "moderator", "resident", "outsider"])
def test_it_is_404_for_people_who_may_not_manage_the_space(client_for, request, persona,
                                                           assembly, ngo_member):
    membership = SpaceMembership.objects.create(space=assembly, user=ngo_member)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url(assembly)).status_code == 404
    assert client.post(url(assembly), {"email": "resident@example.org",
                                       "role": "manager"}).status_code == 404
    assert client.post(url(assembly, f"{membership.pk}/public/")).status_code == 404
    assert client.post(url(assembly, f"{membership.pk}/remove/")).status_code == 404
    assert SpaceMembership.objects.filter(space=assembly).count() == 1
