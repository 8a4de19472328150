"""What every page carries: the favicon, the site script, focusable table regions."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_it_links_a_favicon_and_answers_the_browsers_default_address(client, org):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
    icon = (ROOT / "static" / "favicon.svg").read_text()
    assert icon.startswith("<svg") and 'viewBox="0 0 32 32"' in icon


def test_it_loads_the_site_script_from_a_static_file(client, org):
    html = client.get("/").content.decode()
    assert '<script src="/static/js/site.js" defer></script>' in html
    script = (ROOT / "static" / "js" / "site.js").read_text()
    assert ".table-wrap:not([tabindex])" in script and "maxlength" in script


def test_it_makes_the_statistics_tables_focusable_named_regions(client, org):
    html = client.get("/statistics/").content.decode()
    regions = re.findall(r'<div class="table-wrap" role="region" tabindex="0" '
                         r'aria-labelledby="([a-z-]+)">', html)
    assert regions == ["monthly-table-caption"]
    assert '<caption id="monthly-table-caption">' in html


def test_it_never_breaks_words_inside_table_headers():
    css = (ROOT / "static" / "css" / "site.css").read_text()
    assert "th { overflow-wrap: normal; word-break: normal; hyphens: none; }" in css
