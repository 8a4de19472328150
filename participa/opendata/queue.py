"""Ask for a rebuild of an organization's open data: queue the background task
(``participa.opendata.tasks``), which runs ``services.open_data_run``. Apart from the services
so that they never import the tasks (no cycle).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from participa.core.models import Organization, User
from participa.opendata.models import OpenDataRun
from participa.opendata.services import RUN_STALE_AFTER
from participa.opendata.tasks import build_open_data
from participa.reports.builds import BuildAlreadyRunning, build_queue


@transaction.atomic
def open_data_request(*, organization: Organization,
                      acting_user: User | None = None) -> OpenDataRun:
    """Queue a rebuild of the organization's open data (one at a time per organization). The
    database queue commits the task with the run; in-process it runs right away."""
    try:
        run = build_queue(
            OpenDataRun, scope={"organization": organization}, stale_after=RUN_STALE_AFTER,
            stale_error=_("The rebuild stopped without finishing; ask for it again."),
            requested_by=acting_user)
    except BuildAlreadyRunning:
        raise ValidationError(_("The open data is already being rebuilt. The new file "
                                "replaces the current one when it is ready."),
                              code="building") from None
    build_open_data.enqueue(organization.pk, acting_user.pk if acting_user else None)
    run.refresh_from_db()
    return run
