"""Services of participa/core/org_services.py: validation and audit entries."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participa.conftest import make_user
from participa.core import org_services
from participa.core.models import Area, AuditEntry, Role, RoleKind, Scope
from participa.spaces.models import Space, SpaceKind

pytestmark = pytest.mark.django_db


def test_it_audits_an_organization_update_with_before_and_after(org, admin, audit):
    changes = org_services.organization_update(
        organization=org, acting_user=admin,
        values={"name": "Municipiul Nou", "languages": ["ro", "en"], "default_language": "ro"},
    )
    assert changes["name"] == ["Municipiul Test", "Municipiul Nou"]
    entry = audit("organization.update")
    assert entry.actor == admin
    assert entry.organization == org
    assert entry.changes["name"] == ["Municipiul Test", "Municipiul Nou"]
    assert entry.changes["languages"] == [["ro", "pl", "en"], ["ro", "en"]]
    assert entry.changes["default_language"] == ["en", "ro"]
    assert "time_zone" not in entry.changes
    org.refresh_from_db()
    assert org.name == "Municipiul Nou"


def test_it_refuses_a_low_contrast_accent_colour(org, admin):
    with pytest.raises(ValidationError) as caught:
        org_services.organization_update(organization=org, acting_user=admin,
                                         values={"accent_colour": "#ffff00"})
    assert "accent_colour" in caught.value.message_dict
    org.refresh_from_db()
    assert org.accent_colour == "#1d4e89"
    assert not AuditEntry.objects.filter(action="organization.update").exists()


def test_it_refuses_a_default_language_outside_the_languages(org, admin):
    with pytest.raises(ValidationError) as caught:
        org_services.organization_update(organization=org, acting_user=admin,
                                         values={"languages": ["ro"], "default_language": "en"})
    assert "default_language" in caught.value.message_dict


def test_it_records_nothing_when_nothing_changes(org, admin):
    assert org_services.organization_update(organization=org, acting_user=admin,
                                            values={"name": org.name}) == {}
    assert not AuditEntry.objects.exists()


def test_it_creates_and_updates_a_scope_with_audit(org, admin, audit):
    city = org_services.scope_create(organization=org, acting_user=admin,
                                     values={"name": {"en": "City"}, "code": "city"})
    zone = org_services.scope_create(organization=org, acting_user=admin,
                                     values={"name": {"en": "Zone"}, "code": "zone",
                                             "parent": city})
    assert audit("scope.create").changes["parent"] == [None, city.pk]
    org_services.scope_update(scope=zone, acting_user=admin, values={"kind": "zone"})
    assert audit("scope.update").changes == {"kind": ["", "zone"]}


def test_it_refuses_a_cycle_in_the_scope_tree(org, admin, scope):
    city = scope.parent
    with pytest.raises(ValidationError) as caught:
        org_services.scope_update(scope=city, acting_user=admin, values={"parent": scope})
    assert "parent" in caught.value.message_dict
    with pytest.raises(ValidationError):
        org_services.scope_update(scope=city, acting_user=admin, values={"parent": city})
    city.refresh_from_db()
    assert city.parent is None


def test_it_refuses_a_parent_scope_of_another_organization(org, other_org, admin):
    foreign = Scope.objects.create(organization=other_org, code="x", name={"en": "X"})
    with pytest.raises(ValidationError):
        org_services.scope_create(organization=org, acting_user=admin,
                                  values={"name": {"en": "A"}, "code": "a", "parent": foreign})


def test_it_refuses_to_delete_a_scope_with_children_or_spaces(org, admin, scope):
    with pytest.raises(ValidationError, match="contains other scopes"):
        org_services.scope_delete(scope=scope.parent, acting_user=admin)
    Space.objects.create(organization=org, kind=SpaceKind.PROCESS, slug="s", scope=scope,
                         title={"en": "S"})
    with pytest.raises(ValidationError, match="spaces use this scope"):
        org_services.scope_delete(scope=scope, acting_user=admin)


def test_it_deletes_an_unused_scope_with_audit(org, admin, audit):
    lone = Scope.objects.create(organization=org, code="lone", name={"en": "Lone"})
    org_services.scope_delete(scope=lone, acting_user=admin)
    assert not Scope.objects.filter(pk=lone.pk).exists()
    entry = audit("scope.delete")
    assert entry.changes["code"] == ["lone", None]
    assert entry.object_repr == "Lone"


def test_it_refuses_to_delete_an_area_of_an_official(admin, official, area):
    with pytest.raises(ValidationError, match="Officials are bound"):
        org_services.area_delete(area=area, acting_user=admin)
    assert Area.objects.filter(pk=area.pk).exists()


def test_it_audits_area_changes(org, admin, audit):
    area = org_services.area_create(organization=org, acting_user=admin,
                                    values={"name": {"en": "Culture"}, "code": "culture"})
    org_services.area_update(area=area, acting_user=admin,
                             values={"name": {"en": "Culture", "ro": "Cultură"}})
    assert audit("area.update").changes["name"] == [{"en": "Culture"},
                                                    {"en": "Culture", "ro": "Cultură"}]
    org_services.area_delete(area=area, acting_user=admin)
    assert audit("area.delete").actor == admin


def test_it_assigns_an_official_role_bound_to_an_area(org, admin, resident, area, audit):
    role = org_services.role_assign(organization=org, acting_user=admin, user=resident,
                                    kind=RoleKind.OFFICIAL, area=area)
    assert role.area == area
    entry = audit("role.assign")
    assert entry.changes["user"] == [None, resident.pk]
    assert entry.changes["kind"] == [None, "official"]
    assert entry.changes["area"] == [None, area.pk]


def test_it_requires_an_area_for_officials_and_a_scope_for_representatives(org, admin,
                                                                           resident):
    with pytest.raises(ValidationError) as caught:
        org_services.role_assign(organization=org, acting_user=admin, user=resident,
                                 kind=RoleKind.OFFICIAL)
    assert "area" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        org_services.role_assign(organization=org, acting_user=admin, user=resident,
                                 kind=RoleKind.DISTRICT_REPRESENTATIVE)
    assert "scope" in caught.value.message_dict


def test_it_refuses_a_duplicate_role(org, admin, moderator):
    with pytest.raises(ValidationError, match="already has this role"):
        org_services.role_assign(organization=org, acting_user=admin, user=moderator,
                                 kind=RoleKind.MODERATOR)


def test_it_refuses_a_person_of_another_organization(org, admin, outsider):
    with pytest.raises(ValidationError):
        org_services.role_assign(organization=org, acting_user=admin, user=outsider,
                                 kind=RoleKind.MODERATOR)
    assert not Role.objects.filter(organization=org, user=outsider).exists()


def test_it_revokes_a_role_with_audit(admin, moderator, audit):
    role = Role.objects.get(user=moderator)
    org_services.role_revoke(role=role, acting_user=admin)
    assert not Role.objects.filter(pk=role.pk).exists()
    assert audit("role.revoke").changes["kind"] == ["moderator", None]


def test_it_keeps_the_last_administrator(admin):
    with pytest.raises(ValidationError, match="last administrator"):
        org_services.role_revoke(role=Role.objects.get(user=admin), acting_user=admin)
    second = make_user(admin.organization, "second_admin")
    Role.objects.create(organization=admin.organization, user=second, kind=RoleKind.ADMIN)
    org_services.role_revoke(role=Role.objects.get(user=admin), acting_user=second)


def test_it_verifies_and_unverifies_a_group(admin, ngo, audit):
    org_services.group_verify(group=ngo, acting_user=admin)
    ngo.refresh_from_db()
    assert ngo.is_verified
    assert ngo.verified_by == admin
    entry = audit("group.verify")
    assert entry.changes["verified_by"] == [None, admin.pk]
    assert entry.changes["verified_at"][0] is None
    org_services.group_unverify(group=ngo, acting_user=admin)
    ngo.refresh_from_db()
    assert not ngo.is_verified
    assert ngo.verified_by is None
    assert audit("group.unverify").changes["verified_by"] == [admin.pk, None]
