from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from participa.components.proposals.services.thresholds import answer_reminders_send


class Command(BaseCommand):
    help = ("Remind the staff of the proposals whose answer is due within a week, and tell them "
            "once when an answer is overdue (run it from cron once a day).")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = answer_reminders_send()
        self.stdout.write(f"Recorded {sent} answer reminder(s).")
