"""Organization settings: administrators only; clear errors; audited."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from participa.core.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db

URL = "/manage/organization/"


def form_data(org: Organization, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": org.name, "host": org.host, "secondary_hosts": "",
        "languages": list(org.languages), "default_language": org.default_language,
        "time_zone": org.time_zone, "accent_colour": org.accent_colour,
        "legal_profile": org.legal_profile, "description__en": "About us",
        "accessibility_statement__en": "", "privacy_policy__en": "",
        "redaction_keep_officials": "on" if org.redaction_keep_officials else "",
    }
    data.update(changes)
    return data


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "#123456").save(buffer, "PNG")
    return buffer.getvalue()


def test_it_shows_the_settings_to_an_administrator(client_for, admin):
    response = client_for(admin).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Municipiul Test"' in html
    assert 'name="description__ro"' in html
    assert 'type="checkbox" name="languages" value="pl"' in html


@pytest.mark.parametrize("persona", ["official", "district_rep", "moderator", "resident"])
def test_it_is_404_for_everybody_but_administrators(client_for, request, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(URL).status_code == 404
    assert client_for(user).post(URL, {"name": "Hacked"}).status_code == 404
    assert Organization.objects.get(host="testserver").name == "Municipiul Test"


def test_it_is_404_for_another_organizations_administrator(client_for, org, outsider):
    assert client_for(outsider).get(URL).status_code == 404


def test_it_saves_the_settings_and_records_the_change(client_for, org, admin):
    response = client_for(admin).post(URL, form_data(
        org, name="Municipiul Timișoara", secondary_hosts="www.testserver\nalt.example.ro",
        languages=["ro", "en"], default_language="ro", time_zone="Europe/Warsaw",
        description__ro="Despre noi"))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Municipiul Timișoara"
    assert org.secondary_hosts == ["www.testserver", "alt.example.ro"]
    assert org.languages == ["ro", "en"]
    assert org.time_zone == "Europe/Warsaw"
    assert org.description == {"en": "About us", "ro": "Despre noi"}
    entry = AuditEntry.objects.get(action="organization.update")
    assert entry.actor == admin
    assert entry.changes["name"] == ["Municipiul Test", "Municipiul Timișoara"]
    assert entry.changes["time_zone"] == ["Europe/Bucharest", "Europe/Warsaw"]


def test_it_explains_a_default_language_outside_the_languages(client_for, org, admin):
    response = client_for(admin).post(URL, form_data(
        org, name="Typed name", languages=["ro", "pl"], default_language="en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The default language must be one of the languages" in html
    assert 'value="Typed name"' in html  # nothing typed is lost
    org.refresh_from_db()
    assert org.name == "Municipiul Test"


def test_it_refuses_an_unknown_time_zone(client_for, org, admin):
    response = client_for(admin).post(URL, form_data(org, time_zone="Europe/Atlantis"))
    assert response.status_code == 200
    assert "is not a known time zone" in response.content.decode()


def test_it_refuses_an_accent_colour_with_too_little_contrast(client_for, org, admin):
    response = client_for(admin).post(URL, form_data(org, accent_colour="#ffcc00"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "choose a darker colour" in html
    assert "#ffcc00" in html
    org.refresh_from_db()
    assert org.accent_colour == "#1d4e89"
    # The page itself keeps the saved colour.
    assert '<link rel="stylesheet" href="/organization.css?v=1d4e89">' in html


def test_it_refuses_a_host_of_another_organization(client_for, org, other_org, admin):
    response = client_for(admin).post(URL, form_data(org, secondary_hosts="other.test"))
    assert response.status_code == 200
    assert "Another organization already uses" in response.content.decode()


def test_it_refuses_a_malformed_host(client_for, org, admin):
    response = client_for(admin).post(URL, form_data(org, host="https://x.ro/"))
    assert response.status_code == 200
    assert "without https://" in response.content.decode()


def test_it_uploads_a_logo(client_for, org, admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client_for(admin).post(URL, {**form_data(org), "logo": logo})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.logo.name.startswith("organizations/logos/logo")
    assert "logo" in AuditEntry.objects.get(action="organization.update").changes


def test_it_explains_a_file_that_is_not_an_image(client_for, org, admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = client_for(admin).post(URL, {**form_data(org), "logo": fake})
    assert response.status_code == 200
    assert "This file is not an image" in response.content.decode()


def test_it_refuses_a_logo_that_is_too_large(client_for, org, admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_IMAGE_UPLOAD_BYTES = 10
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client_for(admin).post(URL, {**form_data(org), "logo": logo})
    assert response.status_code == 200
    assert "The image is too large" in response.content.decode()
    org.refresh_from_db()
    assert not org.logo


def test_it_groups_the_language_checkboxes_under_a_legend(client_for, admin):
    html = client_for(admin).get(URL).content.decode()
    assert "<legend>Languages" in html
    assert '<label for="">' not in html


def test_it_sets_the_legal_parameters_and_the_redaction_placeholder(client_for, org, admin):
    """The organization overrides its profile's deadlines; consultations then follow them."""
    from participa.lib import legal

    html = client_for(admin).get(URL).content.decode()
    assert 'name="legal_min_comment_days"' in html  # Romanian profile: its own parameters
    assert 'name="legal_min_duration_weeks"' not in html
    response = client_for(admin).post(URL, form_data(
        org, legal_min_comment_days="15", legal_debate_response_days="",
        placeholder_ro="[șters]"))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.legal_parameters == {"min_comment_days": 15}
    assert org.redaction_placeholders == {"ro": "[șters]"}
    assert legal.parameters(org.legal_profile, org.legal_parameters)["min_comment_days"] == 15

    from participa.redaction.engine import redact_for

    assert redact_for(org, "Scrieți la ion@example.ro", lang="ro").text == "Scrieți la [șters]"


def test_it_chooses_whether_officials_names_stay_in_published_texts(client_for, org, admin):
    from participa.redaction.engine import redact_for

    text = "Primarul Dan Voicu a promis. Ion Popescu"
    assert org.redaction_keep_officials is True  # the default, as the cities' tables do
    html = client_for(admin).get(URL).content.decode()
    assert 'name="redaction_keep_officials"' in html and "checked" in html
    assert redact_for(org, text, lang="ro").text == "Primarul Dan Voicu a promis. =anonimizat="

    response = client_for(admin).post(URL, form_data(org, redaction_keep_officials=""))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.redaction_keep_officials is False
    assert redact_for(org, text, lang="ro").text == "Primarul =anonimizat= a promis. =anonimizat="
    entry = AuditEntry.objects.filter(action="organization.update").latest("pk")
    assert entry.changes["redaction_keep_officials"] == [True, False]


def test_it_refuses_a_negative_legal_parameter_and_keeps_the_rest(client_for, org, admin):
    response = client_for(admin).post(URL, form_data(org, name="Nume nou",
                                                     legal_min_comment_days="-3"))
    assert response.status_code == 200
    assert 'value="Nume nou"' in response.content.decode()
    org.refresh_from_db()
    assert org.legal_parameters == {} and org.name == "Municipiul Test"
