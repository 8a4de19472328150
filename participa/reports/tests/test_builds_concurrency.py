"""Racing requests and workers on PostgreSQL: one build queued, one worker building it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from participa.components.consultations.models import Consultation, SynthesisReport
from participa.components.consultations.tests.conftest import (
    make_component,
    make_consultation,
    make_space,
)
from participa.core.models import Organization
from participa.reports.builds import BuildAlreadyRunning, build_claim, build_queue
from participa.reports.models import BuildState
from participa.testing import failures, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def consultation(org: Organization) -> Consultation:
    return make_consultation(make_component(make_space(org)))


def test_racing_requests_queue_exactly_one_build(consultation: Consultation) -> None:
    outcomes = run_together(*[
        (lambda: build_queue(SynthesisReport, scope={"consultation": consultation},
                             stale_after=HOUR, stale_error="lost", language="en"))
        for _ in range(4)])
    assert failures([o for o in outcomes if not isinstance(o, BuildAlreadyRunning)]) == []
    made = [outcome for outcome in outcomes if isinstance(outcome, SynthesisReport)]
    assert len(made) == 1
    assert sum(isinstance(outcome, BuildAlreadyRunning) for outcome in outcomes) == 3
    assert SynthesisReport.objects.filter(consultation=consultation).count() == 1


def test_racing_workers_claim_a_build_once(consultation: Consultation) -> None:
    report = build_queue(SynthesisReport, scope={"consultation": consultation},
                         stale_after=HOUR, stale_error="lost", language="en")
    outcomes = run_together(*[
        (lambda: build_claim(SynthesisReport.objects.get(pk=report.pk), total=5))
        for _ in range(4)])
    assert sorted(outcomes) == [False, False, False, True]
    report.refresh_from_db()
    assert (report.state, report.total) == (BuildState.RUNNING, 5)


def test_racing_open_data_rebuilds_queue_one(org: Organization, settings: Any) -> None:
    from django.core.exceptions import ValidationError

    from participa.opendata.models import OpenDataRun
    from participa.opendata.queue import open_data_request

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    outcomes = run_together(*[(lambda: open_data_request(organization=org))
                              for _ in range(4)])
    assert failures(outcomes) == []
    assert sum(isinstance(outcome, OpenDataRun) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 3
    assert OpenDataRun.objects.filter(organization=org).count() == 1
