"""Who runs tracked items: the organization's administrators and the officials of the
item's responsible department — nobody else, and nobody of another organization."""

from __future__ import annotations

import pytest

from participa.conftest import make_user
from participa.core.models import Area, Role, RoleKind
from participa.spaces.models import SpaceMembership
from participa.tracking.permissions import (
    can_manage_tracked_item,
    can_manage_tracking,
    can_track_for,
    can_view_tracked_item,
)
from participa.tracking.tests.conftest import make_item

# persona → (runs the item of its department, opens the back office of tracking)
EXPECTED = {
    "anonymous": (False, False),
    "resident": (False, False),
    "ngo_member": (False, False),
    "district_rep": (False, False),
    "moderator": (False, False),
    "official": (True, True),
    "roads_official": (False, True),
    "admin": (True, True),
    "outsider": (False, False),
}


@pytest.fixture
def people(org, resident, ngo_member, district_rep, moderator, official, admin, outsider):
    roads = Area.objects.create(organization=org, code="roads", name={"en": "Roads"})
    roads_official = make_user(org, "roads_official")
    Role.objects.create(organization=org, user=roads_official, kind=RoleKind.OFFICIAL,
                        area=roads)
    return {"anonymous": None, "resident": resident, "ngo_member": ngo_member,
            "district_rep": district_rep, "moderator": moderator, "official": official,
            "roads_official": roads_official, "admin": admin, "outsider": outsider}


@pytest.mark.parametrize("persona", EXPECTED)
def test_the_permission_matrix(persona, people, org, item):
    from django.contrib.auth.models import AnonymousUser

    user = people[persona] or AnonymousUser()
    runs, opens = EXPECTED[persona]
    assert can_manage_tracked_item(user, item) is runs
    assert can_manage_tracking(user, org) is opens
    assert can_track_for(user, org, item.department) is runs
    # Before publication only those who run it see it; after, everyone.
    assert can_view_tracked_item(user, item) is runs
    item.published_at = item.created_at
    item.save()
    fresh = type(item).objects.get(pk=item.pk)
    assert can_view_tracked_item(user, fresh) is True


def test_an_item_without_a_department_is_run_by_administrators_only(org, official, admin):
    item = make_item(org)
    assert can_manage_tracked_item(admin, item) is True
    assert can_manage_tracked_item(official, item) is False
    assert can_track_for(official, org, None) is False


def test_a_space_manager_does_not_run_the_tracked_items_of_their_component(org, area, resident):
    from participa.components.proposals.tests.conftest import make_component, make_space

    space = make_space(org, area=area)
    SpaceMembership.objects.create(space=space, user=resident,
                                   role=SpaceMembership.Role.MANAGER)
    item = make_item(org, component=make_component(space), department=area)
    assert can_manage_tracked_item(resident, item) is False
