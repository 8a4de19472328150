"""Mailbox imports: the uploaded files are kept in private storage, screened at once (cheap,
linear checks) and read in the background; the preview is kept on the batch, so no page
parses mail. Confirming records the chosen messages on the batch and queues their
registration, which re-reads the kept files in the background and advances the batch's
``position`` in the same transaction as each registration: an interrupted batch is resumed
where it stopped, and a message is never registered twice."""

from __future__ import annotations

import contextlib
import datetime
import io
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from participa.attachments.services import max_bytes
from participa.attachments.storage import attachment_storage
from participa.attachments.validation import accepted_extensions, inspect_upload
from participa.lib import mailbox
from participa.components.consultations.models import (
    Article,
    Channel,
    Consultation,
    Contribution,
    MailboxImport,
    MailboxImportState,
)
from participa.core.audit import audit_record
from participa.core.models import User

TMP_PREFIX = "tmp/mailbox"
ABANDONED_AFTER = datetime.timedelta(days=1)
# A registration that has not advanced for this long is taken as interrupted (the worker was
# stopped): staff may resume it. Resuming a run that was only slow is harmless.
STALLED_AFTER = datetime.timedelta(minutes=10)
COUNT_KEYS = ("registered", "duplicates", "empty", "failed", "late", "no_original", "no_date")


def _stored_names(batch: MailboxImport) -> list[str]:
    return [f"{TMP_PREFIX}/{batch.token}/{index}" for index in range(len(batch.names))]


def import_files(batch: MailboxImport) -> list[tuple[str, bytes]]:
    """The uploaded files of ``batch`` (OSError when they are gone)."""
    storage = attachment_storage()
    files = []
    for name, stored in zip(batch.names, _stored_names(batch), strict=True):
        with storage.open(stored, "rb") as handle:
            files.append((name, handle.read()))
    return files


def _remove_files(batch: MailboxImport) -> None:
    storage = attachment_storage()
    for name in _stored_names(batch):
        with contextlib.suppress(OSError):
            storage.delete(name)


@transaction.atomic
def import_discard(*, acting_user: User, batch: MailboxImport) -> None:
    """Cancel (or finish) a batch: its files are deleted, nothing else changes."""
    organization = batch.consultation.component.space.organization
    audit_record(organization=organization, actor=acting_user, action="mailbox_import.discard",
                 obj=batch.consultation, changes={"files": [len(batch.names), None]})
    MailboxImport.objects.filter(pk=batch.pk).delete()
    _remove_files(batch)


@transaction.atomic
def import_start(*, acting_user: User, consultation: Consultation,
                 files: list[tuple[str, bytes]]) -> MailboxImport:
    """Keep the uploads (any web node or worker can read them) and read them in the
    background. The person's earlier unfinished batch for this consultation is replaced."""
    for old in MailboxImport.objects.filter(consultation=consultation, created_by=acting_user):
        import_discard(acting_user=acting_user, batch=old)
    # Batches nobody confirmed nor cancelled for a day are dropped (their files too).
    cutoff = timezone.now() - ABANDONED_AFTER
    for stale in MailboxImport.objects.filter(uploaded_at__lt=cutoff).exclude(
            Q(state=MailboxImportState.REGISTERING) & Q(progressed_at__gte=cutoff)):
        _remove_files(stale)
        stale.delete()
    token = uuid.uuid4().hex
    storage = attachment_storage()
    for index, (_name, data) in enumerate(files):
        storage.save(f"{TMP_PREFIX}/{token}/{index}", ContentFile(data))
    batch = MailboxImport.objects.create(
        consultation=consultation, created_by=acting_user, token=token,
        names=[name for name, _data in files],
    )
    audit_record(organization=consultation.component.space.organization, actor=acting_user,
                 action="mailbox_import.upload", obj=consultation,
                 changes={"files": [None, len(files)]})
    from participa.components.consultations.tasks import parse_mailbox_import

    # The database queue commits the task with the batch; in-process it runs right away.
    parse_mailbox_import.enqueue(batch.pk)
    return batch


def import_messages(batch: MailboxImport) -> tuple[list[mailbox.ParsedMessage],
                                                    list[mailbox.MailboxError]]:
    return mailbox.parse_uploads(import_files(batch), fallback_time=batch.uploaded_at)


def _preview_row(item: mailbox.ParsedMessage) -> dict[str, Any]:
    return {
        "source_id": item.source_id, "sender_name": item.sender_name,
        "sender_email": item.sender_email, "subject": item.subject[:300],
        "sent_at": item.sent_at.isoformat() if item.sent_at else None,
        "date_missing": item.date_missing, "first_line": item.first_line,
        "empty": not (item.body.strip() or item.subject.strip()),
    }


def import_parse(*, import_id: int) -> str:
    """Read a batch (background task) and keep its preview; answers the new state."""
    batch = MailboxImport.objects.filter(pk=import_id).first()
    if batch is None:
        return "gone"
    try:
        found, errors = import_messages(batch)
    except (OSError, KeyError, ValueError):
        found, errors = [], [mailbox.MailboxError("unreadable", ", ".join(batch.names))]
    state = MailboxImportState.READY if found else MailboxImportState.FAILED
    MailboxImport.objects.filter(pk=batch.pk).update(
        state=state, preview=[_preview_row(item) for item in found],
        problems=[[error.code, error.name] for error in errors], parsed_at=timezone.now())
    return str(state)


def sent_at(row: dict[str, Any]) -> datetime.datetime | None:
    value = row.get("sent_at")
    return datetime.datetime.fromisoformat(value) if value else None


# --- registering ------------------------------------------------------------------------------

