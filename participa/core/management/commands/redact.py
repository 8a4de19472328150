"""Redact personal data from standard input to standard output (for batches of documents).

    python manage.py redact --lang ro --name "Ion Popescu" < letter.txt > letter.redacted.txt
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from participa.lib import redaction


class Command(BaseCommand):
    help = ("Read a text on standard input and write it to standard output with e-mail "
            "addresses, phone numbers, ID numbers, IBANs, addresses, personal URLs and names "
            "replaced by a placeholder.")
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", required=True, choices=sorted(redaction.DEFAULT_PLACEHOLDERS),
                            help="Language of the text (chooses the default placeholder).")
        parser.add_argument("--name", action="append", default=[], dest="names",
                            help="A name of the author to remove wherever it appears "
                                 "(repeat for several).")
        parser.add_argument("--placeholder", default=None,
                            help="Replacement text (default: =anonimizat= for ro, "
                                 "[dane usunięte] for pl, [redacted] for en).")
        parser.add_argument("--summary", action="store_true",
                            help="Also write how many items of each kind were removed to "
                                 "standard error.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options.get("stdin") or sys.stdin
        text = source.read()
        result = redaction.redact(text, lang=options["lang"], names=options["names"],
                                  placeholder=options["placeholder"])
        self.stdout.write(result.text, ending="")
        if options["summary"]:
            counts = Counter(span.kind for span in result.spans)
            summary = ", ".join(f"{kind}: {counts[kind]}" for kind in redaction.KINDS
                                if counts[kind]) or "nothing found"
            self.stderr.write(summary)
