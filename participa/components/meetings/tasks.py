"""Background work of meetings (django-tasks: in-process by default, a database worker with
TASKS_BACKEND=database)."""

from __future__ import annotations

from django_tasks import task

from participa.components.meetings.emails import registration_email_send


@task(queue_name="email")
def send_registration_email(registration_id: int, kind: str) -> bool:
    """One registration e-mail (confirmation, waiting list, place, invitation, reminder)."""
    return registration_email_send(registration_id, kind)


@task(queue_name="email")
def send_meeting_reminders() -> int:
    """The reminders of the meetings of the next day (run it every hour or so)."""
    # Local import: cycle: the registration services enqueue the task above.
    from participa.components.meetings.services.registrations import (
        registration_reminders_send,
    )

    return registration_reminders_send()
