import pytest
from django.core.exceptions import ValidationError

from participa.core import services
from participa.core.models import AuditEntry, GroupMembership, UserGroup

VALUES = {"name": "Prietenii Parcului", "slug": "", "kind": "informal", "description": "",
          "website": "", "registration_number": ""}


def test_it_creates_a_group_whose_creator_is_its_admin(resident, org):
    group = services.group_create(acting_user=resident, values=VALUES)
    assert group.organization == org
    assert group.slug == "prietenii-parcului"
    membership = GroupMembership.objects.get(group=group)
    assert (membership.user, membership.role, membership.status) == (resident, "admin",
                                                                     "accepted")
    assert AuditEntry.objects.filter(action="group.create", actor=resident,
                                     organization=org).exists()


def test_it_refuses_a_short_name_already_used_in_the_organization(resident, ngo):
    with pytest.raises(ValidationError) as error:
        services.group_create(acting_user=resident, values={**VALUES, "slug": ngo.slug})
    assert "already uses the short name" in str(error.value)
    assert UserGroup.objects.count() == 1


def test_it_allows_the_same_short_name_in_another_organization(outsider, ngo):
    group = services.group_create(acting_user=outsider, values={**VALUES, "slug": ngo.slug})
    assert group.organization == outsider.organization


def test_it_refuses_reserved_short_names(resident, org):
    with pytest.raises(ValidationError):
        services.group_create(acting_user=resident, values={**VALUES, "slug": "new"})


def test_it_updates_a_group_and_records_the_change(ngo_member, ngo):
    services.group_update(acting_user=ngo_member, group=ngo,
                          values={**VALUES, "name": "Asociația Nouă", "slug": ngo.slug,
                                  "kind": "ngo"})
    ngo.refresh_from_db()
    assert ngo.name == "Asociația Nouă"
    entry = AuditEntry.objects.get(action="group.update")
    assert entry.changes["name"] == ["Asociația Test", "Asociația Nouă"]


def test_it_records_a_request_to_join_once(resident, ngo):
    membership = services.group_request_join(acting_user=resident, group=ngo)
    assert membership.status == "requested"
    with pytest.raises(ValidationError):
        services.group_request_join(acting_user=resident, group=ngo)


def test_it_refuses_requests_from_another_organization(outsider, ngo):
    with pytest.raises(ValidationError):
        services.group_request_join(acting_user=outsider, group=ngo)


def test_it_accepts_and_rejects_requests(ngo_member, ngo, group_with_request, neighbour):
    services.group_accept_member(acting_user=ngo_member, group=ngo,
                                 membership_id=group_with_request.pk)
    group_with_request.refresh_from_db()
    assert group_with_request.status == "accepted"
    other = services.group_request_join(acting_user=neighbour, group=ngo)
    services.group_reject_member(acting_user=ngo_member, group=ngo, membership_id=other.pk)
    assert not GroupMembership.objects.filter(pk=other.pk).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"group.accept_member", "group.reject_member"} <= actions


def test_it_keeps_at_least_one_admin(ngo_member, ngo):
    admin_membership = GroupMembership.objects.get(group=ngo, user=ngo_member)
    with pytest.raises(ValidationError, match="at least one group administrator"):
        services.group_leave(acting_user=ngo_member, group=ngo)
    with pytest.raises(ValidationError, match="at least one group administrator"):
        services.group_set_member_role(acting_user=ngo_member, group=ngo,
                                       membership_id=admin_membership.pk, role="member")
    with pytest.raises(ValidationError, match="at least one group administrator"):
        services.group_remove_member(acting_user=ngo_member, group=ngo,
                                     membership_id=admin_membership.pk)
    assert GroupMembership.objects.get(pk=admin_membership.pk).role == "admin"


def test_it_lets_an_admin_step_down_once_another_admin_exists(ngo_member, ngo, resident):
    other = GroupMembership.objects.create(group=ngo, user=resident,
                                           status=GroupMembership.Status.ACCEPTED)
    services.group_set_member_role(acting_user=ngo_member, group=ngo, membership_id=other.pk,
                                   role="admin")
    services.group_leave(acting_user=ngo_member, group=ngo)
    assert list(GroupMembership.objects.filter(group=ngo).values_list("user", "role")) == [
        (resident.pk, "admin")]


def test_it_does_not_give_a_role_to_a_pending_request(ngo_member, ngo, group_with_request):
    with pytest.raises(ValidationError):
        services.group_set_member_role(acting_user=ngo_member, group=ngo,
                                       membership_id=group_with_request.pk, role="admin")


def test_it_removes_a_member(ngo_member, ngo, resident):
    member = GroupMembership.objects.create(group=ngo, user=resident,
                                            status=GroupMembership.Status.ACCEPTED)
    services.group_remove_member(acting_user=ngo_member, group=ngo, membership_id=member.pk)
    assert not GroupMembership.objects.filter(pk=member.pk).exists()
    assert AuditEntry.objects.filter(action="group.remove_member", actor=ngo_member).exists()


def test_it_ignores_memberships_of_another_group(ngo_member, ngo, outsider, other_group):
    theirs = GroupMembership.objects.create(group=other_group, user=outsider,
                                            status=GroupMembership.Status.ACCEPTED)
    with pytest.raises(ValidationError):
        services.group_remove_member(acting_user=ngo_member, group=ngo, membership_id=theirs.pk)
    assert GroupMembership.objects.filter(pk=theirs.pk).exists()
