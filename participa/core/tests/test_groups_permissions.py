import pytest

from participa.core import permissions
from participa.core.models import GroupMembership


@pytest.mark.parametrize(
    ("persona", "edit", "manage", "join", "leave"),
    [
        ("ngo_member", True, True, False, True),   # the group's administrator
        ("resident", False, False, True, False),
        ("admin", True, True, True, False),        # organization administrators look after groups
        ("moderator", False, False, True, False),
        ("outsider", False, False, False, False),  # another organization
    ],
)
def test_it_grants_group_actions_by_role(request, ngo, ngo_member, persona, edit, manage, join,
                                         leave):
    user = request.getfixturevalue(persona)
    assert permissions.can_edit_group(user, ngo) is edit
    assert permissions.can_manage_group_members(user, ngo) is manage
    assert permissions.can_join_group(user, ngo) is join
    assert permissions.can_leave_group(user, ngo) is leave


def test_it_gives_nothing_to_anonymous_visitors(ngo):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not permissions.can_edit_group(anonymous, ngo)
    assert not permissions.can_join_group(anonymous, ngo)
    assert not permissions.can_leave_group(anonymous, ngo)
    assert not permissions.can_create_group(anonymous, ngo.organization)


def test_it_does_not_let_a_plain_member_manage(ngo, resident):
    GroupMembership.objects.create(group=ngo, user=resident,
                                   status=GroupMembership.Status.ACCEPTED)
    assert not permissions.can_manage_group_members(resident, ngo)
    assert permissions.can_leave_group(resident, ngo)
    assert not permissions.can_join_group(resident, ngo)


def test_it_does_not_let_a_pending_admin_row_manage(ngo, resident):
    GroupMembership.objects.create(group=ngo, user=resident, role="admin",
                                   status=GroupMembership.Status.REQUESTED)
    assert not permissions.can_manage_group_members(resident, ngo)


def test_it_lets_only_people_of_the_organization_create_groups(org, resident, outsider):
    assert permissions.can_create_group(resident, org)
    assert not permissions.can_create_group(outsider, org)


def test_it_lets_people_delete_only_their_own_organization_account(org, resident, outsider):
    assert permissions.can_delete_account(resident, org)
    assert not permissions.can_delete_account(outsider, org)
