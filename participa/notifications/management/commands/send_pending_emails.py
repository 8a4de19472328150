from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from participa.notifications.tasks import retry_due


class Command(BaseCommand):
    help = ("Queue again the e-mails whose sending failed and whose next try is due "
            "(run it from cron every few minutes).")

    def handle(self, *args: Any, **options: Any) -> None:
        queued = retry_due()
        self.stdout.write(f"Queued {queued} e-mail(s).")
