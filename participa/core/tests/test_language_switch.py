"""The language form: anonymous visitors' pages are shared by the page cache, so their form
carries no CSRF token and is checked by its origin; signed-in people's form keeps its token."""

from __future__ import annotations

import pytest
from django.test import Client

from participa.core.models import Organization, User


def test_it_gives_anonymous_visitors_a_language_form_without_a_token(org: Organization) -> None:
    response = Client().get("/")
    assert 'action="/language/"' in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies


@pytest.mark.parametrize("language", ["ro", "pl"])
def test_it_switches_language_for_anonymous_visitors_without_a_token(
        org: Organization, language: str) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/language/", {"language": language, "next": "/processes/"},
                           HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert response["Location"] == "/processes/"
    assert response.cookies["django_language"].value == language


def test_it_refuses_a_language_switch_posted_from_another_site(org: Organization) -> None:
    client = Client(enforce_csrf_checks=True)
    cross_origin = client.post("/language/", {"language": "ro"}, HTTP_ORIGIN="https://evil.test")
    assert cross_origin.status_code == 403
    assert "django_language" not in cross_origin.cookies
    cross_site = client.post("/language/", {"language": "ro"}, HTTP_SEC_FETCH_SITE="cross-site")
    assert cross_site.status_code == 403


def test_it_still_checks_the_token_of_signed_in_people(org: Organization,
                                                       resident: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident, backend="participa.core.auth.OrganizationAuthenticationBackend")
    refused = client.post("/language/", {"language": "ro"}, HTTP_ORIGIN="http://testserver")
    assert refused.status_code == 403
    resident.refresh_from_db()
    assert resident.preferred_language != "ro"
    client.get("/")
    token = client.cookies["csrftoken"].value
    accepted = client.post("/language/", {"language": "ro", "csrfmiddlewaretoken": token},
                           HTTP_ORIGIN="http://testserver")
    assert accepted.status_code == 302
    resident.refresh_from_db()
    assert resident.preferred_language == "ro"
