"""List pages run a fixed number of queries whatever the number of spaces (locked here)."""

from __future__ import annotations

import pytest

from participa.core.models import Area, Scope
from participa.spaces.models import SpaceMembership, Visibility
from participa.spaces.tests.conftest import make_space
from participa.testing import assert_constant_queries

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


def shown(response):
    return response.content.decode().count('<article class="card">')


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["anonymous", "resident", "official", "admin"])
def test_it_runs_as_many_queries_for_30_spaces_as_for_3(client_for, request, org, area, scope,
                                                        resident, who, path):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    add_spaces(org, 0, 3, area, scope, resident)
    few, many = assert_constant_queries(
        client, path, lambda: add_spaces(org, 3, 27, area, scope, resident))
    assert shown(many) > shown(few)


@pytest.mark.parametrize("path", ["/processes/", "/assemblies/"])
def test_the_filters_do_not_add_queries_per_space(client_for, org, area, scope, resident, path):
    client = client_for(resident)
    inner = Scope.objects.create(organization=org, code="inner", parent=scope,
                                 name={"en": "Inner"})
    Area.objects.create(organization=org, code="environment", name={"en": "Environment"})
    add_spaces(org, 0, 12, area, inner, resident)  # space 9 is an assembly in both
    state = "state=active&" if path == "/processes/" else ""
    few, many = assert_constant_queries(
        client, f"{path}?{state}area={area.pk}&scope={scope.pk}",
        lambda: add_spaces(org, 12, 30, area, inner, resident))
    assert shown(many) > shown(few) > 0
