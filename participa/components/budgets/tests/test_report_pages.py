"""The staff page of the edition report (build, progress, downloads, publication) and the
public edition page's link to the published report."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from participa.components.budgets.models import Edition
from participa.components.budgets.models_report import EditionReport
from participa.core.models import User
from participa.reports.models import BuildState
from participa.spaces.models import Component


def manage_url(name: str, component: Component, *args: Any) -> str:
    return reverse(f"manage:budgets:{name}", args=[component.space.slug, component.pk, *args])


def public_url(component: Component, fmt: str) -> str:
    return reverse("spaces:budgets:report_file", args=[component.space.slug, component.pk, fmt])


def test_staff_build_download_and_publish_the_report(
        client_for: Any, edition: Edition, component: Component, manager: User,
        django_capture_on_commit_callbacks: Any):
    client = client_for(manager)
    page = client.get(manage_url("manage_reports", component)).content.decode()
    assert "No report has been built yet." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(manage_url("manage_reports", component))
    assert response.status_code == 302
    built = EditionReport.objects.get(edition=edition)
    assert built.state == BuildState.DONE, built.error
    page = client.get(manage_url("manage_reports", component)).content.decode()
    for fmt in ("html", "pdf", "xlsx"):
        assert manage_url("manage_report_file", component, built.pk, fmt) in page
    pdf = client.get(manage_url("manage_report_file", component, built.pk, "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    html = client.get(manage_url("manage_report_file", component, built.pk, "html"))
    assert "sandbox" in html["Content-Security-Policy"]
    # Nothing public before publication.
    assert client_for(None).get(public_url(component, "pdf")).status_code == 404
    response = client.post(manage_url("manage_report_publish", component, built.pk))
    assert response.status_code == 302
    built.refresh_from_db()
    assert built.published_at is not None
    visitor = client_for(None)
    index = visitor.get(component.get_absolute_url()).content.decode()
    assert public_url(component, "xlsx") in index
    response = visitor.get(public_url(component, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_page_shows_the_progress_of_a_build_and_refreshes(
        client_for: Any, edition: Edition, component: Component, manager: User):
    EditionReport.objects.create(edition=edition, language="en", state=BuildState.RUNNING,
                                 progress=1, total=3, created_at=timezone.now())
    page = client_for(manager).get(manage_url("manage_reports", component)).content.decode()
    assert '<progress max="3" value="1"' in page
    assert "(1 of 3 files)" in page
    assert "progress-refresh.js" in page
    assert '<button type="submit" disabled>Build the report</button>' in page


def test_residents_and_outsiders_get_404(client_for: Any, edition: Edition,
                                         component: Component, resident: User,
                                         outsider: User):
    built = EditionReport.objects.create(edition=edition, language="en",
                                         state=BuildState.DONE, total=3, progress=3)
    client = client_for(resident)
    assert client.get(manage_url("manage_reports", component)).status_code == 404
    assert client.post(manage_url("manage_report_publish", component,
                                  built.pk)).status_code == 404
    assert client.get(manage_url("manage_report_file", component, built.pk,
                                 "pdf")).status_code == 404
    built.refresh_from_db()
    assert built.published_at is None
    assert client_for(outsider, "other.test").get(
        manage_url("manage_reports", component)).status_code == 404


def test_the_edition_page_says_when_no_report_is_published(client_for: Any, edition: Edition,
                                                           component: Component):
    page = client_for(None).get(component.get_absolute_url()).content.decode()
    assert "The report of this edition has not been published yet." in page
