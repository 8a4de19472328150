import re

from participa.core.models import AuditEntry


def test_it_asks_anonymous_visitors_to_log_in(client, org):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_the_account_page(client_for, resident, accessible_page):
    response = client_for(resident).get("/account/")
    assert response.status_code == 200
    text = response.text
    assert 'value="Resident"' in text
    for url in ("/accounts/password/change/", "/accounts/email/", "/account/my-data/",
                "/account/delete/", f"/people/{resident.username}/"):
        assert f'href="{url}"' in text
    assert 'href="/notifications/"' in text  # the notifications are live
    accessible_page(text)


def test_it_saves_the_public_name_about_and_language(client_for, resident):
    client = client_for(resident)
    response = client.post("/account/", {"display_name": "Ana P.", "about": "Cyclist.",
                                         "preferred_language": "pl"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.display_name, resident.about, resident.preferred_language) == (
        "Ana P.", "Cyclist.", "pl")
    entry = AuditEntry.objects.get(action="user.update_profile")
    assert entry.actor == resident
    # The audit entry names the changed fields, never the person's own words.
    assert entry.changes == {"display_name": None, "about": None, "preferred_language": ["", "pl"]}
    assert response.cookies["django_language"].value == "pl"


def test_it_confirms_the_save_with_a_message(client_for, resident):
    client = client_for(resident)
    response = client.post("/account/", {"display_name": "Ana", "about": "",
                                         "preferred_language": "en"}, follow=True)
    assert "Your profile has been saved." in response.text


def test_it_offers_only_the_languages_of_the_organization(client_for, resident):
    client = client_for(resident)
    page = client.get("/account/")
    assert 'value="ro"' in page.text and 'value="hu"' not in page.text
    response = client.post("/account/", {"display_name": "Ana", "about": "",
                                         "preferred_language": "hu"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    resident.refresh_from_db()
    assert resident.preferred_language != "hu"


def test_it_requires_a_public_name_and_keeps_the_rest(client_for, resident):
    response = client_for(resident).post("/account/", {
        "display_name": "", "about": "I typed this.", "preferred_language": "en"})
    assert response.status_code == 200
    assert 'href="#id_display_name"' in response.text
    assert "I typed this." in response.text
    resident.refresh_from_db()
    assert resident.display_name == "Resident"


def test_it_saves_notification_preferences(client_for, resident):
    client = client_for(resident)
    response = client.post("/account/notifications/",
                           {"notifications-email_frequency": "weekly"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.notification_preferences == {"email_frequency": "weekly"}
    assert AuditEntry.objects.filter(action="user.update_notification_preferences").exists()
    page = client.get("/account/").text
    assert re.search(r'value="weekly"[^>]*checked', page)


def test_it_refuses_an_unknown_notification_choice(client_for, resident):
    response = client_for(resident).post("/account/notifications/",
                                         {"notifications-email_frequency": "hourly"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    resident.refresh_from_db()
    assert resident.notification_preferences == {}


def test_it_hides_the_account_page_of_another_organization(client_for, outsider):
    # The outsider's session is for other.test; on testserver they are a stranger.
    client = client_for(outsider, host="testserver")
    assert client.get("/account/").status_code == 404


def test_it_refuses_a_language_outside_the_organization_in_the_service(resident, other_org):
    import pytest
    from django.core.exceptions import ValidationError

    from participa.core import services

    with pytest.raises(ValidationError):
        services.user_update_profile(acting_user=resident, user=resident, display_name="Ana",
                                     about="", preferred_language="de")
    resident.refresh_from_db()
    assert resident.preferred_language == ""


def test_it_refuses_an_email_address_as_public_name(client_for, resident):
    response = client_for(resident).post("/account/", {
        "display_name": "me@example.org", "about": "", "preferred_language": ""})
    assert "do not use an e-mail address" in response.text
    resident.refresh_from_db()
    assert resident.display_name == "Resident"
