"""Twenty parallel "join" clicks on a group make one request to join, and no error page
(PostgreSQL)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from participa.conftest import login
from participa.core.models import AuditEntry, GroupMembership, UserGroup

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_parallel_joins_make_one_request(org: Any, resident: Any) -> None:
    group = UserGroup.objects.create(organization=org, name="Asociația Vecinilor",
                                     slug="vecini")
    clients = [login(resident) for _ in range(20)]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def join(client: Any) -> None:
        try:
            barrier.wait(timeout=30)
            statuses.append(client.post(f"/groups/{group.slug}/join/").status_code)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=join, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [302] * 20  # back to the group page, never a server error
    membership = GroupMembership.objects.get(group=group, user=resident)
    assert membership.status == GroupMembership.Status.REQUESTED
    assert AuditEntry.objects.filter(action="group.request_join").count() == 1
