"""Accounts under concurrent requests on PostgreSQL: one acceptance per version, and a
group's verification that no parallel edit can keep alive after a rename."""

from __future__ import annotations

import pytest

from participa.core import org_services, services
from participa.core.models import TermsAcceptance, UserGroup
from participa.testing import failures, refusals, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VALUES = {"name": "Asociația Test", "slug": "asociatia-test", "kind": "ngo",
          "description": "", "website": "", "registration_number": ""}


def test_a_double_submission_records_one_acceptance(resident, org):
    outcomes = run_together(*[
        lambda: services.user_accept_terms(acting_user=resident, user=resident,
                                           organization=org, version=org.terms_version)
        for _ in range(6)
    ])
    assert failures(outcomes) == refusals(outcomes) == []
    assert TermsAcceptance.objects.filter(user=resident, version=org.terms_version).count() == 1


def test_a_parallel_edit_from_a_stale_page_does_not_keep_the_badge_after_a_rename(
        ngo, ngo_member, admin):
    org_services.group_verify(group=ngo, acting_user=admin)
    stale_a = UserGroup.objects.get(pk=ngo.pk)  # both administrators opened the edit page
    stale_b = UserGroup.objects.get(pk=ngo.pk)
    outcomes = run_together(
        lambda: services.group_update(acting_user=ngo_member, group=stale_a, values={
            **VALUES, "name": "Primăria Test Comunicat oficial", "kind": "authority"}),
        lambda: services.group_update(acting_user=ngo_member, group=stale_b, values={
            **VALUES, "description": "We look after the park."}),
    )
    assert failures(outcomes) == refusals(outcomes) == []
    ngo.refresh_from_db()
    # Whichever came last, the row was renamed at some point after its verification.
    assert ngo.verified_at is None and not ngo.is_verified
