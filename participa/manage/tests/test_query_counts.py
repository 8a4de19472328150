"""Every list of the back office's organization and space screens runs the same number of
queries however many rows it shows (the list of spaces: ``test_spaces.py``)."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from participa.conftest import make_user
from participa.core.actions import AuditAction
from participa.core.models import (
    Area,
    AuditEntry,
    GroupKind,
    GroupMembership,
    Organization,
    Role,
    RoleKind,
    Scope,
    UserGroup,
)
from participa.spaces.models import Component, Phase, Space, SpaceMembership
from participa.testing import assert_constant_queries

pytestmark = pytest.mark.django_db
COUNTER = itertools.count()


def add_scopes(org: Organization, count: int) -> None:
    parent = None
    for _ in range(count):
        number = next(COUNTER)
        parent = Scope.objects.create(organization=org, code=f"scope-{number}",
                                      name={"en": f"Scope {number}"}, parent=parent)


def add_areas(org: Organization, count: int) -> None:
    for _ in range(count):
        number = next(COUNTER)
        Area.objects.create(organization=org, code=f"area-{number}", name={"en": f"Area {number}"})


def add_roles(org: Organization, count: int) -> None:
    """Officials of an area, district representatives of a scope, moderators."""
    for index in range(count):
        number = next(COUNTER)
        user = make_user(org, f"staff-{number}")
        if index % 3 == 0:
            area = Area.objects.create(organization=org, code=f"dept-{number}",
                                       name={"en": f"Dept {number}"})
            Role.objects.create(organization=org, user=user, kind=RoleKind.OFFICIAL, area=area)
        elif index % 3 == 1:
            scope = Scope.objects.create(organization=org, code=f"district-{number}",
                                         name={"en": f"District {number}"})
            Role.objects.create(organization=org, user=user, kind=RoleKind.DISTRICT_REPRESENTATIVE,
                                scope=scope)
        else:
            Role.objects.create(organization=org, user=user, kind=RoleKind.MODERATOR)


def add_groups(org: Organization, count: int) -> None:
    """Groups of every kind, verified or not, with members."""
    kinds = list(GroupKind)
    for index in range(count):
        number = next(COUNTER)
        group = UserGroup.objects.create(
            organization=org, name=f"Group {number}", slug=f"group-{number}",
            kind=kinds[index % len(kinds)],
            verified_at=timezone.now() if index % 2 else None)
        for role in GroupMembership.Role:
            GroupMembership.objects.create(group=group, user=make_user(org, f"m-{next(COUNTER)}"),
                                           role=role, status=GroupMembership.Status.ACCEPTED)


def add_phases(space: Space, count: int) -> None:
    start = timezone.localdate()
    for _ in range(count):
        number = next(COUNTER)
        Phase.objects.create(space=space, title={"en": f"Phase {number}"}, position=number,
                             start_date=start + datetime.timedelta(days=number),
                             end_date=start + datetime.timedelta(days=number))


def add_components(space: Space, count: int) -> None:
    for index in range(count):
        Component.objects.create(space=space, type=["pages", "consultations"][index % 2],
                                 name={"en": f"Component {next(COUNTER)}"},
                                 published_at=timezone.now() if index % 2 else None)


def add_members(space: Space, count: int) -> None:
    for index in range(count):
        SpaceMembership.objects.create(
            space=space, user=make_user(space.organization, f"member-{next(COUNTER)}"),
            role=list(SpaceMembership.Role)[index % len(SpaceMembership.Role)],
            is_public=bool(index % 2))


def add_audit_entries(org: Organization, count: int) -> None:
    """Entries by different people about objects of different types (each type is a filter
    option and a label)."""
    kinds = [("core.scope", AuditAction.SCOPE_UPDATE), ("core.area", AuditAction.AREA_UPDATE),
             ("spaces.space", AuditAction.SPACE_UPDATE)]
    for index in range(count):
        object_type, action = kinds[index % len(kinds)]
        AuditEntry.objects.create(
            organization=org, actor=make_user(org, f"auditor-{next(COUNTER)}"), action=action,
            object_type=object_type, object_id=str(index), changes={"code": ["a", "b"]})


ORGANIZATION_LISTS: dict[str, tuple[str, Callable[[Organization, int], None], str]] = {
    "scopes": ("/manage/scopes/", add_scopes, "Scope "),
    "areas": ("/manage/areas/", add_areas, "Area "),
    "roles": ("/manage/roles/", add_roles, "Staff-"),
    "groups": ("/manage/groups/", add_groups, "Group "),
    "audit log": ("/manage/audit-log/", add_audit_entries, "Auditor-"),
}
SPACE_LISTS: dict[str, tuple[str, Callable[[Space, int], None], str]] = {
    "phases": ("phases/", add_phases, "Phase "),
    "components": ("components/", add_components, "Component "),
    "members": ("members/", add_members, "Member-"),
}


def shown(response: Any, text: str) -> int:
    return response.content.decode().lower().count(text.lower())


@pytest.mark.parametrize("name", ORGANIZATION_LISTS)
def test_the_organization_lists_run_a_fixed_number_of_queries(client_for, admin, org, name):
    url, add, text = ORGANIZATION_LISTS[name]
    add(org, 3)
    few, many = assert_constant_queries(client_for(admin), url, lambda: add(org, 15))
    assert shown(many, text) > shown(few, text) > 0


@pytest.mark.parametrize("name", SPACE_LISTS)
def test_the_lists_of_a_space_run_a_fixed_number_of_queries(client_for, admin, process, name):
    path, add, text = SPACE_LISTS[name]
    add(process, 2)
    few, many = assert_constant_queries(client_for(admin), f"/manage/spaces/{process.slug}/{path}",
                                        lambda: add(process, 10))
    assert shown(many, text) > shown(few, text) > 0
