"""Intake with an adapter of its own (letters typed one per line, registered as nothing but a
list): upload, preview, confirm, register resumably, discard. The consultation's adapter is
tested with its pages in ``consultations/tests/test_mailbox.py``."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from participa.core.models import Organization, User
from participa.intake import services
from participa.intake.adapters import register_adapter
from participa.intake.models import BatchState, IntakeBatch

pytestmark = pytest.mark.django_db


class Letters:
    """Each non-empty line of a file is a letter; "FAIL" fails once when registered."""

    kind = "tests.letters"
    folder = "letters"
    count_keys: Sequence[str] = ("registered", "failed")

    def __init__(self) -> None:
        self.registered: list[str] = []
        self.fail_once = True

    def read(self, files: list[tuple[str, bytes]], *, fallback_time: datetime.datetime
             ) -> tuple[list[str], list[tuple[str, str]]]:
        items, problems = [], []
        for name, data in files:
            lines = [line for line in data.decode().splitlines() if line.strip()]
            if not lines:
                problems.append(("empty", name))
            items.extend(lines)
        return items, problems

    def item_id(self, item: str) -> str:
        return item

    def preview_row(self, item: str) -> dict[str, Any]:
        return {"source_id": item, "first_line": item[:10]}

    def register(self, batch: IntakeBatch, item: str | None, counts: dict[str, int]) -> None:
        if item == "FAIL" and self.fail_once:
            self.fail_once = False
            raise RuntimeError("the worker stopped")
        if item is None:
            counts["failed"] += 1
            return
        self.registered.append(item)
        counts["registered"] += 1


@pytest.fixture
def letters(settings: Any, tmp_path: Path) -> Iterator[Letters]:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    adapter = Letters()
    register_adapter(adapter.kind, adapter)
    yield adapter


def start(user: User, target: Organization, adapter: Letters, **files: bytes) -> IntakeBatch:
    batch = services.batch_start(acting_user=user, adapter=adapter, target=target,
                                 files=list(files.items()))
    batch.refresh_from_db()
    return batch


def test_it_reads_in_the_background_and_keeps_a_preview(letters: Letters, org: Organization,
                                                        official: User) -> None:
    batch = start(official, org, letters, **{"a.txt": b"one\ntwo\n", "b.txt": b"\n"})
    assert batch.state == BatchState.READY  # the in-process queue ran the reading
    assert batch.preview == [{"source_id": "one", "first_line": "one"},
                             {"source_id": "two", "first_line": "two"}]
    assert batch.problems == [["empty", "b.txt"]]
    assert batch.target == org
    assert list(services.batches_for(org)) == [batch]


def test_it_registers_the_chosen_items_once(letters: Letters, org: Organization,
                                           official: User) -> None:
    batch = start(official, org, letters, **{"a.txt": b"one\ntwo\nthree\n"})
    confirmed = services.batch_confirm(batch=batch, chosen=["one", "three"], options={"x": 1})
    assert confirmed is not None
    batch.refresh_from_db()
    assert (batch.state, batch.position, batch.left_out, batch.options) == (
        BatchState.DONE, 2, 1, {"x": 1})
    assert batch.counts == {"registered": 2, "failed": 0}
    assert letters.registered == ["one", "three"]
    # A second confirmation (a double click) registers nothing more.
    assert services.batch_confirm(batch=batch, chosen=None, options={}) is None
    assert letters.registered == ["one", "three"]


def test_an_interrupted_batch_resumes_where_it_stopped(letters: Letters, org: Organization,
                                                      official: User) -> None:
    batch = start(official, org, letters, **{"a.txt": b"one\nFAIL\nthree\n"})
    services.batch_confirm(batch=batch, chosen=None, options={})  # the task fails on "FAIL"
    batch.refresh_from_db()
    assert (batch.state, batch.position) == (BatchState.INTERRUPTED, 1)
    assert services.is_interrupted(batch)
    assert services.batch_resume(batch=batch) is not None
    batch.refresh_from_db()
    assert (batch.state, batch.position) == (BatchState.DONE, 3)
    assert letters.registered == ["one", "FAIL", "three"]


def test_a_slow_registration_counts_as_interrupted_after_a_while(
        letters: Letters, org: Organization, official: User) -> None:
    batch = start(official, org, letters, **{"a.txt": b"one\n"})
    batch.state = BatchState.REGISTERING
    now = datetime.datetime.now(datetime.UTC)
    batch.progressed_at = now - services.STALLED_AFTER + datetime.timedelta(seconds=5)
    assert not services.is_interrupted(batch, now=now)
    batch.progressed_at = now - services.STALLED_AFTER - datetime.timedelta(seconds=5)
    assert services.is_interrupted(batch, now=now)


def test_discarding_removes_the_batch_and_its_files(letters: Letters, org: Organization,
                                                   official: User, settings: Any) -> None:
    batch = start(official, org, letters, **{"a.txt": b"one\n"})
    folder = Path(settings.ATTACHMENT_ROOT) / "tmp" / "letters" / batch.token
    assert [path.name for path in folder.iterdir()] == ["0"]
    services.batch_discard(batch=batch)
    assert not IntakeBatch.objects.exists()
    assert list(folder.iterdir()) == []


def test_files_gone_count_what_is_left_as_failed(letters: Letters, org: Organization,
                                                official: User, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    batch = start(official, org, letters, **{"a.txt": b"one\ntwo\n"})
    services.batch_parse(batch_id=batch.pk)
    services.batch_confirm(batch=batch, chosen=None, options={})
    for path in (Path(settings.ATTACHMENT_ROOT) / "tmp" / "letters" / batch.token).iterdir():
        path.unlink()
    assert services.batch_register(batch_id=batch.pk) == BatchState.DONE
    batch.refresh_from_db()
    assert batch.counts == {"registered": 0, "failed": 2, "files_gone": 1}


def test_the_consultations_adapter_is_found_by_its_kind() -> None:
    from participa.intake.adapters import adapter_for

    adapter = adapter_for("consultations.mailbox")
    assert (adapter.kind, adapter.folder) == ("consultations.mailbox", "mailbox")
    with pytest.raises(LookupError):
        adapter_for("nobody.knows")
