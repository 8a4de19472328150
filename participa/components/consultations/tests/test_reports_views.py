"""The staff reports page (request, progress, downloads, publish) and the public report."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from participa.components.consultations.models import (
    Channel,
    Consultation,
    Publication,
    ReportState,
    SynthesisReport,
)
from participa.components.consultations.services.reports import report_build, report_publish
from participa.components.consultations.tests.conftest import make_contribution
from participa.components.consultations.tests.test_reports import answer, close_final
from participa.core.models import User


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "private"


def reports_url(consultation: Consultation) -> str:
    component = consultation.component
    return reverse("manage:consultations:manage_reports",
                   args=[component.space.slug, component.pk, consultation.pk])


def public_url(consultation: Consultation, fmt: str | None = None) -> str:
    component = consultation.component
    args = [component.space.slug, component.pk, consultation.slug]
    if fmt:
        return reverse("spaces:consultations:report_file", args=[*args, fmt])
    return reverse("spaces:consultations:report", args=args)


def built(consultation: Consultation, user: User, *, final: bool) -> SynthesisReport:
    report = SynthesisReport.objects.create(consultation=consultation, is_final=final,
                                            language="en", requested_by=user)
    return report_build(report_id=report.pk)


def test_it_requests_a_working_report_and_shows_it(
        consultation: Consultation, manager: User, client_for: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    make_contribution(consultation, channel=Channel.EMAIL, body="Mai multe locuri de parcare.")
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reports_url(consultation), {"kind": "working"})
    assert response.status_code == 302
    report = SynthesisReport.objects.get(consultation=consultation)
    assert report.state == ReportState.DONE, report.error
    page = client.get(reports_url(consultation)).content.decode()
    assert "Working report" in page
    assert "PDF" in page and "XLSX" in page
    assert 'http-equiv="refresh"' not in page
    assert "progress-refresh.js" not in page
    component = consultation.component
    download = client.get(reverse("manage:consultations:manage_report_file", args=[
        component.space.slug, component.pk, consultation.pk, report.pk, "csv"]))
    assert download.status_code == 200
    assert b"Mai multe locuri de parcare." in b"".join(download.streaming_content)


def test_a_running_report_shows_its_progress_and_refreshes(
        consultation: Consultation, manager: User, client_for: Any) -> None:
    SynthesisReport.objects.create(consultation=consultation, language="en",
                                   state=ReportState.RUNNING, progress=250, total=1000)
    page = client_for(manager).get(reports_url(consultation)).content.decode()
    assert '<progress max="1000" value="250"' in page
    assert "25%" in page
    # Refreshed by a script people can stop (WCAG 2.2.1), never by a timed <meta> refresh.
    assert 'http-equiv="refresh"' not in page
    assert '<script src="/static/js/progress-refresh.js" defer></script>' in page
    assert '<div class="actions" data-refresh-seconds="5">' in page
    assert '<button type="button" id="refresh-stop" class="button-secondary" hidden>' in page
    response = client_for(manager).post(reports_url(consultation), {"kind": "working"})
    assert response.status_code == 200
    assert "already being built" in response.content.decode()


def test_the_reports_page_is_for_staff_only(consultation: Consultation, resident: User,
                                            outsider: User, client_for: Any) -> None:
    assert client_for(None).get(reports_url(consultation)).url.startswith(
        "/accounts/login/?next=")
    for user in (resident, outsider):
        assert client_for(user).get(reports_url(consultation)).status_code == 404


def test_publishing_needs_a_manager(consultation: Consultation, manager: User,
                                    resident: User, client_for: Any) -> None:
    close_final(consultation)
    report = built(consultation, manager, final=True)
    component = consultation.component
    url = reverse("manage:consultations:manage_report_publish",
                  args=[component.space.slug, component.pk, consultation.pk, report.pk])
    assert client_for(resident).post(url).status_code == 404
    report.refresh_from_db()
    assert report.published_at is None
    assert client_for(manager).get(url).status_code == 200
    assert client_for(manager).post(url).status_code == 302
    report.refresh_from_db()
    assert report.published_at is not None


def test_the_public_report_appears_once_published(
        consultation: Consultation, manager: User, second_official: User, resident: User,
        client_for: Any) -> None:
    mine = make_contribution(consultation, author=resident, body="Publicați tarifele, vă rog.")
    answer(mine, outcome="rejected", drafted_by=manager, reviewed_by=second_official,
           justification="Tarifele sunt deja publicate pe site.")
    make_contribution(consultation, channel=Channel.POST, author_name="Vasile Ascuns",
                      publication=Publication.NOT_PUBLISHED, body="Nu publicați asta.")
    assert client_for(resident).get(public_url(consultation)).status_code == 404
    close_final(consultation)
    report = built(consultation, manager, final=True)
    report_publish(acting_user=manager, report=report)
    for user in (None, resident):
        page = client_for(user).get(public_url(consultation)).content.decode()
        assert "Tarifele sunt deja publicate pe site." in page
        assert "Nu publicați asta." not in page and "Vasile" not in page
        assert public_url(consultation, "pdf") in page
    pdf = client_for(None).get(public_url(consultation, "pdf"))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client_for(None).get(public_url(consultation, "exe")).status_code == 404


def test_the_public_table_paginates_with_a_fixed_number_of_queries(
        consultation: Consultation, manager: User, client_for: Any,
        django_assert_max_num_queries: Any) -> None:
    consultation.report_published_at = timezone.now()
    consultation.save(update_fields=["report_published_at"])
    client = client_for(None)

    def add(count: int) -> None:
        for _ in range(count):
            make_contribution(consultation, channel=Channel.EMAIL, author_name="Someone")

    add(3)
    client.get(public_url(consultation))
    with django_assert_max_num_queries(40) as small:
        client.get(public_url(consultation))
    add(57)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(public_url(consultation))
    assert response.status_code == 200


def test_the_html_report_is_served_sandboxed(
        consultation: Consultation, manager: User, resident: User, client_for: Any) -> None:
    """The HTML report is written from contributions and served from the main origin: it is
    opened as a sandboxed document without scripts (public and staff downloads alike)."""
    make_contribution(consultation, author=resident, body="<script>alert(1)</script>")
    close_final(consultation)
    report = built(consultation, manager, final=True)
    report_publish(acting_user=manager, report=report)
    component = consultation.component
    staff_url = reverse("manage:consultations:manage_report_file", args=[
        component.space.slug, component.pk, consultation.pk, report.pk, "html"])
    for client, url in ((client_for(None), public_url(consultation, "html")),
                        (client_for(manager), staff_url)):
        response = client.get(url)
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        assert policy.startswith("sandbox;")
        assert "default-src 'none'" in policy and "script-src" not in policy
    # Other formats and pages keep the site's policy.
    page = client_for(None).get(public_url(consultation))
    assert "sandbox" not in page["Content-Security-Policy"]


def _publish_built(consultation: Consultation, manager: User) -> SynthesisReport:
    close_final(consultation)
    report = built(consultation, manager, final=True)
    assert report.state == ReportState.DONE, report.error
    return report_publish(acting_user=manager, report=report)


def test_the_published_report_page_runs_the_same_queries_at_3_and_30_contributions(
        consultation: Consultation, manager: User, client_for: Any,
        django_assert_num_queries: Any) -> None:
    client = client_for(None)

    def count_queries(contributions: int) -> int:
        SynthesisReport.objects.filter(consultation=consultation).delete()
        consultation.report_published_at = None
        consultation.save(update_fields=["report_published_at"])
        while consultation.contributions.count() < contributions:
            make_contribution(consultation, channel=Channel.EMAIL, author_name="Someone")
        _publish_built(consultation, manager)
        client.get(public_url(consultation))  # warm the caches (organization, menus)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(public_url(consultation))
        assert response.status_code == 200
        return len(queries.captured_queries)

    small = count_queries(3)
    large = count_queries(30)
    assert small == large
    # Reading a stored report: no statistics, no contribution read at all.
    with django_assert_num_queries(large) as captured:
        client.get(public_url(consultation))
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "consultations_contribution" not in sql
    assert "consultations_debate" not in sql


def test_the_published_report_page_shows_the_built_report_not_a_recomputation(
        consultation: Consultation, manager: User, second_official: User, resident: User,
        client_for: Any) -> None:
    mine = make_contribution(consultation, author=resident, body="Publicați tarifele, vă rog.")
    given = answer(mine, outcome="rejected", drafted_by=manager, reviewed_by=second_official,
                   justification="Tarifele sunt deja publicate pe site.")
    report = _publish_built(consultation, manager)
    # Data changed after the build (bypassing the services) does not show: the page is the
    # published legal record as built, with its build time.
    type(given).objects.filter(pk=given.pk).update(justification="Changed afterwards.")
    make_contribution(consultation, channel=Channel.EMAIL, author_name="Late Comer",
                      body="Added after the report.")
    page = client_for(None).get(public_url(consultation)).content.decode()
    assert "Tarifele sunt deja publicate pe site." in page
    assert "Changed afterwards." not in page and "Added after the report." not in page
    assert "1 contribution received" in page
    from django.utils.formats import date_format

    with timezone.override("Europe/Bucharest"):
        shown = date_format(timezone.localtime(report.built_at), "SHORT_DATETIME_FORMAT")
    assert f"Built on {shown}" in page
    assert f'lang="{report.language}"' in page


def test_the_published_report_table_is_paginated_from_the_stored_pages(
        consultation: Consultation, manager: User, client_for: Any) -> None:
    for n in range(1, 61):
        make_contribution(consultation, channel=Channel.EMAIL, author_name=f"Person {n}",
                          body=f"Observația numărul {n}.")
    report = _publish_built(consultation, manager)
    assert report.pages.count() == 2
    client = client_for(None)
    first = client.get(public_url(consultation)).content.decode()
    assert "Observația numărul 50." in first and "Observația numărul 51." not in first
    assert 'aria-current="page">Page 1 of 2<' in first
    assert 'rel="next"' in first
    second = client.get(public_url(consultation) + "?page=2").content.decode()
    assert "Observația numărul 51." in second and "Observația numărul 60." in second
    assert "Observația numărul 50." not in second
    assert 'aria-current="page">Page 2 of 2<' in second
    # Out of range: the last page, as Django's paginator does elsewhere.
    beyond = client.get(public_url(consultation) + "?page=9").content.decode()
    assert "Observația numărul 60." in beyond
    for fmt in ("html", "pdf", "xlsx", "csv"):
        assert public_url(consultation, fmt) in first
