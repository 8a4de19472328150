"""The annual transparency report page, its build request and its downloads (the stored
files of the latest build), for the organization's staff."""

from __future__ import annotations

import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from participa.components.consultations.models import TransparencyReport
from participa.components.consultations.services import transparency as services
from participa.core.models import Organization, User
from participa.reports.models import BuildState
from participa.testing import assert_constant_queries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "private"


def page_url(year: int = 2025) -> str:
    return f"{reverse('manage:transparency_report')}?year={year}"


def file_url(fmt: str, year: int = 2025) -> str:
    return f"{reverse('manage:transparency_report_file', args=[fmt])}?year={year}"


def build(client: Any, capture: Any, year: int = 2025) -> Any:
    with capture(execute=True):
        return client.post(reverse("manage:transparency_report_build"), {"year": year})


def test_staff_see_the_indicators(admin: User, official: User, client_for: Any) -> None:
    year = timezone.localdate().year
    for user in (admin, official):
        response = client_for(user).get(reverse("manage:transparency_report"),
                                         {"year": year})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Recommendations received" in page
        assert "Share of recommendations received online" in page
        assert "have not been built yet" in page
        assert ">Build the report</button>" in page
        assert reverse("manage:transparency_report_file", args=["pdf"]) not in page


def test_others_get_404(resident: User, outsider: User, client_for: Any) -> None:
    assert client_for(None).get(reverse("manage:transparency_report")).url.startswith(
        "/accounts/login/?next=")
    for user in (resident, outsider):
        client = client_for(user)
        assert client.get(reverse("manage:transparency_report")).status_code == 404
        assert client.get(file_url("pdf")).status_code == 404
        assert client.post(reverse("manage:transparency_report_build"),
                           {"year": 2025}).status_code == 404
    assert TransparencyReport.objects.count() == 0


def test_the_button_builds_and_the_downloads_serve_the_stored_files(
        org: Organization, admin: User, client_for: Any, django_capture_on_commit_callbacks: Any,
        monkeypatch: Any) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client = client_for(admin)
    assert client.get(file_url("pdf")).status_code == 404  # nothing built yet
    response = build(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response.url == page_url()
    report = TransparencyReport.objects.get()
    assert (report.state, report.year, report.requested_by) == (BuildState.DONE, 2025, admin)

    page = client.get(page_url()).content.decode()
    built = date_format(timezone.localtime(report.built_at, ZoneInfo(org.time_zone)),
                        "SHORT_DATETIME_FORMAT")
    assert f"<p>Built on {built}</p>" in page
    assert f'<a href="{file_url("pdf")}">Download the 2025 report as PDF</a>' in page
    assert f'<a href="{file_url("xlsx")}">Download the 2025 report as a spreadsheet (XLSX)</a>' \
        in page
    assert ">Build the report again</button>" in page

    # No rebuild on download: the stored files are served as they are.
    def no_rebuild(*args: Any) -> bytes:
        raise AssertionError("rebuilt on download")

    monkeypatch.setattr(services.transparency, "render_pdf", no_rebuild)
    monkeypatch.setattr(services.transparency, "render_xlsx", no_rebuild)
    pdf = client.get(file_url("pdf"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="transparency-report-2025.pdf"'
    text = PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages[0].extract_text()
    assert "Recommendations received" in text and "2025" in text
    xlsx = client.get(file_url("xlsx"))
    assert xlsx["Content-Type"] == XLSX
    assert xlsx["Content-Disposition"] == \
        'attachment; filename="transparency-report-2025.xlsx"'
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
                .active.iter_rows(values_only=True))
    assert ("Recommendations received", 0) in rows
    assert client.get(file_url("doc")).status_code == 404
    assert client.get(file_url("pdf", year=2024)).status_code == 404  # another year


def test_progress_while_queued_and_a_second_request_is_refused(
        admin: User, official: User, client_for: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("manage:transparency_report_build"), {"year": 2025})
    report = TransparencyReport.objects.get()
    TransparencyReport.objects.filter(pk=report.pk).update(
        state=BuildState.RUNNING, progress=1, total=2)
    page = client.get(page_url()).content.decode()
    assert '<progress max="2" value="1"' in page and "50%" in page
    assert "refreshes itself every 5 seconds" in page
    assert 'data-refresh-seconds="5"' in page and "progress-refresh.js" in page
    assert 'http-equiv="refresh"' not in page
    # "Refresh now" keeps the year the page shows.
    assert f'<a href="{reverse("manage:transparency_report")}?year=2025">Refresh now</a>' in page
    assert ">Build the report" not in page
    assert client.get(file_url("pdf")).status_code == 404  # not ready yet

    response = client_for(official).post(reverse("manage:transparency_report_build"),
                                         {"year": 2025}, follow=True)
    assert "The 2025 report is already being built." in response.content.decode()
    assert TransparencyReport.objects.count() == 1


def test_a_failed_build_offers_to_try_again(admin: User, client_for: Any,
                                            django_capture_on_commit_callbacks: Any,
                                            monkeypatch: Any) -> None:
    def broken(report: Any) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.transparency, "render_xlsx", broken)
    client = client_for(admin)
    build(client, django_capture_on_commit_callbacks)
    page = client.get(page_url()).content.decode()
    assert "The report could not be built." in page
    assert "<code>RuntimeError: disk full</code>" in page
    assert ">Try again</button>" in page
    assert client.get(file_url("pdf")).status_code == 404


def test_a_bad_year_is_refused(admin: User, client_for: Any) -> None:
    response = client_for(admin).post(reverse("manage:transparency_report_build"),
                                      {"year": "19"})
    assert response.status_code == 404
    assert client_for(admin).get(reverse("manage:transparency_report_build")).status_code \
        == 405


def test_another_organizations_build_is_not_served(
        org: Organization, other_org: Organization, admin: User, outsider: User,
        client_for: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.transparency_report_request(acting_user=outsider, organization=other_org,
                                             year=2025, language="en")
    assert TransparencyReport.objects.get().state == BuildState.DONE
    assert client_for(admin).get(file_url("pdf")).status_code == 404
    assert client_for(outsider, "other.test").get(file_url("pdf")).status_code == 200


def test_the_page_runs_a_fixed_number_of_queries(admin: User, client_for: Any,
                                                 django_capture_on_commit_callbacks: Any
                                                 ) -> None:
    client = client_for(admin)
    few, many = assert_constant_queries(
        client, page_url(), lambda: build(client, django_capture_on_commit_callbacks))
    assert "have not been built yet" in few.content.decode()
    assert "Built on " in many.content.decode()
