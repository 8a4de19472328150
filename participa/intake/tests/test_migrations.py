"""The move of the consultations' mailbox imports into intake, on a database holding data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

Targets = list[tuple[str, str | None]]
BEFORE: Targets = [("consultations", "0010_mailbox_import_registration_progress"),
                   ("intake", None)]
AFTER: Targets = [("consultations", "0014_mailbox_import_to_intake"),
                  ("intake", "0002_generic_target")]


def migrate(targets: Sequence[tuple[str, str | None]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    nodes = [(app, name) for app, name in targets if name is not None]
    return executor.loader.project_state(nodes).apps


@pytest.mark.django_db(transaction=True)
def test_a_pending_batch_keeps_its_consultation_as_target(org: Any, official: Any) -> None:
    from participa.components.consultations.tests.conftest import (
        make_component,
        make_consultation,
        make_space,
    )

    consultation = make_consultation(make_component(make_space(org)))
    try:
        old = migrate(BEFORE)
        old.get_model("consultations", "MailboxImport").objects.create(
            consultation_id=consultation.pk, created_by_id=official.pk, token="a" * 32,
            names=["ro.eml"], state="registering", chosen=["ro-1@x"], confirmed_at=timezone.now(),
            position=0, counts={"registered": 0})
        new = migrate(AFTER)
        batch = new.get_model("intake", "IntakeBatch").objects.get()
        content_type = new.get_model("contenttypes", "ContentType").objects.get(
            pk=batch.target_type_id)
        assert (content_type.app_label, content_type.model, batch.target_id, batch.kind) == (
            "consultations", "consultation", consultation.pk, "consultations.mailbox")
        assert (batch.token, batch.names, batch.state, batch.chosen, batch.counts) == (
            "a" * 32, ["ro.eml"], "registering", ["ro-1@x"], {"registered": 0})
        assert "intake_intakebatch" in connection.introspection.table_names()
        assert "consultations_mailboximport" not in connection.introspection.table_names()
        # And back: the batch returns to its consultation.
        old = migrate(BEFORE)
        restored = old.get_model("consultations", "MailboxImport").objects.get()
        assert (restored.consultation_id, restored.token) == (consultation.pk, "a" * 32)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
