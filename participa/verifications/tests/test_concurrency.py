"""The same CNP typed by several accounts at the same moment verifies exactly one of them;
the others get the clear refusal, never a server error (PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from participa.conftest import make_user
from participa.core.models import AuditEntry
from participa.testing import failures, refusals, run_together
from participa.verifications import services
from participa.verifications.models import Authorization, Status
from participa.verifications.tests.conftest import VALID_CNP, enable

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_cnp_typed_by_eight_accounts_at_once_verifies_one(org: Any, other_org: Any) -> None:
    enable(org)
    enable(other_org)
    people = [make_user(org, f"person_{number}") for number in range(8)]
    elsewhere = make_user(other_org, "person_elsewhere")

    def verify(user: Any, organization: Any) -> Any:
        return lambda: services.verification_id_number(
            organization=organization, acting_user=user, kind="ro_cnp", number=VALID_CNP)

    outcomes = run_together(*[verify(user, org) for user in people],
                            verify(elsewhere, other_org))

    assert failures(outcomes) == []
    assert len(refusals(outcomes)) == 7
    assert {error.code for error in refusals(outcomes)} == {"identifier_taken"}
    granted = Authorization.objects.filter(status=Status.GRANTED)
    assert granted.filter(organization=org).count() == 1
    assert granted.filter(organization=other_org, user=elsewhere).count() == 1
    assert AuditEntry.objects.filter(action="verification.grant").count() == 2


def test_one_account_clicking_twice_at_once_gets_one_verification(org: Any,
                                                                  resident: Any) -> None:
    enable(org)
    outcomes = run_together(*[
        (lambda: services.verification_id_number(organization=org, acting_user=resident,
                                                 kind="ro_cnp", number=VALID_CNP))
        for _ in range(4)])
    assert failures(outcomes) == []
    assert {error.code for error in refusals(outcomes)} == {"already_verified"}
    assert len(refusals(outcomes)) == 3
    assert Authorization.objects.filter(user=resident, status=Status.GRANTED).count() == 1
