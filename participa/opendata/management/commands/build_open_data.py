"""``manage.py build_open_data [--host HOST]``: queue the open-data rebuild of organizations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from participa.core.models import Organization
from participa.opendata.queue import open_data_request


class Command(BaseCommand):
    help = "Queue a rebuild of the open-data ZIP of every organization (or of one, by host)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", help="Only the organization served at this host name.")

    def handle(self, *args: Any, **options: Any) -> None:
        organizations = Organization.objects.order_by("pk")
        if options.get("host"):
            organizations = organizations.filter(host=options["host"])
            if not organizations.exists():
                raise CommandError(f"No organization is served at {options['host']!r}.")
        for organization in organizations:
            try:
                open_data_request(organization=organization)
            except ValidationError:
                self.stdout.write(f"The open-data build of {organization.host} is already "
                                  "queued or running.")
                continue
            self.stdout.write(f"Queued the open-data build of {organization.host}.")
