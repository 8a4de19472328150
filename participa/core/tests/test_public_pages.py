"""The accessibility statement and the privacy page: the organization's text, or a default."""

from __future__ import annotations

import pytest

PAGES = [
    ("/accessibility/", "accessibility_statement", "Accessibility statement",
     "Directive (EU) 2016/2102"),
    ("/privacy/", "privacy_policy", "Privacy", "General Data Protection Regulation"),
]


@pytest.mark.parametrize(("path", "field", "heading", "default_words"), PAGES)
def test_it_shows_a_default_text_naming_the_organization(client, org, path, field, heading,
                                                         default_words):
    response = client.get(path, HTTP_HOST="testserver")
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.text
    assert default_words in response.text
    assert "Municipiul Test" in response.text


@pytest.mark.parametrize(("path", "field", "heading", "default_words"), PAGES)
def test_it_shows_the_organizations_own_text_in_the_visitors_language(
    client, org, path, field, heading, default_words
):
    setattr(org, field, {"en": "## Our commitment\n\nWe answer within **10 days**.",
                         "ro": "## Angajamentul nostru\n\nRăspundem în **10 zile**."})
    org.save()
    response = client.get(path, HTTP_HOST="testserver")
    assert "<h2>Our commitment</h2>" in response.text
    assert "<strong>10 days</strong>" in response.text
    assert default_words not in response.text
    response = client.get(path, HTTP_HOST="testserver", HTTP_ACCEPT_LANGUAGE="ro")
    assert "Angajamentul nostru" in response.text


@pytest.mark.parametrize(("path", "field", "heading", "default_words"), PAGES)
def test_it_keeps_each_organizations_text_on_its_host(client, org, other_org, path, field,
                                                      heading, default_words):
    setattr(org, field, {"en": "Text of the test municipality"})
    org.save()
    assert "Text of the test municipality" not in client.get(path, HTTP_HOST="other.test").text


def test_it_sanitises_the_organizations_text(client, org):
    org.privacy_policy = {"en": "[contact](javascript:alert(1)) <script>alert(2)</script>"}
    org.save()
    text = client.get("/privacy/", HTTP_HOST="testserver").text
    assert "<script>alert(2)" not in text
    assert 'href="javascript' not in text


def test_the_footer_links_to_both_pages(client, org):
    text = client.get("/", HTTP_HOST="testserver").text
    assert 'href="/accessibility/"' in text
    assert 'href="/privacy/"' in text
