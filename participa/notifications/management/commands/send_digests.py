from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from participa.notifications.tasks import enqueue_digests


class Command(BaseCommand):
    help = ("Queue the daily or weekly e-mail summary for everyone who chose it and has "
            "unsent notifications (run it from cron once a day / once a week).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--frequency", choices=["daily", "weekly"], required=True)
        parser.add_argument("--batch-size", type=int, default=100)

    def handle(self, *args: Any, **options: Any) -> None:
        queued = enqueue_digests(options["frequency"], batch_size=options["batch_size"])
        self.stdout.write(f"Queued {queued} {options['frequency']} digest(s).")
