"""The proposals' adapter of the shared intake (``participa.intake``): e-mail exports (.eml,
mbox, ZIP) read by ``participa.lib.mailbox``, each chosen message registered as a proposal
received by e-mail (``services.intake.proposal_register``), never twice (``source_id``).
Declared in the manifest as ``proposals.mailbox``."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from participa.components.proposals.models import Channel, Proposal, Publication
from participa.components.proposals.services.intake import proposal_register
from participa.intake.models import IntakeBatch
from participa.lib import mailbox
from participa.spaces.models import Component

KIND = "proposals.mailbox"
COUNT_KEYS = ("registered", "duplicates", "empty", "failed", "no_date")
TITLE_LENGTH = 200


def component_of(batch: IntakeBatch) -> Component:
    return Component.objects.select_related("space__organization").get(pk=batch.target_id)


def _valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return len(value) <= 254


def _title(item: mailbox.ParsedMessage) -> str:
    subject = item.subject.strip() or item.first_line.strip()
    return subject[:TITLE_LENGTH]


class MailboxProposals:
    """Intake adapter: e-mail exports registered as proposals received by e-mail."""

    kind = KIND
    folder = "proposals-mailbox"
    count_keys: Sequence[str] = COUNT_KEYS

    def read(self, files: list[tuple[str, bytes]], *, fallback_time: datetime.datetime
             ) -> tuple[list[mailbox.ParsedMessage], list[tuple[str, str]]]:
        found, errors = mailbox.parse_uploads(files, fallback_time=fallback_time)
        return found, [(error.code, error.name) for error in errors]

    def item_id(self, item: mailbox.ParsedMessage) -> str:
        return item.source_id

    def preview_row(self, item: mailbox.ParsedMessage) -> dict[str, Any]:
        return {
            "source_id": item.source_id, "sender_name": item.sender_name,
            "sender_email": item.sender_email, "subject": item.subject[:300],
            "sent_at": item.sent_at.isoformat() if item.sent_at else None,
            "date_missing": item.date_missing, "first_line": item.first_line,
            "empty": not item.body.strip(),
        }

    def register(self, batch: IntakeBatch, item: mailbox.ParsedMessage | None,
                 counts: dict[str, int]) -> None:
        register_one(batch, item, counts)


def register_one(batch: IntakeBatch, item: mailbox.ParsedMessage | None,
                 counts: dict[str, int]) -> None:
    """Register one chosen message (inside the caller's transaction) and count the outcome."""
    component = component_of(batch)
    if item is None:  # no longer in the files: cannot be registered from them
        counts["failed"] += 1
        return
    source_id = item.source_id[:300].strip()
    if Proposal.objects.filter(component=component, source_id=source_id).exists():
        counts["duplicates"] += 1
        return
    body = item.body.strip()
    if not body:
        counts["empty"] += 1
        return
    publication = batch.options.get("publication", Publication.ANONYMOUS)
    received_at = min(item.sent_at or timezone.now(), timezone.now())
    try:
        with transaction.atomic():
            proposal_register(
                acting_user=batch.created_by, component=component, channel=Channel.EMAIL,
                received_at=received_at,
                author_name=(item.sender_name or item.sender_email)[:200] or "—",
                author_email=item.sender_email if _valid_email(item.sender_email) else "",
                title=_title(item) or body[:TITLE_LENGTH], body=body,
                publication=publication, source_id=source_id)
    except (ValidationError, PermissionDenied):
        # Registered meanwhile from another batch (another official): a duplicate.
        if Proposal.objects.filter(component=component, source_id=source_id).exists():
            counts["duplicates"] += 1
        else:
            counts["failed"] += 1
        return
    counts["registered"] += 1
    counts["no_date"] += int(item.date_missing)


ADAPTER = MailboxProposals()
