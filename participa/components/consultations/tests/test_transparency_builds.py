"""The annual transparency report built in the background: queued, one build at a time per
organization, year and language, files stored with their build time, failures recorded."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from participa.components.consultations import transparency
from participa.components.consultations.actions import ConsultationAction
from participa.components.consultations.models import TransparencyReport
from participa.components.consultations.services import transparency as services
from participa.core.models import AuditEntry, Organization, User
from participa.reports.models import BuildState


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "private"


def request_build(user: User, org: Organization, year: int = 2025,
                  language: str = "en") -> TransparencyReport:
    return services.transparency_report_request(acting_user=user, organization=org,
                                                year=year, language=language)


def test_a_request_queues_a_build_and_the_task_stores_both_files(
        org: Organization, admin: User, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = request_build(admin, org)
    assert (report.state, report.year, report.language, report.requested_by) == (
        BuildState.QUEUED, 2025, "en", admin)
    assert report.files == {} and report.built_at is None
    assert AuditEntry.objects.filter(action=ConsultationAction.TRANSPARENCY_REQUEST,
                                     object_id=str(report.pk)).count() == 1
    report.refresh_from_db()
    assert report.state == BuildState.QUEUED  # nothing built before the commit

    for callback in callbacks:  # the commit: the in-process queue builds right away
        callback()
    report.refresh_from_db()
    assert report.state == BuildState.DONE
    assert (report.progress, report.total) == (2, 2)
    assert report.built_at is not None and report.finished_at is not None
    assert sorted(report.files) == ["pdf", "xlsx"]
    assert AuditEntry.objects.filter(action=ConsultationAction.TRANSPARENCY_BUILD,
                                     object_id=str(report.pk)).count() == 1

    pdf = services.transparency_report_file(report, "pdf")
    assert pdf is not None
    with pdf:
        text = PdfReader(io.BytesIO(pdf.read())).pages[0].extract_text()
    assert "Recommendations received" in text and "2025" in text
    xlsx = services.transparency_report_file(report, "xlsx")
    assert xlsx is not None
    with xlsx:
        rows = list(load_workbook(io.BytesIO(xlsx.read())).active.iter_rows(values_only=True))
    assert ("Recommendations received", 0) in rows
    assert services.transparency_report_file(report, "csv") is None


def test_one_build_at_a_time_per_year_and_language(org: Organization, admin: User,
                                                   official: User,
                                                   django_capture_on_commit_callbacks: Any
                                                   ) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        first = request_build(admin, org)
        with pytest.raises(ValidationError) as refused:
            request_build(official, org)
        assert refused.value.messages == [
            "The 2025 report is already being built. Wait until it is ready (this page shows "
            "its progress)."]
        other_year = request_build(official, org, year=2024)
    assert list(TransparencyReport.objects.filter(organization=org).order_by("pk")
                .values_list("pk", "year", "state")) == [
        (first.pk, 2025, BuildState.QUEUED), (other_year.pk, 2024, BuildState.QUEUED)]


def test_a_finished_build_frees_the_year(org: Organization, admin: User,
                                         django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = request_build(admin, org)
    with django_capture_on_commit_callbacks(execute=True):
        second = request_build(admin, org)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (BuildState.DONE, BuildState.DONE)
    assert services.latest_built_transparency_report(org, 2025, "en") == second


def test_a_language_the_organization_does_not_offer_falls_back(
        org: Organization, admin: User, django_capture_on_commit_callbacks: Any) -> None:
    org.languages = ["ro", "en"]
    org.default_language = "ro"
    org.save()
    with django_capture_on_commit_callbacks(execute=False):
        report = request_build(admin, org, language="de")
    assert report.language == "ro"


def test_only_staff_may_ask(org: Organization, resident: User, other_org: Organization,
                            admin: User) -> None:
    for user, organization in ((resident, org), (admin, other_org)):
        with pytest.raises(PermissionDenied):
            request_build(user, organization)
    assert TransparencyReport.objects.count() == 0


def test_a_failed_build_records_its_error_and_keeps_no_file(
        org: Organization, admin: User, monkeypatch: Any, tmp_path: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    def broken(report: Any) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(transparency, "render_xlsx", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = request_build(admin, org)
    report.refresh_from_db()
    assert report.state == BuildState.FAILED
    assert report.error == "RuntimeError: disk full"
    assert (report.progress, report.total, report.files) == (1, 2, {})
    stored = tmp_path / "private" / "transparency"
    assert [path for path in stored.rglob("*") if path.is_file()] == []
    assert not AuditEntry.objects.filter(action=ConsultationAction.TRANSPARENCY_BUILD).exists()
    # The year is free again: "try again" queues a new build.
    with django_capture_on_commit_callbacks(execute=True):
        retry = request_build(admin, org)
    assert retry.pk != report.pk


def test_a_build_already_claimed_is_left_alone(org: Organization, admin: User,
                                               django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        report = request_build(admin, org)
    TransparencyReport.objects.filter(pk=report.pk).update(state=BuildState.RUNNING)
    assert services.transparency_report_build(report_id=report.pk).state == BuildState.RUNNING
    report.refresh_from_db()
    assert (report.state, report.files) == (BuildState.RUNNING, {})