def is_interrupted(batch: MailboxImport, *, now: datetime.datetime | None = None) -> bool:
    """The registration stopped before the end (the task failed, or made no progress for
    ``STALLED_AFTER``): staff may resume it."""
    if batch.state == MailboxImportState.INTERRUPTED:
        return True
    if batch.state != MailboxImportState.REGISTERING:
        return False
    since = batch.progressed_at or batch.confirmed_at
    return since is not None and since < (now or timezone.now()) - STALLED_AFTER


def _queue_registration(batch: MailboxImport) -> None:
    from participa.components.consultations.tasks import register_mailbox_import

    # The database queue commits the task with the batch; in-process it runs right away.
    register_mailbox_import.enqueue(batch.pk)


@transaction.atomic
def import_confirm(*, acting_user: User, batch: MailboxImport, chosen: list[str] | None,
                   type: str, publication: str, article: Article | None) -> bool:
    """Record the messages to register (``None``: every message found) and queue their
    registration. Answers False when the batch was already confirmed (a double click, or
    another tab): nothing is recorded nor queued a second time."""
    locked = MailboxImport.objects.select_for_update().filter(pk=batch.pk).first()
    if locked is None or locked.state != MailboxImportState.READY:
        return False
    found = [row["source_id"] for row in locked.preview]
    ticked = set(chosen or [])
    wanted = found if chosen is None else [
        source_id for source_id in found if source_id in ticked]
    now = timezone.now()
    locked.chosen = wanted
    locked.left_out = len(found) - len(wanted)
    locked.options = {"type": type, "publication": publication,
                      "article": article.pk if article is not None else None}
    locked.position = 0
    locked.counts = dict.fromkeys(COUNT_KEYS, 0)
    locked.state = MailboxImportState.REGISTERING
    locked.confirmed_at = locked.progressed_at = now
    locked.save(update_fields=["chosen", "left_out", "options", "position", "counts",
                               "state", "confirmed_at", "progressed_at"])
    consultation = locked.consultation
    audit_record(organization=consultation.component.space.organization, actor=acting_user,
                 action="mailbox_import.confirm", obj=consultation,
                 changes={"messages": [None, len(wanted)]})
    _queue_registration(locked)
    return True


@transaction.atomic
def import_resume(*, acting_user: User, batch: MailboxImport) -> bool:
    """Queue the rest of an interrupted registration; False when it is not interrupted."""
    locked = MailboxImport.objects.select_for_update().filter(pk=batch.pk).first()
    if locked is None or not is_interrupted(locked):
        return False
    locked.state = MailboxImportState.REGISTERING
    locked.progressed_at = timezone.now()
    locked.save(update_fields=["state", "progressed_at"])
    consultation = locked.consultation
    audit_record(organization=consultation.component.space.organization, actor=acting_user,
                 action="mailbox_import.resume", obj=consultation,
                 changes={"position": [locked.position, locked.total]})
    _queue_registration(locked)
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


def _register_one(batch: MailboxImport, item: mailbox.ParsedMessage | None,
                  counts: dict[str, int]) -> None:
    """Register one chosen message (inside the caller's transaction) and count the outcome."""
    from participa.components.consultations.services import contributions as services

    consultation = batch.consultation
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


@transaction.atomic
def _files_gone(import_id: int) -> str:
    """The kept files cannot be read any more: what is left is counted as not registered."""
    locked = MailboxImport.objects.select_for_update().filter(pk=import_id).first()
    if locked is None:
        return "gone"
    if locked.state != MailboxImportState.REGISTERING:
        return str(locked.state)
    counts = {key: int(locked.counts.get(key, 0)) for key in COUNT_KEYS}
    counts["failed"] += locked.total - locked.position
    locked.counts = {**counts, "files_gone": 1}
    locked.position = locked.total
    locked.state = MailboxImportState.DONE
    locked.progressed_at = timezone.now()
    locked.save(update_fields=["counts", "position", "state", "progressed_at"])
    return str(locked.state)


def import_register(*, import_id: int) -> str:
    """Register the chosen messages of a confirmed batch (background task), from where it
    stopped; answers the final state. Each message is handled in its own transaction that
    locks the batch and advances ``position``, so two runs never handle a message twice."""
    batch = MailboxImport.objects.filter(pk=import_id).first()
    if batch is None or batch.state != MailboxImportState.REGISTERING:
        return "gone" if batch is None else str(batch.state)
    try:
        found, _errors = import_messages(batch)
    except (OSError, KeyError, ValueError):
        return _files_gone(import_id)
    by_id = {item.source_id: item for item in found}
    try:
        while True:
            with transaction.atomic():
                locked = (MailboxImport.objects.select_for_update(of=("self",))
                          .select_related("consultation__component__space__organization",
                                          "created_by")
                          .filter(pk=import_id).first())
                if locked is None:
                    return "gone"
                if locked.state != MailboxImportState.REGISTERING:
                    return str(locked.state)
                counts = {key: int(locked.counts.get(key, 0)) for key in COUNT_KEYS}
                if locked.position >= locked.total:
                    locked.state = MailboxImportState.DONE
                    locked.save(update_fields=["state"])
                    return str(locked.state)
                source_id = (locked.chosen or [])[locked.position]
                _register_one(locked, by_id.get(source_id), counts)
                locked.position += 1
                locked.counts = counts
                locked.progressed_at = timezone.now()
                locked.save(update_fields=["position", "counts", "progressed_at"])
    except Exception:
        # The message being registered was rolled back with its step; the batch shows as
        # interrupted and is resumed from that message.
        MailboxImport.objects.filter(pk=import_id, state=MailboxImportState.REGISTERING
                                     ).update(state=MailboxImportState.INTERRUPTED)
        raise
