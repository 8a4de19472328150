"""Content-Security-Policy: every page forbids inline scripts and inline styles."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from participa.core.csp import HEADER

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]

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


def test_the_accent_colour_comes_from_a_stylesheet_not_an_inline_style(
        client_for: Any, org: Any) -> None:
    org.accent_colour = "#7a1f3d"
    org.save(update_fields=["accent_colour"])
    client = client_for(None)
    html = client.get("/").content.decode()
    assert '<link rel="stylesheet" href="/organization.css?v=7a1f3d">' in html
    assert "<style" not in html
    stylesheet = client.get("/organization.css?v=7a1f3d")
    assert stylesheet["Content-Type"] == "text/css; charset=utf-8"
    assert stylesheet.content.decode() == ":root { --accent: #7a1f3d; }\n"
    assert directives(client.get("/"))["style-src"] == ["'self'"]


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
        assert "<style" not in html, path


def test_extra_image_origins_come_from_the_environment() -> None:
    code = ("import django, json; from django.conf import settings; django.setup(); "
            "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))")
    env = {"PATH": os.environ.get("PATH", ""), "SECRET_KEY": "x", "DEBUG": "0",
           "DJANGO_SETTINGS_MODULE": "participa.settings",
           "CSP_IMG_SRC": "https://media.example.org"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert json.loads(out) == ["'self'", "data:", "https://tile.openstreetmap.org",
                               "https://media.example.org"]


def test_the_map_tile_server_may_serve_images() -> None:
    code = ("import django, json; from django.conf import settings; django.setup(); "
            "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))")
    env = {"PATH": os.environ.get("PATH", ""), "SECRET_KEY": "x", "DEBUG": "0",
           "DJANGO_SETTINGS_MODULE": "participa.settings",
           "MAP_TILE_URL": "https://tiles.primaria.example.ro/osm/{z}/{x}/{y}.png"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert json.loads(out) == ["'self'", "data:", "https://tiles.primaria.example.ro"]
