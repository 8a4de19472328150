"""Create (or update) an organization from the command line: the first step of a deployment."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from participa.core.models import DEFAULT_LEGAL_PROFILE, Organization
from participa.lib import legal


class Command(BaseCommand):
    help = "Create or update the organization served at HOST."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--languages", default="ro,en", help="Comma-separated, e.g. pl,en")
        parser.add_argument("--default-language", default="")
        parser.add_argument("--time-zone", default="Europe/Bucharest")
        parser.add_argument("--legal-profile", default=DEFAULT_LEGAL_PROFILE,
                            choices=[profile.code for profile in legal.profiles()])

    def handle(self, *args: Any, **options: Any) -> None:
        languages = [code.strip() for code in options["languages"].split(",") if code.strip()]
        org = Organization.objects.filter(host=options["host"]).first() or Organization(
            host=options["host"]
        )
        org.name = options["name"]
        org.languages = languages
        org.default_language = options["default_language"] or (languages[0] if languages else "")
        org.time_zone = options["time_zone"]
        org.legal_profile = options["legal_profile"]
        try:
            org.full_clean()
        except ValidationError as error:
            raise CommandError("; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )) from error
        created = org.pk is None
        org.save()
        self.stdout.write(f"{'Created' if created else 'Updated'} {org.name} at {org.host}")
