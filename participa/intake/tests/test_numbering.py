"""Register numbers: consecutive, never twice, never a gap when a registration fails."""

from __future__ import annotations

import pytest
from django.db import transaction

from participa.components.consultations.models import Consultation
from participa.components.consultations.tests.conftest import (
    make_component,
    make_consultation,
    make_space,
)
from participa.core.models import Organization
from participa.intake.numbering import take_number
from participa.testing import failures, run_together


@pytest.fixture
def consultation(org: Organization) -> Consultation:
    return make_consultation(make_component(make_space(org)))


@pytest.mark.django_db
def test_it_hands_out_consecutive_numbers(consultation: Consultation) -> None:
    with transaction.atomic():
        numbers = [take_number(Consultation, consultation.pk) for _ in range(3)]
    assert numbers == [1, 2, 3]
    consultation.refresh_from_db()
    assert consultation.next_number == 4


@pytest.mark.django_db
def test_a_failed_registration_leaves_no_gap(consultation: Consultation) -> None:
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert take_number(Consultation, consultation.pk) == 1
        1 / 0  # the registration fails after taking its number
    with transaction.atomic():
        assert take_number(Consultation, consultation.pk) == 1


@pytest.mark.django_db(transaction=True)  # no test transaction around it
def test_it_refuses_to_run_outside_a_transaction(consultation: Consultation) -> None:
    with pytest.raises(RuntimeError):
        take_number(Consultation, consultation.pk)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_numbers_without_gaps(
        consultation: Consultation) -> None:
    def register() -> int:
        with transaction.atomic():
            return take_number(Consultation, consultation.pk)

    outcomes = run_together(*([register] * 6))
    assert failures(outcomes) == []
    assert sorted(outcomes) == [1, 2, 3, 4, 5, 6]
    consultation.refresh_from_db()
    assert consultation.next_number == 7
