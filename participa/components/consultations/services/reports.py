"""Synthesis reports: requested by staff, built in the background, published once final.

* ``report_request`` queues a working report (any time) or the final report (only once the
  consultation is closed as final); one report is built at a time per consultation.
* ``report_build`` (run by the task in ``tasks.py``) writes HTML, PDF, XLSX and CSV in chunks,
  updating ``progress``/``total`` after every chunk, and keeps the files in private storage;
  a failure is recorded on the report with its error.
* ``report_publish`` makes a final report public and tells the consultation's followers.

A final report contains only published answers; a working report also shows draft answers,
marked as such, which is why only final reports may be published.
"""

from __future__ import annotations

import datetime
import logging
import shutil
import tempfile
import zoneinfo
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from participa.attachments.storage import attachment_storage
from participa.components.consultations import permissions, report_data, report_render
from participa.components.consultations.actions import ConsultationAction, ConsultationJournalAction
from participa.components.consultations.models import (
    Consultation,
    ConsultationState,
    ReportState,
    SynthesisReport,
    SynthesisReportPage,
)
from participa.components.consultations.services.debates import debates_pending_refusal
from participa.components.consultations.services.journal import consultation_line
from participa.components.consultations.tasks import build_synthesis_report
from participa.core.audit import Notice, audit_record, record
from participa.core.models import User
from participa.reports.builds import (
    BuildAlreadyRunning,
    build_active,
    build_claim,
    build_done,
    build_fail,
    build_progress,
    build_queue,
)
from participa.reports.models import ACTIVE_STATES as ACTIVE_STATES

logger = logging.getLogger(__name__)

# A report "being built" for longer than this is considered lost (a worker died) and no
# longer blocks a new request.
STALE_AFTER = datetime.timedelta(hours=3)
CHUNK_SIZE = 500
# Rows per page of the public report page (stored at build time).
PUBLIC_ROWS_PER_PAGE = 50


def report_storage() -> Storage:
    """Private storage (the attachments' one): report files have no public address."""
    return attachment_storage()


def report_language(consultation: Consultation, language: str | None = None) -> str:
    org = consultation.organization
    languages = list(org.languages or [])
    if language and (not languages or language in languages):
        return language
    return org.default_language or (languages[0] if languages else "en")


def active_report(consultation: Consultation) -> SynthesisReport | None:
    return build_active(SynthesisReport, scope={"consultation": consultation},
                        stale_after=STALE_AFTER)


def _already_building() -> ValidationError:
    return ValidationError(_("A report of this consultation is already being built. Wait "
                             "until it is ready (this page shows its progress), then ask "
                             "again."), code="report_building")


@transaction.atomic
def report_request(*, acting_user: User, consultation: Consultation, final: bool,
                   language: str | None = None) -> SynthesisReport:
    """Queue a working or final report; it is built once the transaction commits."""
    if not permissions.can_manage_consultations(acting_user, consultation.component):
        raise PermissionDenied
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if final and locked.state != ConsultationState.FINAL:
        raise ValidationError(_("The final report can be built only once the consultation is "
                                "closed as final. Build a working report in the meantime."))
    # A build lost long ago (its worker died) no longer blocks: it is marked failed. The
    # constraint "report_one_build_at_a_time" settles requests that race past the check
    # (databases where the row lock does not serialize them).
    try:
        report = build_queue(
            SynthesisReport, scope={"consultation": locked}, stale_after=STALE_AFTER,
            stale_error=_("The build stopped without finishing; ask for the report again."),
            is_final=final, language=report_language(locked, language),
            requested_by=acting_user)
    except BuildAlreadyRunning:
        raise _already_building() from None
    audit_record(organization=locked.organization, actor=acting_user,
                 action=ConsultationAction.REPORT_REQUEST, obj=report,
                 changes={"consultation": locked.pk, "final": final,
                          "language": report.language})
    report_id = report.pk

    def enqueue() -> None:
        build_synthesis_report.enqueue(report_id)

    transaction.on_commit(enqueue)
    return report


