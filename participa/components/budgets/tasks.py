"""Background work of participatory budgets (django-tasks: in-process by default, a database
worker with TASKS_BACKEND=database)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def build_edition_report(report_id: int) -> str:
    """Build the files of one edition report; returns its final state."""
    # Local import: cycle: the service enqueues this task, so it imports this module.
    from participa.components.budgets.services.report import edition_report_build

    return str(edition_report_build(report_id=report_id).state)


@task(queue_name="default")
def count_edition_results(build_id: int) -> str:
    """Count the votes of every pool of one edition; returns the build's final state."""
    # Local import: cycle: the service enqueues this task, so it imports this module.
    from participa.components.budgets.services.results import results_count_build

    return str(results_count_build(build_id=build_id).state)
