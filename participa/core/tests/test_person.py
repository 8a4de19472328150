"""The signed-in person is read with what every page asks about them, in one query
(participa/core/person.py), and what changes between two requests shows at the next one."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participa.conftest import make_org, make_user
from participa.core import permissions
from participa.core.models import GroupMembership, Role, RoleKind, User, UserGroup
from participa.core.person import load_person, person_queryset
from participa.core.tests.test_pagecache import make_process
from participa.moderation import permissions as moderation_permissions
from participa.moderation.models import Block
from participa.notifications.models import Notification
from participa.spaces.models import SpaceMembership


def _notification(user: User, n: int, *, read: bool = False) -> Notification:
    assert user.organization is not None
    return Notification.objects.create(
        organization=user.organization, recipient=user, event="page.updated",
        content_type=ContentType.objects.get_for_model(user), object_id=user.pk,
        target_title={"en": f"Item {n}"}, read_at=user.date_joined if read else None)


def test_the_person_query_carries_roles_memberships_groups_block_and_unread(org, area) -> None:
    other = make_org("other.test", "Elsewhere")
    person = make_user(org, "ana")
    Role.objects.create(organization=org, user=person, kind=RoleKind.OFFICIAL, area=area)
    Role.objects.create(organization=other, user=person, kind=RoleKind.ADMIN)
    space = make_process(org)
    SpaceMembership.objects.create(space=space, user=person, role=SpaceMembership.Role.MANAGER)
    group = UserGroup.objects.create(organization=org, name="Friends of the park",
                                     slug="friends")
    GroupMembership.objects.create(group=group, user=person,
                                   status=GroupMembership.Status.ACCEPTED)
    Block.objects.create(organization=org, user=person, reason="Spam")
    for n in range(3):
        _notification(person, n)
    _notification(person, 9, read=True)

    with CaptureQueriesContext(connection) as queries:
        loaded = person_queryset().get(pk=person.pk)
        # Every question pages ask is answered without another query.
        assert permissions.role_kinds(loaded, org) == {RoleKind.OFFICIAL}
        assert permissions.role_kinds(loaded, other) == set()  # not a person of `other`
        assert permissions.space_roles(loaded, org) == {space.pk: "manager"}
        assert moderation_permissions.is_blocked(loaded, org) is True
    assert len(queries) == 1
    assert loaded.person_unread_notifications == 3
    assert loaded.person_in_a_group is True
    assert sorted(loaded.person_roles) == sorted([
        [org.pk, RoleKind.OFFICIAL.value, area.pk, None],
        [other.pk, RoleKind.ADMIN.value, None, None]])


def test_a_person_with_nothing_gets_empty_facts(org) -> None:
    person = make_user(org, "ion")
    loaded = person_queryset().get(pk=person.pk)
    assert loaded.person_roles == []
    assert loaded.person_space_roles == []
    assert loaded.person_blocked is False
    assert loaded.person_in_a_group is False
    assert loaded.person_unread_notifications == 0


def test_a_person_loaded_another_way_is_still_asked(org, area) -> None:
    person = make_user(org, "ana")
    Role.objects.create(organization=org, user=person, kind=RoleKind.OFFICIAL, area=area)
    plain = User.objects.get(pk=person.pk)
    with CaptureQueriesContext(connection) as queries:
        assert permissions.role_kinds(plain, org) == {RoleKind.OFFICIAL}
    assert len(queries) == 1


def test_a_role_granted_between_two_requests_counts_at_the_next(client_for, org) -> None:
    person = make_user(org, "ana")
    client = client_for(person)
    assert client.get("/manage/").status_code in (403, 404)
    Role.objects.create(organization=org, user=person, kind=RoleKind.ADMIN)
    assert client.get("/manage/").status_code == 200
    Role.objects.filter(user=person).delete()
    assert client.get("/manage/").status_code in (403, 404)


def test_the_header_counts_unread_notifications_from_the_person_query(client_for, org) -> None:
    person = make_user(org, "ana")
    client = client_for(person)
    for n in range(2):
        _notification(person, n)
    assert "Notifications (2 unread)" in client.get("/").content.decode()
    Notification.objects.filter(recipient=person).update(read_at=person.date_joined)
    page = client.get("/").content.decode()
    assert "unread)" not in page


def test_a_block_is_read_with_the_person(org, official) -> None:
    person = make_user(org, "ana")
    assert moderation_permissions.can_post(person_queryset().get(pk=person.pk), org) is True
    Block.objects.create(organization=org, user=person, reason="Spam", blocked_by=official)
    assert moderation_permissions.can_post(person_queryset().get(pk=person.pk), org) is False


def _everything(person: User) -> dict[str, object]:
    return {name: value for name, value in vars(person).items() if name != "_state"}


def test_the_person_loaded_for_a_request_equals_the_person_query(org, area) -> None:
    """``load_person`` (the authentication backend's, compiled once) reads every field and
    fact exactly as ``person_queryset`` does, in one query, and sees what changed since."""
    person = make_user(org, "ana")
    Role.objects.create(organization=org, user=person, kind=RoleKind.OFFICIAL, area=area)
    space = make_process(org)
    SpaceMembership.objects.create(space=space, user=person, role=SpaceMembership.Role.MANAGER)
    _notification(person, 1)

    with CaptureQueriesContext(connection) as queries:
        loaded = load_person(person.pk)
    assert len(queries) == 1
    assert _everything(loaded) == _everything(person_queryset().get(pk=person.pk))
    assert loaded.person_roles == [[org.pk, RoleKind.OFFICIAL.value, area.pk, None]]
    assert loaded.person_unread_notifications == 1
    assert loaded.person_blocked is False
    assert loaded._state.adding is False

    Block.objects.create(organization=org, user=person, reason="Spam")
    _notification(person, 2)
    again = load_person(str(person.pk))  # the session keeps the key as text
    assert again.person_blocked is True
    assert again.person_unread_notifications == 2
    assert moderation_permissions.can_post(again, org) is False


def test_no_person_is_loaded_for_an_unknown_or_unreadable_key(org) -> None:
    person = make_user(org, "ana")
    assert load_person(person.pk + 1000) is None
    assert load_person("not-a-number") is None
    assert load_person(person.pk).pk == person.pk
