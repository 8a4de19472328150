"""The annual transparency report (Law 52/2003 art. 13) built in the background.

* ``transparency_report_request`` queues a build of an organization's report for a year in a
  language; one build at a time per (organization, year, language), whatever requests race
  (the constraint "transparency_report_one_build_at_a_time").
* ``transparency_report_build`` (run by the task in ``tasks.py``) computes the figures once,
  writes the PDF then the XLSX (progress 1 then 2 of 2) and keeps both in private storage; a
  failure is recorded on the build with its error.
* Downloads serve the stored files: nothing is rebuilt on download.
"""

from __future__ import annotations

import datetime
import logging
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participa.components.consultations import transparency
from participa.components.consultations.actions import ConsultationAction
from participa.components.consultations.models import TransparencyReport
from participa.components.consultations.services.reports import _time_zone, report_storage
from participa.components.consultations.tasks import build_transparency_report
from participa.core import permissions as core_permissions
from participa.core.audit import audit_record
from participa.core.models import Organization, User
from participa.reports.builds import (
    BuildAlreadyRunning,
    build_claim,
    build_done,
    build_fail,
    build_progress,
    build_queue,
)
from participa.reports.models import BuildState

logger = logging.getLogger(__name__)

# A build "being built" for longer than this is taken as lost (its worker died).
STALE_AFTER = datetime.timedelta(hours=1)
FORMATS = ("pdf", "xlsx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def transparency_language(organization: Organization, language: str | None = None) -> str:
    """``language`` if the organization offers it, else its default language."""
    languages = list(organization.languages or [])
    if language and (not languages or language in languages):
        return language
    return organization.default_language or (languages[0] if languages else "en")


@transaction.atomic
def transparency_report_request(*, acting_user: User, organization: Organization, year: int,
                                language: str) -> TransparencyReport:
    """Queue a build of the year's report; it is built once the transaction commits."""
    if not core_permissions.is_staff_member(acting_user, organization):
        raise PermissionDenied
    language = transparency_language(organization, language)
    try:
        report = build_queue(
            TransparencyReport,
            scope={"organization": organization, "year": year, "language": language},
            stale_after=STALE_AFTER,
            stale_error=_("The build stopped without finishing; ask for the report again."),
            requested_by=acting_user)
    except BuildAlreadyRunning:
        raise ValidationError(_("The %(year)s report is already being built. Wait until it is "
                                "ready (this page shows its progress).") % {"year": year},
                              code="report_building") from None
    audit_record(organization=organization, actor=acting_user,
                 action=ConsultationAction.TRANSPARENCY_REQUEST, obj=report,
                 changes={"year": year, "language": language})
    report_id = report.pk

    def enqueue() -> None:
        build_transparency_report.enqueue(report_id)

    transaction.on_commit(enqueue)
    return report


def transparency_report_build(*, report_id: int) -> TransparencyReport:
    """Build the files of a queued report (called by the background task). Not atomic on
    purpose: the progress is written after each file so that the staff page shows it."""
    report = TransparencyReport.objects.select_related("organization").get(pk=report_id)
    if report.state != BuildState.QUEUED:
        return report
    org = report.organization
    with translation.override(report.language), timezone.override(_time_zone(org.time_zone)):
        built_at = timezone.now()
        if not build_claim(report, total=len(FORMATS), built_at=built_at):
            return report  # another worker builds it
        storage = report_storage()
        stamp = timezone.localtime(built_at, datetime.UTC).strftime("%Y%m%d-%H%M%S")
        files: dict[str, str] = {}
        try:
            figures = transparency.annual_report(org, report.year)
            contents = {
                "pdf": lambda: transparency.render_pdf(figures, report.language),
                "xlsx": lambda: transparency.render_xlsx(figures),
            }
            for done, fmt in enumerate(FORMATS, start=1):
                name = (f"transparency/{org.pk}/transparency-{report.year}-{report.pk}-"
                        f"{stamp}.{fmt}")
                files[fmt] = storage.save(name, ContentFile(contents[fmt]()))
                build_progress(report, done)
        except Exception as error:  # the build records why it failed
            logger.exception("Transparency report %s failed", report.pk)
            for path in files.values():
                storage.delete(path)
            build_fail(report, error)
            return report
    build_done(report, files=files)
    audit_record(organization=org, actor=None, action=ConsultationAction.TRANSPARENCY_BUILD,
                 obj=report, changes={"year": report.year, "formats": sorted(files)})
    return report


def latest_transparency_report(organization: Organization, year: int,
                               language: str) -> TransparencyReport | None:
    """The latest build of the year's report in the language (whatever its state)."""
    return (TransparencyReport.objects
            .filter(organization=organization, year=year, language=language)
            .order_by("-created_at", "-id").first())


def latest_built_transparency_report(organization: Organization, year: int,
                                     language: str) -> TransparencyReport | None:
    """The latest build that is ready: the one the downloads serve."""
    return (TransparencyReport.objects
            .filter(organization=organization, year=year, language=language,
                    state=BuildState.DONE)
            .order_by("-created_at", "-id").first())


def transparency_report_file(report: TransparencyReport, fmt: str) -> IO[bytes] | None:
    """The stored file of a built report, open for reading; None when missing."""
    path = (report.files or {}).get(fmt)
    if report.state != BuildState.DONE or not path:
        return None
    try:
        return report_storage().open(path, "rb")
    except FileNotFoundError:
        return None
