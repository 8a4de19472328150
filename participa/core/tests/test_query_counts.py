"""The public lists of groups and of a group's members run the same number of queries however
many rows they show."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from participa.conftest import make_user
from participa.core.models import GroupKind, GroupMembership, UserGroup
from participa.testing import assert_constant_queries

COUNTER = itertools.count()


def add_groups(org, count: int) -> None:
    """Groups of every kind, verified or not, each with an administrator and a member."""
    kinds = list(GroupKind)
    for index in range(count):
        number = next(COUNTER)
        group = UserGroup.objects.create(
            organization=org, name=f"Group {number}", slug=f"group-{number}",
            kind=kinds[index % len(kinds)], verified_at=timezone.now() if index % 2 else None)
        for role in GroupMembership.Role:
            GroupMembership.objects.create(group=group, user=make_user(org, f"m-{next(COUNTER)}"),
                                           role=role, status=GroupMembership.Status.ACCEPTED)


def add_members(group, count: int) -> None:
    """Accepted members and administrators, and requests to join (shown to administrators)."""
    for index in range(count):
        GroupMembership.objects.create(
            group=group, user=make_user(group.organization, f"member-{next(COUNTER)}"),
            role=GroupMembership.Role.ADMIN if index % 4 == 0 else GroupMembership.Role.MEMBER,
            status=(GroupMembership.Status.REQUESTED if index % 3 == 0
                    else GroupMembership.Status.ACCEPTED))


@pytest.mark.parametrize("query", ["", "?kind=ngo"])
def test_the_list_of_groups_runs_a_fixed_number_of_queries(client_for, org, resident, query):
    add_groups(org, 3)
    few, many = assert_constant_queries(client_for(resident), f"/groups/{query}",
                                        lambda: add_groups(org, 12))
    assert many.content.decode().count("Group ") > few.content.decode().count("Group ") > 0


@pytest.mark.parametrize("who", ["anonymous", "ngo_member"])
def test_a_groups_members_run_a_fixed_number_of_queries(client_for, request, ngo, ngo_member,
                                                        who):
    client = client_for(None if who == "anonymous" else request.getfixturevalue(who))
    add_members(ngo, 3)
    few, many = assert_constant_queries(client, f"/groups/{ngo.slug}/",
                                        lambda: add_members(ngo, 12))
    assert many.content.decode().count("Member-") > few.content.decode().count("Member-") > 0
