"""Expenses recorded at the same moment (PostgreSQL): the money spent is their sum."""

from __future__ import annotations

import decimal

import pytest

from participa.core.models import User
from participa.testing import failures, refusals, run_together
from participa.tracking.models import TrackedItem
from participa.tracking.services import expense_add
from participa.tracking.tests.conftest import days

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_expenses_added_at_once_all_count_in_the_money_spent(item, official):
    amounts = [decimal.Decimal(f"{100 + n}.{n:02d}") for n in range(8)]

    def add(amount: decimal.Decimal):
        return expense_add(acting_user=User.objects.get(pk=official.pk),
                           item=TrackedItem.objects.get(pk=item.pk), amount=amount,
                           spent_on=days(0)).pk

    outcomes = run_together(*[(lambda amount=amount: add(amount)) for amount in amounts])
    assert failures(outcomes) == [] and refusals(outcomes) == []
    item.refresh_from_db()
    assert item.expenses.count() == 8
    assert item.spent == sum(amounts)
