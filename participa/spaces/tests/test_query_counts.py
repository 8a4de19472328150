"""List pages run a fixed number of queries whatever the number of spaces (locked here)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participa.core.models import Area, Scope
from participa.spaces.models import SpaceMembership, Visibility
from participa.spaces.tests.conftest import make_space

PAGES = ["/processes/", "/assemblies/", "/"]
STATES = ["active", "upcoming", "past", "set_by_hand"]


def add_spaces(org, start, count, area, scope, member):
    """Space 0 is an assembly, space 1 an open process: every list has rows from the start."""
    for number in range(start, start + count):
        kind = "assembly" if number % 3 == 0 else "process"
        space = make_space(
            org, f"space-{number:03d}", kind=kind, state=STATES[(number - 1) % len(STATES)],
            area=area if number % 2 else None, scope=scope if number % 4 == 1 else None,
            visibility=Visibility.MEMBERS if number % 5 == 4 else Visibility.PUBLIC,
        )
        if number % 5 == 4:
            SpaceMembership.objects.create(space=space, user=member)


def count_queries(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["anonymous", "resident", "official", "admin"])
def test_it_runs_as_many_queries_for_30_spaces_as_for_3(client_for, request, org, area, scope,
                                                        resident, who, path):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    add_spaces(org, 0, 3, area, scope, resident)
    client.get(path)  # warm the session and the caches
    few = count_queries(client, path)
    add_spaces(org, 3, 27, area, scope, resident)
    many = count_queries(client, path)
    assert many == few, f"{path} as {who}: {few} queries with 3 spaces, {many} with 30"


def test_the_filters_do_not_add_queries_per_space(client_for, org, area, scope, resident):
    client = client_for(resident)
    inner = Scope.objects.create(organization=org, code="inner", parent=scope,
                                 name={"en": "Inner"})
    Area.objects.create(organization=org, code="environment", name={"en": "Environment"})
    add_spaces(org, 0, 3, area, inner, resident)
    path = f"/processes/?state=active&area={area.pk}&scope={scope.pk}"
    few = count_queries(client, path)
    add_spaces(org, 3, 27, area, inner, resident)
    assert count_queries(client, path) == few
