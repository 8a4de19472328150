"""Who may comment: role x phase switch x visibility (and blocked people never)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from participa.comments import permissions
from participa.comments.tests.conftest import add_comment
from participa.components.pages.models import Page
from participa.moderation.models import Block
from participa.spaces.models import SpaceMembership, Visibility

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "member", "moderator", "outsider", "blocked"]


def person(role, request):
    if role == "anonymous":
        return AnonymousUser()
    if role == "member":
        user = request.getfixturevalue("ngo_member")
        space = request.getfixturevalue("space")
        SpaceMembership.objects.create(space=space, user=user)
        return user
    if role == "blocked":
        user = request.getfixturevalue("resident")
        Block.objects.create(organization=user.organization, user=user, reason="spam")
        return user
    return request.getfixturevalue(role)


# (role, switch on, visibility) -> may comment
EXPECTED = {
    ("anonymous", True, Visibility.PUBLIC): False,
    ("resident", True, Visibility.PUBLIC): True,
    ("member", True, Visibility.PUBLIC): True,
    ("moderator", True, Visibility.PUBLIC): True,
    ("outsider", True, Visibility.PUBLIC): False,
    ("blocked", True, Visibility.PUBLIC): False,
    ("anonymous", True, Visibility.MEMBERS): False,
    ("resident", True, Visibility.MEMBERS): False,
    ("member", True, Visibility.MEMBERS): True,
    ("moderator", True, Visibility.MEMBERS): True,
    ("outsider", True, Visibility.MEMBERS): False,
    ("blocked", True, Visibility.MEMBERS): False,
}
for (role, _on, visibility) in list(EXPECTED):
    EXPECTED[(role, False, visibility)] = False


@pytest.mark.parametrize(("role", "switch", "visibility"), sorted(EXPECTED, key=str))
def test_it_allows_commenting_by_role_phase_switch_and_visibility(
    role, switch, visibility, request, target_page, space, component, active_phase
):
    space.visibility = visibility
    space.save()
    component.phase_settings = {str(active_phase.pk): {"comments_enabled": switch}}
    component.save()
    user = person(role, request)
    fresh = Page.objects.select_related("component__space__organization").get(pk=target_page.pk)
    assert permissions.can_comment(user, fresh) is EXPECTED[(role, switch, visibility)]


def test_it_hides_comments_of_an_unpublished_component_from_residents(
    target_page, resident, component, manager
):
    component.published_at = None
    component.save()
    fresh = Page.objects.select_related("component__space__organization").get(pk=target_page.pk)
    assert not permissions.can_view_comments(resident, fresh)
    assert permissions.can_view_comments(manager, fresh)


def test_it_lets_only_the_author_edit_and_delete(target_page, resident, official):
    comment = add_comment(target_page, resident)
    assert permissions.can_edit_comment(resident, comment, target_page)
    assert permissions.can_delete_comment(resident, comment, target_page)
    assert not permissions.can_edit_comment(official, comment, target_page)
    assert not permissions.can_delete_comment(official, comment, target_page)


def test_it_lets_others_but_not_the_author_support(target_page, resident, official):
    comment = add_comment(target_page, resident)
    assert permissions.can_support_comment(official, comment, target_page)
    assert not permissions.can_support_comment(resident, comment, target_page)
    assert not permissions.can_support_comment(AnonymousUser(), comment, target_page)
