"""The permission matrix of pages: role by phase by visibility → view, manage, comment."""

from __future__ import annotations

import pytest

from participa.components.pages.permissions import (
    can_comment_page,
    can_manage_pages,
    can_view_page,
)
from participa.components.pages.tests.conftest import days, make_component, make_page, make_space
from participa.conftest import make_user
from participa.spaces.models import Phase, SpaceMembership, Visibility

ROLES = ["anonymous", "resident", "ngo_member", "official", "district_rep", "moderator", "admin",
         "manager", "outsider"]
PHASES = ["comments_on", "comments_off", "no_active_phase"]
VISIBILITIES = ["public", "members", "unpublished_space", "unpublished_component"]

STAFF_OF_SPACE = {"official", "district_rep", "moderator", "admin", "manager"}
RUNS_SPACE = {"official", "admin", "manager"}
VIEWERS = {
    "public": set(ROLES),
    "members": STAFF_OF_SPACE,
    "unpublished_space": STAFF_OF_SPACE,
    "unpublished_component": RUNS_SPACE,
}


def build(org, area, scope, phase_state, visibility):
    space = make_space(
        org, area=area, scope=scope,
        visibility=Visibility.MEMBERS if visibility == "members" else Visibility.PUBLIC,
        published=visibility != "unpublished_space",
    )
    Phase.objects.create(space=space, title={"en": "Diagnosis"}, start_date=days(-60),
                         end_date=days(-31), position=0)
    phase_settings = {}
    if phase_state != "no_active_phase":
        phase = Phase.objects.create(space=space, title={"en": "Consultation"},
                                     start_date=days(-30), end_date=days(30), position=1)
        phase_settings = {str(phase.pk): {"comments_enabled": phase_state == "comments_on"}}
    component = make_component(space, published=visibility != "unpublished_component",
                               phase_settings=phase_settings)
    page = make_page(component, "about", "About")
    return space, component, page


@pytest.fixture
def persona(request, org, area, scope):
    def get(role, space):
        if role == "anonymous":
            return None
        if role == "manager":
            user = make_user(org, "manager")
            SpaceMembership.objects.create(space=space, user=user,
                                           role=SpaceMembership.Role.MANAGER)
            return user
        return request.getfixturevalue(role)

    return get


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("phase_state", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_it_follows_the_matrix(org, area, scope, persona, role, phase_state, visibility):
    from django.contrib.auth.models import AnonymousUser

    space, component, page = build(org, area, scope, phase_state, visibility)
    user = persona(role, space) or AnonymousUser()

    may_view = role in VIEWERS[visibility]
    assert can_view_page(user, page) is may_view
    assert can_manage_pages(user, component) is (role in RUNS_SPACE)
    may_comment = may_view and role not in {"anonymous", "outsider"} and (
        phase_state == "comments_on"
    )
    assert can_comment_page(user, page) is may_comment


def test_it_follows_the_phase_set_by_hand(org, area, scope, resident):
    space, component, page = build(org, area, scope, "comments_off", "public")
    future = Phase.objects.create(space=space, title={"en": "Monitoring"}, start_date=days(40),
                                  end_date=days(80), position=2)
    component.phase_settings[str(future.pk)] = {"comments_enabled": True}
    component.save()
    assert not can_comment_page(resident, page)

    space.active_phase_manual = future
    space.save()
    page.component.space.refresh_from_db()
    assert can_comment_page(resident, page)


def test_it_refuses_comments_to_a_deactivated_person(org, area, scope, resident):
    _space, _component, page = build(org, area, scope, "comments_on", "public")
    resident.is_active = False
    resident.save()
    assert can_view_page(resident, page)
    assert not can_comment_page(resident, page)


def test_it_refuses_everything_but_reading_once_the_space_is_unpublished(org, area, scope,
                                                                           resident):
    space, _component, page = build(org, area, scope, "comments_on", "public")
    assert can_comment_page(resident, page)
    space.published_at = None
    space.save()
    assert not can_view_page(resident, page)
    assert not can_comment_page(resident, page)
