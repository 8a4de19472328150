from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from participa.components.meetings.services.registrations import registration_reminders_send


class Command(BaseCommand):
    help = ("E-mail the reminder to the registered participants of the meetings starting "
            "within a day, once per person (run it from cron every hour).")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = registration_reminders_send()
        self.stdout.write(f"Queued {sent} meeting reminder(s).")
