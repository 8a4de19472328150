"""``manage.py search_reindex [--kind page ...]``: rebuild the search index from the objects."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from participa.search.registry import all_specs
from participa.search.services import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index of every searchable type (or only of the given types)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", action="append", default=[],
                            help="Only this type (repeat for several), e.g. --kind page.")

    def handle(self, *args: Any, **options: Any) -> None:
        known = {spec.kind for spec in all_specs()}
        unknown = [kind for kind in options["kind"] if kind not in known]
        if unknown:
            raise CommandError(
                f"Unknown type: {', '.join(unknown)}. Known types: {', '.join(sorted(known))}."
            )
        count = reindex_all(kinds=options["kind"] or None)
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} objects."))
