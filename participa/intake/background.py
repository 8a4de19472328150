"""The background steps of intake, run by its tasks (``participa.intake.tasks``): read an
uploaded batch for its preview, and register its chosen items. The services
(``participa.intake.services``) queue them; this module never imports the services, so the
tasks and the services form no cycle.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from participa.attachments.storage import attachment_storage
from participa.intake.adapters import adapter_for
from participa.intake.models import BatchState, IntakeBatch


def stored_names(batch: IntakeBatch) -> list[str]:
    folder = adapter_for(batch.kind).folder
    return [f"tmp/{folder}/{batch.token}/{index}" for index in range(len(batch.names))]



def batch_files(batch: IntakeBatch) -> list[tuple[str, bytes]]:
    """The uploaded files of ``batch`` (OSError when they are gone)."""
    storage = attachment_storage()
    files = []
    for name, stored in zip(batch.names, stored_names(batch), strict=True):
        with storage.open(stored, "rb") as handle:
            files.append((name, handle.read()))
    return files



def batch_items(batch: IntakeBatch) -> tuple[list[Any], list[tuple[str, str]]]:
    """The items of the batch's files, read by its adapter (OSError when they are gone)."""
    return adapter_for(batch.kind).read(batch_files(batch), fallback_time=batch.uploaded_at)



def batch_parse(*, batch_id: int) -> str:
    """Read a batch (background task) and keep its preview; answers the new state."""
    batch = IntakeBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return "gone"
    adapter = adapter_for(batch.kind)
    try:
        found, problems = batch_items(batch)
    except (OSError, KeyError, ValueError):
        found, problems = [], [("unreadable", ", ".join(batch.names))]
    state = BatchState.READY if found else BatchState.FAILED
    IntakeBatch.objects.filter(pk=batch.pk).update(
        state=state, preview=[adapter.preview_row(item) for item in found],
        problems=[[code, name] for code, name in problems], parsed_at=timezone.now())
    return str(state)



def _counts(batch: IntakeBatch) -> dict[str, int]:
    keys = adapter_for(batch.kind).count_keys
    return {key: int(batch.counts.get(key, 0)) for key in keys}



@transaction.atomic
def _files_gone(batch_id: int) -> str:
    """The kept files cannot be read any more: what is left is counted as not registered."""
    locked = IntakeBatch.objects.select_for_update().filter(pk=batch_id).first()
    if locked is None:
        return "gone"
    if locked.state != BatchState.REGISTERING:
        return str(locked.state)
    counts = _counts(locked)
    counts["failed"] += locked.total - locked.position
    locked.counts = {**counts, "files_gone": 1}
    locked.position = locked.total
    locked.state = BatchState.DONE
    locked.progressed_at = timezone.now()
    locked.save(update_fields=["counts", "position", "state", "progressed_at"])
    return str(locked.state)



def batch_register(*, batch_id: int) -> str:
    """Register the chosen items of a confirmed batch (background task), from where it
    stopped; answers the final state. Each item is handled in its own transaction that locks
    the batch and advances ``position``, so two runs never handle an item twice."""
    batch = IntakeBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.state != BatchState.REGISTERING:
        return "gone" if batch is None else str(batch.state)
    adapter = adapter_for(batch.kind)
    try:
        found, _problems = batch_items(batch)
    except (OSError, KeyError, ValueError):
        return _files_gone(batch_id)
    by_id = {adapter.item_id(item): item for item in found}
    try:
        while True:
            with transaction.atomic():
                locked = (IntakeBatch.objects.select_for_update(of=("self",))
                          .select_related("created_by")
                          .filter(pk=batch_id).first())
                if locked is None:
                    return "gone"
                if locked.state != BatchState.REGISTERING:
                    return str(locked.state)
                counts = _counts(locked)
                if locked.position >= locked.total:
                    locked.state = BatchState.DONE
                    locked.save(update_fields=["state"])
                    return str(locked.state)
                source_id = (locked.chosen or [])[locked.position]
                adapter.register(locked, by_id.get(source_id), counts)
                locked.position += 1
                locked.counts = counts
                locked.progressed_at = timezone.now()
                locked.save(update_fields=["position", "counts", "progressed_at"])
    except Exception:
        # The item being registered was rolled back with its step; the batch shows as
        # interrupted and is resumed from that item.
        IntakeBatch.objects.filter(pk=batch_id, state=BatchState.REGISTERING
                                   ).update(state=BatchState.INTERRUPTED)
        raise
