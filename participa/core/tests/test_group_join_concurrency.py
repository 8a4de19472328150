"""Twenty parallel "join" clicks on a group make one request to join, and no error page
(PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from participa.conftest import login
from participa.core.models import AuditEntry, GroupMembership, UserGroup
from participa.testing import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_parallel_joins_make_one_request(org: Any, resident: Any) -> None:
    group = UserGroup.objects.create(organization=org, name="Asociația Vecinilor",
                                     slug="vecini")
    clients = [login(resident) for _ in range(20)]
    outcomes = run_together(*[
        (lambda client=client: client.post(f"/groups/{group.slug}/join/").status_code)
        for client in clients
    ])

    assert outcomes == [302] * 20  # back to the group page, never a server error
    membership = GroupMembership.objects.get(group=group, user=resident)
    assert membership.status == GroupMembership.Status.REQUESTED
    assert AuditEntry.objects.filter(action="group.request_join").count() == 1