def report_build(*, report_id: int, chunk_size: int = CHUNK_SIZE,
                 formats: Iterable[str] | None = None) -> SynthesisReport:
    """Build the files of a queued report (called by the background task).

    Not atomic on purpose: progress is written after every chunk so that the staff page can
    show it while the report is built. The build time (``built_at``) is recorded once, when
    the data is read, and every format shows that time. The public page's table is stored
    too, in pages of ``PUBLIC_ROWS_PER_PAGE`` rows, with the HTML around it, so that the
    published report is never recomputed. ``formats`` limits the files (benchmarks); all by
    default.
    """
    report = SynthesisReport.objects.select_related(
        "consultation__component__space__organization").get(pk=report_id)
    if report.state != ReportState.QUEUED:
        return report
    consultation = report.consultation
    with translation.override(report.language), \
            timezone.override(_time_zone(consultation.organization.time_zone)):
        total = report_data.count_rows(consultation)
        built_at = timezone.now()
        if not build_claim(report, total=total, built_at=built_at):
            return report  # another worker builds it
        SynthesisReportPage.objects.filter(report=report).delete()  # a retried build
        workdir = Path(tempfile.mkdtemp(prefix="participa-report-"))
        try:
            data = report_data.gather(consultation, final=report.is_final)
            data.generated_at = built_at

            def progress(done: int) -> None:
                build_progress(report, done)

            def store(pages: list[report_render.StoredPage]) -> None:
                SynthesisReportPage.objects.bulk_create([
                    SynthesisReportPage(report=report, number=number, rows=rows, html=html)
                    for number, rows, html in pages])

            pages = report_render.PagesWriter(data, page_size=PUBLIC_ROWS_PER_PAGE,
                                              store=store)
            paths = report_render.write_report(
                data, report.language, workdir, chunk_size=chunk_size, progress=progress,
                pages=pages, **({"formats": formats} if formats is not None else {}))
            fragments = report_render.page_fragments(data, report.language)
            storage = report_storage()
            files: dict[str, str] = {}
            stamp = timezone.localtime(built_at, datetime.UTC).strftime("%Y%m%d-%H%M%S")
            for fmt, path in paths.items():
                name = (f"reports/{consultation.pk}/report-{report.pk}-{stamp}."
                        f"{fmt}")
                with path.open("rb") as handle:
                    files[fmt] = storage.save(name, File(handle, name=path.name))
        except Exception as error:  # the report records why it failed
            logger.exception("Synthesis report %s failed", report.pk)
            SynthesisReportPage.objects.filter(report=report).delete()
            build_fail(report, error)
            return report
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    build_done(report, files=files, fragments=fragments, page_size=PUBLIC_ROWS_PER_PAGE)
    audit_record(organization=consultation.organization, actor=None,
                 action=ConsultationAction.REPORT_BUILD, obj=report,
                 changes={"rows": total, "formats": sorted(files)})
    return report


def _time_zone(name: str) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name) if name else timezone.get_default_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


@transaction.atomic
def report_publish(*, acting_user: User, report: SynthesisReport) -> SynthesisReport:
    """Publish a final report: it becomes the consultation's public report."""

    consultation = report.consultation
    if not permissions.can_manage_consultations(acting_user, consultation.component):
        raise PermissionDenied
    locked = SynthesisReport.objects.select_for_update().get(pk=report.pk)
    if locked.state != ReportState.DONE:
        raise ValidationError(_("Only a report that is ready can be published. Wait until it "
                                "is built."))
    if not locked.is_final:
        raise ValidationError(_("Only the final report can be published, because a working "
                                "report may contain answers that are not published yet. "
                                "Build the final report once the consultation is closed."))
    if locked.published_at is not None:
        raise ValidationError(_("This report is already published."))

    debate_refusal = debates_pending_refusal(consultation)
    if debate_refusal:
        raise ValidationError(debate_refusal)
    now = timezone.now()
    locked.published_at = now
    locked.save(update_fields=["published_at"])
    first_time = consultation.report_published_at is None
    Consultation.objects.filter(pk=consultation.pk).update(report_published_at=now,
                                                           updated_at=now)
    consultation.report_published_at = now
    record(organization=consultation.organization, actor=acting_user,
           action=ConsultationAction.REPORT_PUBLISH, obj=locked,
           changes={"consultation": consultation.pk, "published_at": now.isoformat()},
           public=[consultation_line(consultation, ConsultationJournalAction.REPORT_PUBLISHED,
                                     item=locked)],
           notice=(Notice(event="consultation.report_published", target=consultation)
                   if first_time else None))
    report.published_at = now
    return locked


def published_report(consultation: Consultation) -> SynthesisReport | None:
    """The report the public sees: the latest published one."""
    if consultation.report_published_at is None:
        return None
    return (SynthesisReport.objects
            .filter(consultation=consultation, published_at__isnull=False,
                    state=ReportState.DONE)
            .order_by("-published_at", "-id").first())


def report_page(report: SynthesisReport, number: int) -> SynthesisReportPage | None:
    """One stored page of a built report's table (one query, whatever the report's size)."""
    return SynthesisReportPage.objects.filter(report=report, number=number).first()


def report_file(report: SynthesisReport, fmt: str) -> IO[bytes] | None:
    """The stored file of ``report`` in ``fmt``, opened for reading; None when missing."""
    name = (report.files or {}).get(fmt)
    if not name:
        return None
    storage = report_storage()
    if not storage.exists(name):
        return None
    return storage.open(name, "rb")


def report_filename(report: SynthesisReport, fmt: str) -> str:
    consultation = report.consultation
    kind = "final" if report.is_final else "working"
    return f"{slugify(consultation.slug)}-report-{kind}-{report.pk}.{fmt}"
