"""An official closing the consultation as final while another schedules a debate: never a
final consultation with a debate whose minutes are missing (PostgreSQL)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from participa.components.consultations.models import Consultation, ConsultationState
from participa.components.consultations.services.answers import consultation_close_final
from participa.components.consultations.services.debates import debate_create
from participa.components.consultations.tests.conftest import make_consultation
from participa.components.meetings.models import Meeting
from participa.testing import failures, refusals, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_closing_and_scheduling_at_once_never_leave_a_debate_without_minutes(
        component, manager, second_official):
    consultation = make_consultation(component, slug="ended", announced=-60, opens=-45,
                                     closes=-2)
    outcomes = run_together(
        lambda: consultation_close_final(
            acting_user=manager, consultation=Consultation.objects.get(pk=consultation.pk)),
        lambda: debate_create(acting_user=second_official,
                              consultation=Consultation.objects.get(pk=consultation.pk),
                              starts_at=timezone.now() + datetime.timedelta(days=4),
                              place="Sala mare"),
    )

    assert failures(outcomes) == []
    assert len(refusals(outcomes)) == 1
    consultation.refresh_from_db()
    pending = Meeting.objects.filter(consultation=consultation,
                                    minutes_published_at__isnull=True).exists()
    assert not (consultation.state == ConsultationState.FINAL and pending)
    assert (consultation.state == ConsultationState.FINAL) != pending
