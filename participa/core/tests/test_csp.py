"""Content-Security-Policy: every page forbids inline scripts; styles need this request's nonce."""

from __future__ import annotations

import re
from typing import Any

import pytest

from participa.core.csp import HEADER

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
                "/groups/", "/accessibility/"]
# A script element that runs code written in the page (JSON data blocks are not run).
INLINE_SCRIPT = re.compile(
    r'<script(?![^>]*\b(?:src=|type="application/json"))[^>]*>(?!\s*</script>)', re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def directives(response: Any) -> dict[str, list[str]]:
    found = {}
    for part in response[HEADER].split(";"):
        name, *values = part.split()
        found[name] = values
    return found


def test_it_sets_a_strict_policy_on_every_page(client_for: Any, org: Any) -> None:
    client = client_for(None)
    for path in PUBLIC_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], path
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in response[HEADER]
        assert "'unsafe-eval'" not in response[HEADER]


def test_it_sets_the_policy_on_errors_too(client_for: Any, org: Any) -> None:
    response = client_for(None).get("/no-such-page/")
    assert response.status_code == 404
    assert directives(response)["script-src"] == ["'self'"]


def test_the_style_nonce_is_new_for_every_request(client_for: Any, org: Any) -> None:
    client = client_for(None)
    nonces = []
    for _ in range(2):
        response = client.get("/")
        (nonce,) = [value for value in directives(response)["style-src"]
                    if value.startswith("'nonce-")]
        nonce = nonce.removeprefix("'nonce-").removesuffix("'")
        # The organization's accent colour is the one inline style block; it carries the nonce.
        assert f'<style nonce="{nonce}">:root {{ --accent: #' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert len(nonces[0]) >= 22


@pytest.mark.parametrize("persona", [None, "resident", "admin"])
def test_pages_carry_no_inline_script_handler_or_style(client_for: Any, request: Any,
                                                        persona: str | None) -> None:
    user = request.getfixturevalue(persona) if persona else None
    request.getfixturevalue("scope")  # the scope tree is indented
    paths = [*PUBLIC_PAGES, *(["/account/"] if user else []),
             *(["/manage/", "/manage/scopes/", "/manage/areas/"] if persona == "admin" else [])]
    client = client_for(user)
    for path in paths:
        html = client.get(path).content.decode()
        assert not INLINE_SCRIPT.search(html), path
        assert not HANDLER.search(html), path
        assert not STYLE_ATTRIBUTE.search(html), path


def test_extra_image_origins_come_from_settings(client_for: Any, org: Any,
                                                settings: Any) -> None:
    settings.CSP_IMG_SRC = ["https://media.example.org"]
    policy = directives(client_for(None).get("/"))
    assert policy["img-src"] == ["'self'", "data:", "https://media.example.org"]
