"""Two synthesis-report builds requested at once queue one build (PostgreSQL)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from participa.components.consultations import tasks
from participa.components.consultations.models import ReportState, SynthesisReport
from participa.components.consultations.services.reports import report_request

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class _Queue:
    """Stands for the task queue: records the builds queued, runs none."""

    def __init__(self) -> None:
        self.queued: list[int] = []

    def enqueue(self, report_id: int) -> None:
        self.queued.append(report_id)


def test_two_parallel_requests_queue_exactly_one_build(consultation: Any, manager: Any,
                                                      second_official: Any,
                                                      monkeypatch: Any) -> None:
    queue = _Queue()
    monkeypatch.setattr(tasks, "build_synthesis_report", queue)
    barrier = threading.Barrier(2)
    made: list[SynthesisReport] = []
    refusals: list[ValidationError] = []
    errors: list[BaseException] = []

    def request(user: Any) -> None:
        try:
            barrier.wait(timeout=30)
            made.append(report_request(acting_user=user, consultation=consultation,
                                       final=False))
        except ValidationError as refusal:
            refusals.append(refusal)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(user,))
               for user in (manager, second_official)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(made) == 1
    assert len(refusals) == 1 and "already being built" in str(refusals[0])
    assert queue.queued == [made[0].pk]
    assert list(SynthesisReport.objects.filter(consultation=consultation)
                .values_list("state", flat=True)) == [ReportState.QUEUED]
