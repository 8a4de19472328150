"""Background work of intake (django-tasks: in-process by default, a database worker with
TASKS_BACKEND=database)."""

from __future__ import annotations

from django_tasks import task

from participa.intake.background import batch_parse, batch_register


@task(queue_name="default")
def parse_batch(batch_id: int) -> str:
    """Read the files of an uploaded batch and keep their preview."""
    return batch_parse(batch_id=batch_id)


@task(queue_name="default")
def register_batch(batch_id: int) -> str:
    """Register the chosen items of a confirmed batch, from where it stopped."""
    return batch_register(batch_id=batch_id)
