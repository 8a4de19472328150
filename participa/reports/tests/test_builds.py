"""The background build state machine (shown on the synthesis report, its first user)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.components.consultations.models import Consultation, SynthesisReport
from participa.components.consultations.tests.conftest import (
    make_component,
    make_consultation,
    make_space,
)
from participa.core.models import Organization
from participa.reports.builds import (
    BuildAlreadyRunning,
    build_active,
    build_claim,
    build_done,
    build_fail,
    build_progress,
    build_queue,
)
from participa.reports.models import BuildState

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def consultation(org: Organization) -> Consultation:
    return make_consultation(make_component(make_space(org)))


def queue(consultation: Consultation) -> SynthesisReport:
    return build_queue(SynthesisReport, scope={"consultation": consultation}, stale_after=HOUR,
                       stale_error="lost", language="en")


def test_it_goes_from_queued_to_building_to_done_with_progress(
        consultation: Consultation) -> None:
    report = queue(consultation)
    assert (report.state, report.is_active) == (BuildState.QUEUED, True)
    assert build_claim(report, total=10) is True
    build_progress(report, 4)
    stored = SynthesisReport.objects.get(pk=report.pk)
    assert (stored.state, stored.progress, stored.total) == (BuildState.RUNNING, 4, 10)
    build_progress(report, 25)  # never past the total
    assert SynthesisReport.objects.get(pk=report.pk).progress == 10
    build_done(report, files={"csv": "x.csv"})
    stored = SynthesisReport.objects.get(pk=report.pk)
    assert (stored.state, stored.progress, stored.files, stored.is_active) == (
        BuildState.DONE, 10, {"csv": "x.csv"}, False)
    assert stored.finished_at is not None


def test_it_records_why_a_build_failed(consultation: Consultation) -> None:
    report = queue(consultation)
    build_claim(report, total=3)
    build_fail(report, ValueError("no data"))
    stored = SynthesisReport.objects.get(pk=report.pk)
    assert (stored.state, stored.error) == (BuildState.FAILED, "ValueError: no data")


def test_it_queues_one_build_at_a_time_per_scope(consultation: Consultation,
                                                 org: Organization) -> None:
    first = queue(consultation)
    with pytest.raises(BuildAlreadyRunning):
        queue(consultation)
    other = make_consultation(consultation.component, slug="other")
    assert queue(other).pk != first.pk  # another scope is not blocked
    build_claim(first, total=0)
    with pytest.raises(BuildAlreadyRunning):
        queue(consultation)  # running blocks as much as queued
    build_done(first)
    assert queue(consultation).state == BuildState.QUEUED


def test_the_database_refuses_a_second_active_build(consultation: Consultation) -> None:
    queue(consultation)
    with pytest.raises(IntegrityError), transaction.atomic():
        SynthesisReport.objects.create(consultation=consultation, language="en",
                                       state=BuildState.RUNNING)


def test_a_stale_build_no_longer_blocks(consultation: Consultation) -> None:
    lost = queue(consultation)
    SynthesisReport.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - 2 * HOUR, state=BuildState.RUNNING)
    assert build_active(SynthesisReport, scope={"consultation": consultation},
                        stale_after=HOUR) is None
    fresh = queue(consultation)
    lost.refresh_from_db()
    assert (lost.state, lost.error) == (BuildState.FAILED, "lost")
    assert build_active(SynthesisReport, scope={"consultation": consultation},
                        stale_after=HOUR) == fresh


def test_a_build_is_claimed_once(consultation: Consultation) -> None:
    report = queue(consultation)
    assert build_claim(report, total=1) is True
    again = SynthesisReport.objects.get(pk=report.pk)
    assert build_claim(again, total=1) is False
    assert again.state == BuildState.RUNNING


def test_progress_past_the_total_is_refused_by_the_database(consultation: Any) -> None:
    report = queue(consultation)
    build_claim(report, total=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        SynthesisReport.objects.filter(pk=report.pk).update(progress=3)
