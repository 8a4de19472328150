"""Mailbox imports into a consultation, on the shared intake (``participa.intake``): the
uploaded files are screened at once (cheap, linear checks), kept and read in the background,
previewed, and the chosen messages registered as contributions, resumably and never twice.

``MailboxContributions`` is the consultation's adapter: it reads e-mail exports
(``participa.lib.mailbox``) and turns one message into a contribution registered offline.
The functions below are the consultation's services: intake's step plus the audit entry.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone

from participa.attachments.services import max_bytes
from participa.attachments.validation import accepted_extensions, inspect_upload
from participa.components.consultations.actions import ConsultationAction
from participa.components.consultations.models import (
    Article,
    Channel,
    Consultation,
    Contribution,
)
from participa.components.consultations.services import contributions as services
from participa.core.audit import audit_record
from participa.core.models import User
from participa.intake import services as intake
from participa.intake.models import IntakeBatch
from participa.intake.services import is_interrupted as is_interrupted
from participa.lib import mailbox

KIND = "consultations.mailbox"
TMP_PREFIX = "tmp/mailbox"
COUNT_KEYS = ("registered", "duplicates", "empty", "failed", "late", "no_original", "no_date")


class MailboxContributions:
    """Intake adapter: e-mail exports (.eml, mbox, ZIP) registered as contributions."""

    kind = KIND
    folder = "mailbox"
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
            "empty": not (item.body.strip() or item.subject.strip()),
        }

    def register(self, batch: IntakeBatch, item: mailbox.ParsedMessage | None,
                 counts: dict[str, int]) -> None:
        _register_one(batch, item, counts)




def consultation_of(batch: IntakeBatch) -> Consultation:
    return (Consultation.objects.select_related("component__space__organization")
            .get(pk=batch.target_id))


def pending_batches(consultation: Consultation) -> models.QuerySet[IntakeBatch]:
    """The consultation's mailbox batches not yet finished."""
    return intake.batches_for(consultation).filter(kind=KIND)


@transaction.atomic
def import_discard(*, acting_user: User, batch: IntakeBatch) -> None:
    """Cancel (or finish) a batch: its files are deleted, nothing else changes."""
    consultation = consultation_of(batch)
    organization = consultation.component.space.organization
    audit_record(organization=organization, actor=acting_user,
                 action=ConsultationAction.MAILBOX_IMPORT_DISCARD, obj=consultation,
                 changes={"files": [len(batch.names), None]})
    intake.batch_discard(batch=batch)


@transaction.atomic
def import_start(*, acting_user: User, consultation: Consultation,
                 files: list[tuple[str, bytes]]) -> IntakeBatch:
    """Keep the uploads and read them in the background. The person's earlier unfinished
    batch for this consultation is replaced."""
    for old in pending_batches(consultation).filter(created_by=acting_user):
        import_discard(acting_user=acting_user, batch=old)
    batch = intake.batch_start(acting_user=acting_user, adapter=ADAPTER, target=consultation,
                               files=files)
    audit_record(organization=consultation.component.space.organization, actor=acting_user,
                 action=ConsultationAction.MAILBOX_IMPORT_UPLOAD, obj=consultation,
                 changes={"files": [None, len(files)]})
    return batch


def import_parse(*, import_id: int) -> str:
    """Read a batch (the background task of intake) and keep its preview."""
    return intake.batch_parse(batch_id=import_id)


def import_register(*, import_id: int) -> str:
    """Register the chosen messages of a confirmed batch (the background task of intake)."""
    return intake.batch_register(batch_id=import_id)


def sent_at(row: dict[str, Any]) -> datetime.datetime | None:
    value = row.get("sent_at")
    return datetime.datetime.fromisoformat(value) if value else None


