"""Intake batches: the uploaded files are kept in private storage and read in the background;
the preview is kept on the batch, so no page reads a file. Confirming records the chosen items
on the batch and queues their registration, which re-reads the kept files in the background
and advances the batch's ``position`` in the same transaction as each registration: an
interrupted batch is resumed where it stopped, and an item is never registered twice.

The component's service that calls these functions records the audit entry in the same
transaction (it knows what the batch is for); the adapter (``participa.intake.adapters``)
does the component's part of reading and registering.
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from participa.attachments.storage import attachment_storage
from participa.core.models import User
from participa.intake.adapters import IntakeAdapter, adapter_for
from participa.intake.background import batch_files as batch_files
from participa.intake.background import batch_items as batch_items
from participa.intake.background import batch_parse as batch_parse
from participa.intake.background import batch_register as batch_register
from participa.intake.background import stored_names
from participa.intake.models import BatchState, IntakeBatch
from participa.intake.tasks import parse_batch, register_batch

ABANDONED_AFTER = datetime.timedelta(days=1)
# A registration that has not advanced for this long is taken as interrupted (the worker was
# stopped): staff may resume it. Resuming a run that was only slow is harmless.
STALLED_AFTER = datetime.timedelta(minutes=10)


def batches_for(target: models.Model) -> models.QuerySet[IntakeBatch]:
    return IntakeBatch.objects.filter(target_type=ContentType.objects.get_for_model(target),
                                      target_id=target.pk)


def _remove_files(batch: IntakeBatch) -> None:
    storage = attachment_storage()
    for name in stored_names(batch):
        with contextlib.suppress(OSError):
            storage.delete(name)


@transaction.atomic
def batch_discard(*, batch: IntakeBatch) -> None:
    """Cancel (or finish) a batch: its files are deleted, nothing else changes."""
    IntakeBatch.objects.filter(pk=batch.pk).delete()
    _remove_files(batch)


@transaction.atomic
def batch_start(*, acting_user: User, adapter: IntakeAdapter, target: models.Model,
                files: list[tuple[str, bytes]]) -> IntakeBatch:
    """Keep the uploads (any web node or worker can read them) and read them in the
    background. The person's earlier unfinished batch of this kind for ``target`` is
    replaced; batches nobody confirmed nor cancelled for a day are dropped (their files
    too)."""
    for old in batches_for(target).filter(kind=adapter.kind, created_by=acting_user):
        batch_discard(batch=old)
    cutoff = timezone.now() - ABANDONED_AFTER
    for stale in IntakeBatch.objects.filter(uploaded_at__lt=cutoff).exclude(
            Q(state=BatchState.REGISTERING) & Q(progressed_at__gte=cutoff)):
        _remove_files(stale)
        stale.delete()
    token = uuid.uuid4().hex
    storage = attachment_storage()
    for index, (_name, data) in enumerate(files):
        storage.save(f"tmp/{adapter.folder}/{token}/{index}", ContentFile(data))
    batch = IntakeBatch.objects.create(
        kind=adapter.kind, target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk, created_by=acting_user, token=token,
        names=[name for name, _data in files],
    )

    # The database queue commits the task with the batch; in-process it runs right away.
    parse_batch.enqueue(batch.pk)
    return batch


# --- registering ------------------------------------------------------------------------------

def is_interrupted(batch: IntakeBatch, *, now: datetime.datetime | None = None) -> bool:
    """The registration stopped before the end (the task failed, or made no progress for
    ``STALLED_AFTER``): staff may resume it."""
    if batch.state == BatchState.INTERRUPTED:
        return True
    if batch.state != BatchState.REGISTERING:
        return False
    since = batch.progressed_at or batch.confirmed_at
    return since is not None and since < (now or timezone.now()) - STALLED_AFTER


def _queue_registration(batch: IntakeBatch) -> None:
    # The database queue commits the task with the batch; in-process it runs right away.
    register_batch.enqueue(batch.pk)


@transaction.atomic
def batch_confirm(*, batch: IntakeBatch, chosen: list[str] | None,
                  options: dict[str, Any]) -> IntakeBatch | None:
    """Record the items to register (``None``: every item found) and the adapter's
    ``options``, and queue their registration. Answers None when the batch was already
    confirmed (a double click, or another tab): nothing is recorded nor queued a second
    time."""
    locked = IntakeBatch.objects.select_for_update().filter(pk=batch.pk).first()
    if locked is None or locked.state != BatchState.READY:
        return None
    found = [row["source_id"] for row in locked.preview]
    ticked = set(chosen or [])
    wanted = found if chosen is None else [
        source_id for source_id in found if source_id in ticked]
    now = timezone.now()
    locked.chosen = wanted
    locked.left_out = len(found) - len(wanted)
    locked.options = options
    locked.position = 0
    locked.counts = dict.fromkeys(adapter_for(locked.kind).count_keys, 0)
    locked.state = BatchState.REGISTERING
    locked.confirmed_at = locked.progressed_at = now
    locked.save(update_fields=["chosen", "left_out", "options", "position", "counts",
                               "state", "confirmed_at", "progressed_at"])
    _queue_registration(locked)
    return locked


@transaction.atomic
def batch_resume(*, batch: IntakeBatch) -> IntakeBatch | None:
    """Queue the rest of an interrupted registration; None when it is not interrupted."""
    locked = IntakeBatch.objects.select_for_update().filter(pk=batch.pk).first()
    if locked is None or not is_interrupted(locked):
        return None
    locked.state = BatchState.REGISTERING
    locked.progressed_at = timezone.now()
    locked.save(update_fields=["state", "progressed_at"])
    _queue_registration(locked)
    return locked


