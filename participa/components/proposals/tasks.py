"""Background work of proposals (django-tasks: in-process by default, a database worker with
TASKS_BACKEND=database)."""

from __future__ import annotations

from django_tasks import task

from participa.components.proposals.services.thresholds import answer_reminders_send


@task(queue_name="default")
def send_answer_reminders() -> int:
    """The staff's reminders of answers due within a week or overdue (run it daily)."""
    return answer_reminders_send()
