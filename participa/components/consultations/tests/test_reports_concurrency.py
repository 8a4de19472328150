"""Two synthesis-report builds requested at once queue one build (PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from participa.components.consultations.models import ReportState, SynthesisReport
from participa.components.consultations.services import reports as report_services
from participa.components.consultations.services.reports import report_request
from participa.testing import QueuedTasks, failures, refusals, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_parallel_requests_queue_exactly_one_build(consultation: Any, manager: Any,
                                                      second_official: Any,
                                                      monkeypatch: Any) -> None:
    queue = QueuedTasks()
    monkeypatch.setattr(report_services, "build_synthesis_report", queue)
    outcomes = run_together(*[
        (lambda user=user: report_request(acting_user=user, consultation=consultation,
                                          final=False))
        for user in (manager, second_official)
    ])
    made = [outcome for outcome in outcomes if isinstance(outcome, SynthesisReport)]
    refused = refusals(outcomes)

    assert failures(outcomes) == []
    assert len(made) == 1
    assert len(refused) == 1 and "already being built" in str(refused[0])
    assert queue.queued == [made[0].pk]
    assert list(SynthesisReport.objects.filter(consultation=consultation)
                .values_list("state", flat=True)) == [ReportState.QUEUED]
