"""Confirming a mailbox batch twice at once queues one registration, and two registration
runs at once register each message once (PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from participa.components.consultations.models import Contribution
from participa.components.consultations.services.mailbox_import import (
    import_confirm,
    import_register,
)
from participa.components.consultations.tests.test_mailbox import (
    NO_DATE,
    ROMANIAN,
    polish_latin2,
    upload,
)
from participa.intake import services as intake_services
from participa.intake.models import IntakeBatch as MailboxImport
from participa.testing import QueuedTasks

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"


def _in_parallel(*calls: Callable[[], Any]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(call())
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def _ready_batch(client_for: Any, manager: Any, consultation: Any) -> MailboxImport:
    upload(client_for(manager), consultation, **{"ro.eml": ROMANIAN, "pl.eml": polish_latin2(),
                                                "nodate.eml": NO_DATE})
    batch = MailboxImport.objects.get()
    assert batch.state == "ready"
    return batch


def test_two_confirmations_at_once_queue_one_registration(
        client_for: Any, manager: Any, consultation: Any, monkeypatch: Any) -> None:
    batch = _ready_batch(client_for, manager, consultation)
    queue = QueuedTasks(delay=0.3)
    monkeypatch.setattr(intake_services, "register_batch", queue)

    def confirm(chosen: list[str] | None) -> Callable[[], bool]:
        return lambda: import_confirm(acting_user=manager, batch=batch, chosen=chosen,
                                      type="proposal", publication="anonymous", article=None)

    results, errors = _in_parallel(confirm(None), confirm(["ro-1@mail.example.ro"]))
    assert errors == []
    assert sorted(results) == [False, True]
    assert queue.queued == [batch.pk]
    batch.refresh_from_db()
    assert batch.state == "registering" and batch.position == 0
    # One confirmation's choice, whole: every message, or only the Romanian one.
    assert (batch.chosen, batch.left_out) in [
        ([row["source_id"] for row in batch.preview], 0), (["ro-1@mail.example.ro"], 2)]


def test_two_registration_runs_at_once_register_each_message_once(
        client_for: Any, manager: Any, consultation: Any, monkeypatch: Any) -> None:
    batch = _ready_batch(client_for, manager, consultation)
    monkeypatch.setattr(intake_services, "register_batch", QueuedTasks(delay=0.3))
    assert import_confirm(acting_user=manager, batch=batch, chosen=None, type="proposal",
                          publication="anonymous", article=None)

    results, errors = _in_parallel(lambda: import_register(import_id=batch.pk),
                                   lambda: import_register(import_id=batch.pk))
    assert errors == []
    assert results == ["done", "done"]
    batch.refresh_from_db()
    assert (batch.position, batch.counts["registered"], batch.counts["duplicates"],
            batch.counts["failed"]) == (3, 3, 0, 0)
    source_ids = list(Contribution.objects.order_by("number")
                      .values_list("source_id", flat=True))
    assert len(source_ids) == len(set(source_ids)) == 3
    assert list(Contribution.objects.order_by("number").values_list("number", flat=True)) == [
        1, 2, 3]


def test_two_officials_registering_the_same_messages_at_once_register_each_once(
        client_for: Any, manager: Any, second_official: Any, consultation: Any,
        monkeypatch: Any) -> None:
    batches = []
    for person in (manager, second_official):
        upload(client_for(person), consultation, **{"ro.eml": ROMANIAN,
                                                    "pl.eml": polish_latin2(),
                                                    "nodate.eml": NO_DATE})
        batches.append(MailboxImport.objects.get(created_by=person))
    monkeypatch.setattr(intake_services, "register_batch", QueuedTasks(delay=0.3))
    # Both runs reach their first message together, each having seen it unregistered.
    from participa.components.consultations.services import contributions as services

    register = services.contribution_register_offline
    together = threading.Barrier(2)
    first_calls: set[int] = set()

    def at_once(**kwargs: Any) -> Any:
        if threading.get_ident() not in first_calls:
            first_calls.add(threading.get_ident())
            together.wait(timeout=30)
        return register(**kwargs)

    monkeypatch.setattr(services, "contribution_register_offline", at_once)
    for person, batch in zip((manager, second_official), batches, strict=True):
        assert import_confirm(acting_user=person, batch=batch, chosen=None, type="proposal",
                              publication="anonymous", article=None)

    results, errors = _in_parallel(*[
        (lambda pk=batch.pk: import_register(import_id=pk)) for batch in batches])
    assert errors == []
    assert results == ["done", "done"]
    counts = [MailboxImport.objects.get(pk=batch.pk).counts for batch in batches]
    # Each message once in the register; the other official's batch counts it as a duplicate.
    assert sum(count["registered"] for count in counts) == 3
    assert sum(count["duplicates"] for count in counts) == 3
    assert sum(count["failed"] for count in counts) == 0
    assert Contribution.objects.filter(consultation=consultation).count() == 3
