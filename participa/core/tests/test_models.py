import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from participa.core.models import Organization, Role, RoleKind, contrast_ratio


def test_it_computes_wcag_contrast():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48


@pytest.mark.django_db
def test_it_refuses_an_accent_colour_too_light_for_white_text():
    org = Organization(name="X", host="x.test", languages=["ro"], default_language="ro",
                       accent_colour="#7fb3e6")
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert "accent_colour" in error.value.message_dict


@pytest.mark.django_db
def test_it_requires_the_default_language_among_the_languages():
    org = Organization(name="X", host="x.test", languages=["ro", "pl"], default_language="en")
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert "default_language" in error.value.message_dict


@pytest.mark.django_db
def test_it_refuses_unknown_languages():
    org = Organization(name="X", host="x.test", languages=["ro", "xx"], default_language="ro")
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert "languages" in error.value.message_dict


@pytest.mark.django_db
def test_the_database_binds_officials_to_an_area_and_representatives_to_a_scope(org, resident):
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(organization=org, user=resident, kind=RoleKind.OFFICIAL)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(organization=org, user=resident, kind=RoleKind.DISTRICT_REPRESENTATIVE)
    Role.objects.create(organization=org, user=resident, kind=RoleKind.MODERATOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(organization=org, user=resident, kind=RoleKind.MODERATOR)


@pytest.mark.django_db
def test_the_public_name_never_falls_back_to_the_legal_name_or_email(resident):
    resident.display_name = ""
    resident.legal_name = "Ion Popescu"
    assert resident.public_name == "Participant"
    assert "Popescu" not in str(resident) and "@" not in str(resident)
