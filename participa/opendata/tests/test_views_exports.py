"""Staff exports of a component (CSV / XLSX / JSON), audited, from the back office."""

from __future__ import annotations

import io
import json

from openpyxl import load_workbook

from participa.core.models import AuditEntry

from .conftest import make_page

BASE = "/open-data/manage/ogp-plan/{pk}/"


def test_it_lists_the_exports_with_a_link_from_the_component_list(client_for, manager,
                                                                  component):
    listing = client_for(manager).get("/manage/spaces/ogp-plan/components/")
    assert f'href="{BASE.format(pk=component.pk)}"' in listing.content.decode()
    page = client_for(manager).get(BASE.format(pk=component.pk))
    assert page.status_code == 200
    text = page.content.decode()
    for fmt in ("csv", "xlsx", "json"):
        assert f'href="{BASE.format(pk=component.pk)}pages.{fmt}"' in text


def test_it_downloads_csv_with_a_byte_order_mark_without_auditing_the_read(client_for, manager,
                                                                          component, two_pages):
    make_page(component, "formula", "=HYPERLINK(\"http://evil\")")
    response = client_for(manager).get(f"{BASE.format(pk=component.pk)}pages.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="ogp-plan-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert "About the plan" in text
    assert "'=HYPERLINK" in text
    assert not AuditEntry.objects.filter(action="opendata.export_download").exists()


def test_it_downloads_xlsx_and_json(client_for, official, component, two_pages):
    xlsx = client_for(official).get(f"{BASE.format(pk=component.pk)}pages.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][rows[0].index("slug")] == "about"
    data = json.loads(client_for(official).get(f"{BASE.format(pk=component.pk)}pages.json")
                      .content)
    assert [row["slug"] for row in data] == ["about", "calendar"]
    assert not AuditEntry.objects.filter(action="opendata.export_download").exists()


def test_it_answers_404_to_people_who_do_not_run_the_component(client_for, component,
                                                               two_pages, resident,
                                                               district_rep, outsider):
    url = f"{BASE.format(pk=component.pk)}pages.csv"
    for user in (None, resident, district_rep):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).get(BASE.format(pk=component.pk)).status_code == 404
    assert client_for(outsider, host="other.test").get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="opendata.export_download").exists()


def test_it_answers_404_to_unknown_exports_and_formats(client_for, manager, component):
    base = BASE.format(pk=component.pk)
    assert client_for(manager).get(f"{base}nothing.csv").status_code == 404
    assert client_for(manager).get(f"{base}pages.exe").status_code == 404
    assert client_for(manager).get(f"/open-data/manage/other/{component.pk}/").status_code == 404
