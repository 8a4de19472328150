"""Background work of consultations (django-tasks: in-process by default, a database worker
with TASKS_BACKEND=database)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def build_synthesis_report(report_id: int) -> str:
    """Build the files of one synthesis report; returns its final state."""
    # Local import: cycle: the service enqueues this task, so it imports this module.
    from participa.components.consultations.services.reports import report_build

    return str(report_build(report_id=report_id).state)


@task(queue_name="default")
def build_transparency_report(report_id: int) -> str:
    """Build the PDF and XLSX of one annual transparency report; returns its final state."""
    # Local import: cycle, as above.
    from participa.components.consultations.services.transparency import (
        transparency_report_build,
    )

    return str(transparency_report_build(report_id=report_id).state)
