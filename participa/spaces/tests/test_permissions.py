"""Who may see and run a space: role by phase state by visibility."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from participa.conftest import make_user
from participa.spaces.models import SpaceMembership, Visibility
from participa.spaces.permissions import (
    can_manage_space,
    can_view_component,
    can_view_space,
)
from participa.spaces.tests.conftest import make_space

ROLES = ["anonymous", "resident", "ngo_member", "official", "district_rep", "moderator", "admin",
         "manager", "member", "outsider"]
STATES = ["upcoming", "active", "past", "set_by_hand"]
VISIBILITIES = ["public", "members", "unpublished"]

RUNS_SPACE = {"official", "admin", "manager"}
STAFF_OF_SPACE = RUNS_SPACE | {"district_rep", "moderator"}
VIEWERS = {
    "public": set(ROLES),
    "members": STAFF_OF_SPACE | {"member"},
    "unpublished": STAFF_OF_SPACE,
}


@pytest.fixture
def persona(request, org):
    def get(role, space):
        if role == "anonymous":
            return AnonymousUser()
        if role in ("manager", "member"):
            user = make_user(org, role)
            SpaceMembership.objects.create(space=space, user=user, role=role)
            return user
        return request.getfixturevalue(role)

    return get


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_it_follows_the_matrix(org, area, scope, persona, role, state, visibility):
    space = make_space(
        org, "plan", state=state, area=area, scope=scope,
        visibility=Visibility.MEMBERS if visibility == "members" else Visibility.PUBLIC,
        published=visibility != "unpublished",
    )
    assert space.state() == ("active" if state == "set_by_hand" else state)
    user = persona(role, space)
    assert can_view_space(user, space) is (role in VIEWERS[visibility])
    assert can_manage_space(user, space) is (role in RUNS_SPACE)


def test_officials_of_another_area_and_representatives_of_another_scope_are_outsiders(
    org, area, scope, official, district_rep
):
    from participa.core.models import Area, Scope

    other_area = Area.objects.create(organization=org, code="environment",
                                     name={"en": "Environment"})
    south = Scope.objects.create(organization=org, code="south", name={"en": "South"})
    space = make_space(org, "park", area=other_area, scope=south, published=False)
    assert not can_view_space(official, space)
    assert not can_manage_space(official, space)
    assert not can_view_space(district_rep, space)


def test_a_deactivated_manager_loses_access(org, resident):
    space = make_space(org, "plan", published=False)
    SpaceMembership.objects.create(space=space, user=resident, role="manager")
    assert can_manage_space(resident, space)
    resident.is_active = False
    resident.__dict__.pop("_participa_space_roles", None)
    assert not can_manage_space(resident, space)
    assert not can_view_space(resident, space)


def test_an_unpublished_component_is_for_those_who_run_the_space(org, area, resident, official,
                                                                 moderator):
    from participa.spaces.models import Component

    space = make_space(org, "plan", area=area)
    component = Component.objects.create(space=space, type="pages", name={"en": "Info"})
    assert not can_view_component(resident, component)
    assert not can_view_component(moderator, component)
    assert can_view_component(official, component)
