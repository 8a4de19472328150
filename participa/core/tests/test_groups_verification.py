"""A verified group stays verified only while what the municipality checked stays the same."""

from __future__ import annotations

import pytest
from django.utils import timezone

from participa.core import org_services, services
from participa.core.models import AuditEntry, UserGroup

pytestmark = pytest.mark.django_db

VALUES = {"name": "Asociația Test", "slug": "asociatia-test", "kind": "ngo",
          "description": "", "website": "", "registration_number": "RNA 1/2020"}


@pytest.fixture
def verified(ngo: UserGroup, admin) -> UserGroup:
    ngo.registration_number = "RNA 1/2020"
    ngo.save()
    return org_services.group_verify(group=ngo, acting_user=admin)


@pytest.mark.parametrize("change", [
    {"name": "Primăria Test Comunicat oficial"},
    {"kind": "authority"},
    {"registration_number": "RNA 2/2021"},
    {"name": "Primăria Test Comunicat oficial", "kind": "authority"},
])
def test_it_ends_the_verification_when_name_type_or_registration_number_change(
        verified, ngo_member, change):
    changes = services.group_update(acting_user=ngo_member, group=verified,
                                    values={**VALUES, **change})
    verified.refresh_from_db()
    assert verified.verified_at is None and verified.verified_by is None
    assert not verified.is_verified
    assert "verified_at" in changes
    entry = AuditEntry.objects.filter(action="group.update").latest("id")
    assert entry.changes["verified_at"][1] is None


def test_it_keeps_the_verification_for_other_changes(verified, ngo_member):
    services.group_update(acting_user=ngo_member, group=verified, values={
        **VALUES, "description": "We look after the park.", "website": "https://park.example",
        "slug": "parcul", "name": "  Asociația Test ",
    })
    verified.refresh_from_db()
    assert verified.is_verified and verified.description == "We look after the park."


def test_it_ends_the_verification_even_with_a_stale_copy_of_the_group(verified, ngo_member):
    stale = UserGroup.objects.get(pk=verified.pk)
    stale.verified_at = None  # an out-of-date copy must not let the rename keep the badge
    services.group_update(acting_user=ngo_member, group=stale,
                          values={**VALUES, "name": "Primăria Test"})
    verified.refresh_from_db()
    assert verified.verified_at is None


def test_staff_can_verify_the_group_again(verified, ngo_member, admin):
    services.group_update(acting_user=ngo_member, group=verified,
                          values={**VALUES, "kind": "authority"})
    again = org_services.group_verify(group=verified, acting_user=admin)
    assert again.is_verified and again.verified_at is not None


def test_the_renamed_group_loses_its_badge_and_its_admin_is_told(verified, ngo_member,
                                                                  client_for):
    client = client_for(ngo_member)
    assert 'badge-verified' in client.get(f"/groups/{verified.slug}/").text
    response = client.post(f"/groups/{verified.slug}/edit/", {
        **VALUES, "name": "Primăria Test Comunicat oficial", "kind": "authority",
    }, follow=True)
    assert response.status_code == 200
    assert ("The group is no longer shown as verified: its name, type or registration number "
            "changed. The municipality has to verify it again.") in response.text
    assert "badge-verified" not in response.text
    assert "badge-verified" not in client.get("/groups/").text


def test_an_unverified_group_gets_no_warning(ngo, ngo_member, client_for):
    response = client_for(ngo_member).post(f"/groups/{ngo.slug}/edit/", {
        **VALUES, "name": "Another name"}, follow=True)
    assert "no longer shown as verified" not in response.text
    assert timezone.now() and not UserGroup.objects.get(pk=ngo.pk).is_verified
