"""Background work of consultations (django-tasks: in-process by default, a database worker
with TASKS_BACKEND=database)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def build_synthesis_report(report_id: int) -> str:
    """Build the files of one synthesis report; returns its final state."""
    from participa.components.consultations.services.reports import report_build

    return str(report_build(report_id=report_id).state)


@task(queue_name="default")
def parse_mailbox_import(import_id: int) -> str:
    """Read the messages of an uploaded mailbox batch and keep their preview."""
    from participa.components.consultations.services.mailbox_import import import_parse

    return import_parse(import_id=import_id)


@task(queue_name="default")
def register_mailbox_import(import_id: int) -> str:
    """Register the chosen messages of a confirmed mailbox batch, from where it stopped."""
    from participa.components.consultations.services.mailbox_import import import_register

    return import_register(import_id=import_id)