@transaction.atomic
def import_confirm(*, acting_user: User, batch: IntakeBatch, chosen: list[str] | None,
                   type: str, publication: str, article: Article | None) -> bool:
    """Record the messages to register (``None``: every message found) and queue their
    registration. Answers False when the batch was already confirmed (a double click, or
    another tab): nothing is recorded nor queued a second time."""
    locked = intake.batch_confirm(
        batch=batch, chosen=chosen,
        options={"type": type, "publication": publication,
                 "article": article.pk if article is not None else None})
    if locked is None:
        return False
    consultation = consultation_of(locked)
    wanted = locked.chosen or []
    audit_record(organization=consultation.component.space.organization, actor=acting_user,
                 action=ConsultationAction.MAILBOX_IMPORT_CONFIRM, obj=consultation,
                 changes={"messages": [None, len(wanted)]})
    return True


@transaction.atomic
def import_resume(*, acting_user: User, batch: IntakeBatch) -> bool:
    """Queue the rest of an interrupted registration; False when it is not interrupted."""
    locked = intake.batch_resume(batch=batch)
    if locked is None:
        return False
    consultation = consultation_of(locked)
    audit_record(organization=consultation.component.space.organization, actor=acting_user,
                 action=ConsultationAction.MAILBOX_IMPORT_RESUME, obj=consultation,
                 changes={"position": [locked.position, locked.total]})
    return True


def _valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return len(value) <= 254


def _original_file(item: mailbox.ParsedMessage, number_hint: int) -> SimpleUploadedFile | None:
    """The message as received, as a private file the attachments app accepts, or None.

    The attachments app checks content, not names, and has no e-mail type: the message is kept
    as UTF-8 text named ``….eml.csv`` (open it in a text editor, or rename it ``.eml`` for a
    mail program). Once the app accepts ``.eml``, that name is used.
    """
    data = mailbox.original_text(item)
    stem = f"message-{number_hint}"
    name = f"{stem}.eml" if ".eml" in accepted_extensions() else f"{stem}.eml.csv"
    try:
        inspect_upload(io.BytesIO(data), name=name, size=len(data), max_bytes=max_bytes())
    except ValidationError:
        return None
    return SimpleUploadedFile(name, data, content_type="text/plain")


def _register_one(batch: IntakeBatch, item: mailbox.ParsedMessage | None,
                  counts: dict[str, int]) -> None:
    """Register one chosen message (inside the caller's transaction) and count the outcome."""
    consultation = consultation_of(batch)
    if item is None:  # no longer in the files: cannot be registered from them
        counts["failed"] += 1
        return
    if Contribution.objects.filter(consultation=consultation,
                                   source_id=item.source_id[:300].strip()).exists():
        counts["duplicates"] += 1
        return
    body = item.body.strip() or item.subject.strip()
    if not body:
        counts["empty"] += 1
        return
    options = batch.options
    article = (Article.objects.filter(pk=options["article"],
                                      version__consultation=consultation).first()
               if options.get("article") else None)
    original = _original_file(item, consultation.next_number)
    try:
        with transaction.atomic():
            contribution = services.contribution_register_offline(
                acting_user=batch.created_by, consultation=consultation,
                channel=Channel.EMAIL, received_at=item.sent_at or timezone.now(),
                author_name=(item.sender_name or item.sender_email)[:200],
                author_email=item.sender_email if _valid_email(item.sender_email) else "",
                body=body, type=options["type"], publication=options["publication"],
                article=article, original_file=original, source_id=item.source_id,
            )
    except (ValidationError, PermissionDenied):
        # Registered meanwhile from another batch (another official): a duplicate.
        if Contribution.objects.filter(consultation=consultation,
                                       source_id=item.source_id[:300].strip()).exists():
            counts["duplicates"] += 1
        else:
            counts["failed"] += 1
        return
    counts["registered"] += 1
    counts["late"] += int(contribution.is_late)
    counts["no_original"] += int(original is None)
    counts["no_date"] += int(item.date_missing)


ADAPTER = MailboxContributions()
