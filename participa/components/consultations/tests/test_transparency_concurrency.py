"""Two requests for the same transparency report at once queue one build (PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from participa.components.consultations.models import TransparencyReport
from participa.components.consultations.services import transparency as services
from participa.core.models import Organization, User
from participa.reports.models import BuildState
from participa.testing import QueuedTasks, failures, refusals, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_parallel_requests_queue_exactly_one_build(org: Organization, admin: User,
                                                      official: User,
                                                      monkeypatch: Any) -> None:
    queue = QueuedTasks()
    monkeypatch.setattr(services, "build_transparency_report", queue)
    outcomes = run_together(*[
        (lambda user=user: services.transparency_report_request(
            acting_user=user, organization=org, year=2025, language="en"))
        for user in (admin, official)
    ])
    made = [outcome for outcome in outcomes if isinstance(outcome, TransparencyReport)]
    refused = refusals(outcomes)

    assert failures(outcomes) == []
    assert len(made) == 1
    assert len(refused) == 1 and "already being built" in str(refused[0])
    assert queue.queued == [made[0].pk]
    assert list(TransparencyReport.objects.filter(organization=org)
                .values_list("state", flat=True)) == [BuildState.QUEUED]
