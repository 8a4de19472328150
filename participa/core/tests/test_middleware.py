import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participa.conftest import make_org
from participa.core.middleware import organization_for_host


@pytest.mark.django_db
def test_it_serves_an_organization_on_its_other_host_names(client):
    org = make_org("participa.example.ro", "Primăria Exemplu")
    org.secondary_hosts = ["www.participa.example.ro"]
    org.save()
    response = client.get("/", HTTP_HOST="www.participa.example.ro:8000")
    assert response.status_code == 200
    assert "Primăria Exemplu" in response.text


def test_it_uses_the_organization_default_language(client, org):
    org.default_language = "ro"
    org.save()
    response = client.get("/", HTTP_HOST="testserver")
    assert '<html lang="ro">' in response.text
    assert response["Content-Language"] == "ro"


def test_it_follows_the_browser_within_the_organization_languages(client, org):
    response = client.get("/", HTTP_HOST="testserver", HTTP_ACCEPT_LANGUAGE="pl,en;q=0.5")
    assert '<html lang="pl">' in response.text
    response = client.get("/", HTTP_HOST="testserver", HTTP_ACCEPT_LANGUAGE="de")
    assert '<html lang="en">' in response.text  # German is not a language of this organization


def test_it_switches_language_with_a_plain_form_post(client, org):
    response = client.post("/language/", {"language": "pl", "next": "/processes/"},
                           HTTP_HOST="testserver")
    assert response.status_code == 302
    assert response["Location"] == "/processes/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"
    assert '<html lang="pl">' in client.get("/", HTTP_HOST="testserver").text


def test_it_refuses_a_language_the_organization_does_not_offer(client, other_org):
    client.post("/language/", {"language": "ro", "next": "/"}, HTTP_HOST="other.test")
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_it_never_redirects_to_another_site_after_switching(client, org):
    response = client.post("/language/", {"language": "pl", "next": "https://evil.example/"},
                           HTTP_HOST="testserver")
    assert response["Location"] == "/"


def test_it_remembers_the_language_of_a_signed_in_person(client_for, org, resident):
    client = client_for(resident)
    client.post("/language/", {"language": "ro", "next": "/"})
    resident.refresh_from_db()
    assert resident.preferred_language == "ro"
    fresh = client_for(resident)  # a new browser: no cookie, the saved preference applies
    assert '<html lang="ro">' in fresh.get("/").text


def test_it_shows_times_in_the_organization_time_zone(client, org):
    from django.utils import timezone

    org.time_zone = "Europe/Warsaw"
    org.save()
    seen = {}

    def view_spy(request):
        seen["tz"] = timezone.get_current_timezone_name()

    from django.http import HttpResponse
    from django.test import RequestFactory

    from participa.core.middleware import OrganizationMiddleware

    request = RequestFactory(HTTP_HOST="testserver").get("/")
    OrganizationMiddleware(lambda r: view_spy(r) or HttpResponse())(request)
    assert seen["tz"] == "Europe/Warsaw"


def test_a_page_finds_the_organization_of_its_host_without_a_query(client, org):
    assert client.get("/", HTTP_HOST="testserver").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        organization_for_host("testserver")
    assert len(queries) == 0


def test_a_renamed_organization_shows_its_new_name_at_the_next_page(client, org):
    assert "Municipiul Test" in client.get("/").content.decode()
    org.name = "Municipiul Nou"
    org.save()
    page = client.get("/").content.decode()
    assert "Municipiul Nou" in page
    assert "Municipiul Test" not in page


def test_a_host_name_taken_away_stops_serving_at_once(client, org):
    assert client.get("/", HTTP_HOST="testserver").status_code == 200
    org.host = "new.example.org"
    org.save()
    assert client.get("/", HTTP_HOST="testserver").status_code == 404
    assert client.get("/", HTTP_HOST="new.example.org").status_code == 200


def test_an_unknown_host_is_not_remembered(client, org):
    assert client.get("/", HTTP_HOST="later.example.org").status_code == 404
    org.secondary_hosts = ["later.example.org"]
    org.save()
    assert client.get("/", HTTP_HOST="later.example.org").status_code == 200


def test_a_deleted_organization_is_no_longer_served(client, other_org):
    assert client.get("/", HTTP_HOST="other.test").status_code == 200
    other_org.delete()
    assert client.get("/", HTTP_HOST="other.test").status_code == 404
