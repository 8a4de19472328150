"""Mailbox imports: the uploaded files are kept in private storage, screened at once (cheap,
linear checks) and read in the background; the preview is kept on the batch, so no page
parses mail. Registering re-reads the kept files and skips what is already registered, so an
interrupted batch is resumed by confirming it again."""

from __future__ import annotations

import contextlib
import datetime
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from participa.attachments.storage import attachment_storage
from participa.components.consultations import mailbox
from participa.components.consultations.models import (
    Consultation,
    MailboxImport,
    MailboxImportState,
)
from participa.core.audit import audit_record
from participa.core.models import User

TMP_PREFIX = "tmp/mailbox"
ABANDONED_AFTER = datetime.timedelta(days=1)


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
    for stale in MailboxImport.objects.filter(uploaded_at__lt=timezone.now() - ABANDONED_AFTER):
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
