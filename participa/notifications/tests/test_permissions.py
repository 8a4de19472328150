from __future__ import annotations

import pytest

from participa.components.pages.tests.conftest import make_component, make_page, make_space
from participa.notifications.permissions import can_follow, can_manage_newsletters
from participa.spaces.models import SpaceMembership, Visibility


@pytest.mark.parametrize(("persona", "allowed"), [
    ("resident", True), ("ngo_member", True), ("admin", True), ("outsider", False),
])
def test_it_lets_people_of_the_organization_follow_a_public_page(request, page, persona,
                                                                  allowed):
    assert can_follow(request.getfixturevalue(persona), page) is allowed


def test_it_lets_only_members_and_staff_follow_a_members_only_space(org, resident, ngo_member,
                                                                     moderator):
    space = make_space(org, slug="council", visibility=Visibility.MEMBERS)
    SpaceMembership.objects.create(space=space, user=ngo_member)
    assert not can_follow(resident, space)
    assert can_follow(ngo_member, space)
    assert can_follow(moderator, space)


def test_it_lets_only_managers_follow_an_unpublished_component(org, resident, admin):
    space = make_space(org, slug="draft-space")
    page = make_page(make_component(space, published=False), "soon", "Soon")
    assert not can_follow(resident, page)
    assert can_follow(admin, page)


def test_it_lets_people_follow_others_but_not_themselves(resident, official, ngo):
    assert can_follow(resident, official)
    assert can_follow(resident, ngo)
    assert not can_follow(resident, resident)


def test_it_refuses_anonymous_visitors(page):
    from django.contrib.auth.models import AnonymousUser

    assert not can_follow(AnonymousUser(), page)


@pytest.mark.parametrize(("persona", "allowed"), [
    ("admin", True), ("moderator", False), ("official", False), ("resident", False),
    ("outsider", False),
])
def test_it_keeps_newsletters_for_administrators(request, org, persona, allowed):
    assert can_manage_newsletters(request.getfixturevalue(persona), org) is allowed
