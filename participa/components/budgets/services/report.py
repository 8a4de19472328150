"""The edition report: requested by those who run the budget, built in the background through
the shared reports service (``participa.reports``), published by them.

* ``edition_report_request`` queues a build (one at a time per edition, whatever requests
  race: the constraint "budget_report_one_build_at_a_time");
* ``edition_report_build`` (run by the task in ``tasks.py``) reads the data once, writes the
  HTML, the PDF and the XLSX (progress 1, 2, 3 of 3) and keeps them in private storage; a
  failure is recorded on the build with its error;
* ``edition_report_publish`` makes a built report the edition's public report (the latest
  published one is linked from the edition page).

The report holds public records only (``participa.components.budgets.report``): a report is
never "working" or "final", so any built report may be published.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from participa.attachments.storage import attachment_storage
from participa.components.budgets import report
from participa.components.budgets.actions import BudgetAction
from participa.components.budgets.models import Edition
from participa.components.budgets.models_report import EditionReport
from participa.components.budgets.permissions import can_manage_budget
from participa.components.budgets.tasks import build_edition_report
from participa.core.audit import audit_record, audited_update
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
from participa.reports.models import BuildState

logger = logging.getLogger(__name__)

# A build "being built" for longer than this is taken as lost (its worker died).
STALE_AFTER = datetime.timedelta(hours=1)
FORMATS = tuple(report.FORMATS)


def report_storage() -> Storage:
    """Private storage (the attachments' one): report files have no public address."""
    return attachment_storage()


def edition_report_language(edition: Edition, language: str | None = None) -> str:
    """``language`` if the organization offers it, else its default language."""
    org = edition.component.space.organization
    languages = list(org.languages or [])
    if language and (not languages or language in languages):
        return language
    return org.default_language or (languages[0] if languages else "en")


def active_edition_report(edition: Edition) -> EditionReport | None:
    return build_active(EditionReport, scope={"edition": edition}, stale_after=STALE_AFTER)


@transaction.atomic
def edition_report_request(*, acting_user: User, edition: Edition,
                           language: str | None = None) -> EditionReport:
    """Queue a build of the edition's report; it is built once the transaction commits."""
    component = edition.component
    if not can_manage_budget(acting_user, component):
        raise PermissionDenied
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    language = edition_report_language(edition, language)
    try:
        built = build_queue(
            EditionReport, scope={"edition": locked}, stale_after=STALE_AFTER,
            stale_error=_("The build stopped without finishing; ask for the report again."),
            language=language, requested_by=acting_user)
    except BuildAlreadyRunning:
        raise ValidationError(_("A report of this participatory budget is already being "
                                "built. Wait until it is ready (this page shows its "
                                "progress), then ask again."), code="report_building") from None
    audit_record(organization=component.space.organization, actor=acting_user,
                 action=BudgetAction.REPORT_REQUEST, obj=built,
                 changes={"edition": locked.pk, "language": language})
    report_id = built.pk

    def enqueue() -> None:
        build_edition_report.enqueue(report_id)

    transaction.on_commit(enqueue)
    return built


def _time_zone(name: str) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name) if name else timezone.get_default_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def edition_report_build(*, report_id: int) -> EditionReport:
    """Build the files of a queued report (called by the background task). Not atomic on
    purpose: the progress is written after each file so that the staff page shows it."""
    built = EditionReport.objects.select_related(
        "edition__component__space__organization").get(pk=report_id)
    if built.state != BuildState.QUEUED:
        return built
    edition = built.edition
    org = edition.component.space.organization
    with translation.override(built.language), timezone.override(_time_zone(org.time_zone)):
        built_at = timezone.now()
        if not build_claim(built, total=len(FORMATS), built_at=built_at):
            return built  # another worker builds it
        storage = report_storage()
        stamp = timezone.localtime(built_at, datetime.UTC).strftime("%Y%m%d-%H%M%S")
        files: dict[str, str] = {}
        try:
            data = report.gather(edition)
            data.built_at = built_at
            sections = report.sections_of(data)
            contents = {
                "html": lambda: report.render_html(data, sections, built.language).encode(),
                "pdf": lambda: report.render_pdf(data, sections, built.language),
                "xlsx": lambda: report.render_xlsx(data, sections),
            }
            for done, fmt in enumerate(FORMATS, start=1):
                name = f"budget-reports/{edition.pk}/report-{built.pk}-{stamp}.{fmt}"
                files[fmt] = storage.save(name, ContentFile(contents[fmt]()))
                build_progress(built, done)
        except Exception as error:  # the build records why it failed
            logger.exception("Budget edition report %s failed", built.pk)
            for path in files.values():
                storage.delete(path)
            build_fail(built, error)
            return built
    build_done(built, files=files)
    audit_record(organization=org, actor=None, action=BudgetAction.REPORT_BUILD, obj=built,
                 changes={"projects": len(data.projects), "formats": sorted(files)})
    return built


@transaction.atomic
def edition_report_publish(*, acting_user: User, report_build: EditionReport) -> EditionReport:
    """Publish a built report: it becomes the edition's public report."""
    edition = report_build.edition
    component = edition.component
    if not can_manage_budget(acting_user, component):
        raise PermissionDenied
    locked = EditionReport.objects.select_for_update().get(pk=report_build.pk)
    if locked.state != BuildState.DONE:
        raise ValidationError(_("Only a report that is ready can be published. Wait until it "
                                "is built."), code="not_ready")
    if locked.published_at is not None:
        raise ValidationError(_("This report is already published."), code="published")
    audited_update(locked, organization=component.space.organization, actor=acting_user,
                   action=BudgetAction.REPORT_PUBLISH, values={"published_at": timezone.now()})
    report_build.published_at = locked.published_at
    return locked


def published_edition_report(edition: Edition) -> EditionReport | None:
    """The report the public sees: the latest published one."""
    return (EditionReport.objects
            .filter(edition=edition, published_at__isnull=False, state=BuildState.DONE)
            .order_by("-published_at", "-id").first())


def edition_report_file(built: EditionReport, fmt: str) -> IO[bytes] | None:
    """The stored file of a built report, open for reading; None when missing."""
    path = (built.files or {}).get(fmt)
    if built.state != BuildState.DONE or not path:
        return None
    try:
        return report_storage().open(path, "rb")
    except FileNotFoundError:
        return None


def edition_report_filename(built: EditionReport, fmt: str) -> str:
    space = built.edition.component.space
    return f"{slugify(space.slug)}-budget-report-{built.pk}.{fmt}"
