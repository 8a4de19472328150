"""Groups: administrators verify and un-verify them."""

from __future__ import annotations

import pytest

from participa.core.models import AuditEntry, GroupKind, UserGroup

pytestmark = pytest.mark.django_db

URL = "/manage/groups/"


def test_it_lists_the_groups_with_their_verification(client_for, admin, ngo, other_org):
    UserGroup.objects.create(organization=other_org, name="Fundacja Obca", slug="obca",
                             kind=GroupKind.NGO)
    html = client_for(admin).get(URL).content.decode()
    assert "Asociația Test" in html
    assert "Not verified" in html
    assert "Fundacja Obca" not in html


def test_it_verifies_a_group(client_for, admin, ngo):
    response = client_for(admin).post(f"{URL}{ngo.pk}/verify/", follow=True)
    assert "is marked as verified" in response.content.decode()
    ngo.refresh_from_db()
    assert ngo.verified_by == admin
    assert ngo.verified_at is not None
    assert AuditEntry.objects.get(action="group.verify").actor == admin
    assert "Remove verification" in response.content.decode()


def test_it_removes_a_verification(client_for, admin, ngo):
    client = client_for(admin)
    client.post(f"{URL}{ngo.pk}/verify/")
    client.post(f"{URL}{ngo.pk}/unverify/")
    ngo.refresh_from_db()
    assert not ngo.is_verified
    assert AuditEntry.objects.filter(action="group.unverify").exists()


def test_it_filters_unverified_groups(client_for, admin, ngo, org):
    client = client_for(admin)
    client.post(f"{URL}{ngo.pk}/verify/", follow=True)
    UserGroup.objects.create(organization=org, name="Vecinii", slug="vecinii",
                             kind=GroupKind.INFORMAL)
    html = client.get(URL, {"status": "unverified"}).content.decode()
    assert "Vecinii" in html
    assert "Asociația Test" not in html


def test_it_refuses_a_verification_by_get(client_for, admin, ngo):
    assert client_for(admin).get(f"{URL}{ngo.pk}/verify/").status_code == 405
    ngo.refresh_from_db()
    assert not ngo.is_verified


@pytest.mark.parametrize("persona", ["official", "moderator", "ngo_member", "resident"])
def test_it_is_404_for_everybody_but_administrators(client_for, request, persona, ngo):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    assert client.post(f"{URL}{ngo.pk}/verify/").status_code == 404
    ngo.refresh_from_db()
    assert not ngo.is_verified


def test_it_is_404_for_a_group_of_another_organization(client_for, admin, other_org):
    foreign = UserGroup.objects.create(organization=other_org, name="Obca", slug="obca",
                                       kind=GroupKind.NGO)
    assert client_for(admin).post(f"{URL}{foreign.pk}/verify/").status_code == 404
    foreign.refresh_from_db()
    assert not foreign.is_verified
