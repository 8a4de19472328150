"""Profiles and group descriptions are published without identifiers; the author is told."""

from __future__ import annotations

import pytest

from participa.core import services
from participa.core.models import UserGroup

pytestmark = pytest.mark.django_db

GROUP = {"name": "Prietenii Parcului", "slug": "", "kind": "informal",
         "description": "Contact: +40 722 123 456, ana@example.ro", "website": "",
         "registration_number": ""}


def test_it_removes_identifiers_from_a_new_group_description_and_tells_the_creator(
        resident, client_for):
    response = client_for(resident).post("/groups/new/", GROUP, follow=True)
    group = UserGroup.objects.get(slug="prietenii-parcului")
    assert group.description == "Contact: [redacted], [redacted]"
    assert ("To protect privacy, these were removed from your text before publishing: "
            "1 e-mail address and 1 phone number.") in response.text


def test_it_removes_identifiers_from_an_edited_group_description(ngo, ngo_member):
    services.group_update(acting_user=ngo_member, group=ngo, values={
        **GROUP, "name": ngo.name, "slug": ngo.slug, "kind": ngo.kind,
        "description": "IBAN RO49AAAA1B31007593840000 for donations",
    })
    ngo.refresh_from_db()
    assert ngo.description == "IBAN [redacted] for donations"


def test_it_removes_identifiers_from_the_profile_and_tells_the_person(resident, client_for):
    response = client_for(resident).post("/account/", {
        "display_name": "Ana 0722 123 456", "about": "PESEL 44051401359. I like parks.",
        "preferred_language": "",
    }, follow=True)
    resident.refresh_from_db()
    assert resident.display_name == "Ana [redacted]"
    assert resident.about == "PESEL [redacted]. I like parks."
    assert ("To protect privacy, these were removed from your text before publishing: "
            "1 phone number and 1 personal identification number.") in response.text


def test_a_profile_without_identifiers_is_saved_as_written(resident, client_for):
    response = client_for(resident).post("/account/", {
        "display_name": "Ana", "about": "Since 1998 on Strada Mare 12.",
        "preferred_language": "",
    }, follow=True)
    resident.refresh_from_db()
    assert resident.about == "Since 1998 on Strada Mare 12."
    assert "To protect privacy" not in response.text
