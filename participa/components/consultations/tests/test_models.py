"""Database constraints that the law depends on."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from participa.components.consultations.models import Answer, Outcome
from participa.components.consultations.tests.conftest import make_contribution

pytestmark = pytest.mark.django_db


def test_registration_numbers_are_unique_per_consultation(consultation, resident):
    make_contribution(consultation, author=resident, number=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_contribution(consultation, author=resident, number=7)


def test_a_rejection_needs_a_justification(consultation, resident, manager):
    contribution = make_contribution(consultation, author=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(consultation=consultation, contribution=contribution,
                              outcome=Outcome.REJECTED, justification="", drafted_by=manager)
    Answer.objects.create(consultation=consultation, contribution=contribution,
                          outcome=Outcome.ACCEPTED, justification="", drafted_by=manager)


def test_the_drafter_cannot_review_their_own_answer(consultation, resident, manager):
    contribution = make_contribution(consultation, author=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(consultation=consultation, contribution=contribution,
                              outcome=Outcome.ACCEPTED, drafted_by=manager, reviewed_by=manager,
                              state="approved")


def test_online_contributions_are_never_late(consultation, resident):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_contribution(consultation, author=resident, is_late=True)
