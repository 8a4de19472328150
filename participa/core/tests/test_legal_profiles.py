"""A legal profile registered in participa.lib.legal is selectable at once: no migration, no
choices to edit; unknown codes are refused."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from participa.core.models import (
    LEGAL_PROFILE_LABELS,
    Organization,
    legal_profile_choices,
    legal_profile_label,
)
from participa.lib import legal
from participa.manage.tests.test_organization import URL, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_profile() -> Iterator[legal.Profile]:
    profile = legal.register(legal.Profile(code="xx-county-rules", label="A county's own rules",
                                           defaults={"report_days": 14}))
    yield profile
    legal.unregister(profile.code)


def test_it_offers_the_registered_profiles_translated(settings) -> None:
    from django.utils import translation

    with translation.override("en"):
        assert legal_profile_choices()[:3] == [
            ("ro-law-52-2003", "Romania: Law 52/2003 on decisional transparency"),
            ("pl-art-5a", "Poland: art. 5a of the municipal self-government act"),
            ("eu-better-regulation", "EU better regulation guidelines"),
        ]
    assert legal_profile_label("nowhere") == "nowhere"


def test_every_shipped_label_is_marked_for_extraction_outside_lib() -> None:
    shipped = [profile.label for profile in legal.profiles()
               if profile.code in (legal.RO, legal.PL, legal.EU)]
    assert sorted(shipped) == sorted(LEGAL_PROFILE_LABELS)


def test_it_shows_a_shipped_label_in_romanian() -> None:
    from django.utils import translation

    with translation.override("ro"):
        assert legal_profile_label(legal.PL) != legal.get_profile(legal.PL).label


def test_a_profile_registered_in_a_test_is_selectable_without_a_migration(
        client_for, org, admin, county_profile) -> None:
    page = client_for(admin).get(URL).content.decode()
    assert '<option value="xx-county-rules">A county&#x27;s own rules</option>' in page
    response = client_for(admin).post(URL, form_data(org, legal_profile="xx-county-rules"))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.legal_profile == "xx-county-rules"
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()


def test_it_refuses_an_unknown_profile(client_for, org, admin) -> None:
    response = client_for(admin).post(URL, form_data(org, legal_profile="nowhere"))
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    org.refresh_from_db()
    assert org.legal_profile == "ro-law-52-2003"
    bad = Organization(name="X", host="x.test", languages=["en"], default_language="en",
                       legal_profile="nowhere")
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert error.value.message_dict["legal_profile"] == ["Unknown legal profile: nowhere."]
