from __future__ import annotations

from typing import Any

from django.core import mail

from participa.conftest import make_user
from participa.notifications import services
from participa.notifications.models import Notification
from participa.notifications.services import follow_create, notify
from participa.spaces.models import SpaceMembership, Visibility


def prefs(user: Any, frequency: str) -> None:
    user.notification_preferences = {"email_frequency": frequency}
    user.save()


def test_it_notifies_followers_of_the_item_and_of_its_space_once(resident, ngo_member,
                                                                   official, page, space):
    follow_create(user=resident, target=page)
    follow_create(user=resident, target=space)  # follows both: one notification only
    follow_create(user=ngo_member, target=space)
    count = notify(event="comment.created", target=page, actor=official)
    assert count == 2
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        resident.username, ngo_member.username}
    notification = Notification.objects.get(recipient=resident)
    assert notification.url == page.get_absolute_url()
    assert "About the plan" in notification.message


def test_it_does_not_notify_the_actor(resident, page):
    follow_create(user=resident, target=page)
    assert notify(event="comment.created", target=page, actor=resident) == 0
    assert not Notification.objects.exists()


def test_it_notifies_followers_of_the_actor(resident, official, page):
    follow_create(user=resident, target=official)
    assert notify(event="page.published", target=page, actor=official) == 1


def test_it_skips_people_who_can_no_longer_see_the_space(resident, ngo_member, moderator,
                                                          official, page, space):
    for person in (resident, ngo_member, moderator):
        follow_create(user=person, target=space)
    SpaceMembership.objects.create(space=space, user=ngo_member)
    space.visibility = Visibility.MEMBERS
    space.save()
    notify(event="page.updated", target=page, actor=official)
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {ngo_member.pk, moderator.pk}  # the resident lost access


def test_it_skips_deleted_and_inactive_people(resident, ngo_member, official, page):
    follow_create(user=resident, target=page)
    follow_create(user=ngo_member, target=page)
    ngo_member.is_active = False
    ngo_member.save()
    assert notify(event="page.updated", target=page, actor=official) == 1


def test_it_works_in_chunks_without_missing_anyone(org, official, page, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 3)
    people = [make_user(org, f"person{i}") for i in range(10)]
    for person in people:
        follow_create(user=person, target=page)
    assert notify(event="page.updated", target=page, actor=official) == 10
    assert Notification.objects.count() == 10


def test_it_e_mails_at_once_people_who_chose_immediately(resident, ngo_member, official, page,
                                                         django_capture_on_commit_callbacks):
    prefs(resident, "immediately")
    prefs(ngo_member, "daily")
    follow_create(user=resident, target=page)
    follow_create(user=ngo_member, target=page)
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="page.updated", target=page, actor=official)
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert Notification.objects.get(recipient=resident).email_pending is False
    assert Notification.objects.get(recipient=ngo_member).email_pending is True  # digest


def test_it_sends_no_e_mail_to_people_who_chose_none(resident, official, page,
                                                     django_capture_on_commit_callbacks):
    prefs(resident, "none")
    follow_create(user=resident, target=page)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(event="page.updated", target=page, actor=official) == 1
    assert mail.outbox == []
    assert Notification.objects.get(recipient=resident).email_pending is False


def test_it_sends_nothing_before_the_transaction_commits(resident, official, page,
                                                         django_capture_on_commit_callbacks):
    prefs(resident, "immediately")
    follow_create(user=resident, target=page)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(event="page.updated", target=page, actor=official)
    assert mail.outbox == []
    # Two callbacks wait for the commit: the e-mail task, and the page cache's refresh that
    # every audited write queues.
    assert len(callbacks) == 2
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_it_never_notifies_people_of_another_organization(outsider, resident, official, page):
    from django.contrib.contenttypes.models import ContentType

    from participa.notifications.models import Follow

    # A follow that should never exist (written around the service) is still ignored.
    Follow.objects.create(organization=page.component.space.organization, user=outsider,
                          content_type=ContentType.objects.get_for_model(page),
                          object_id=page.pk)
    follow_create(user=resident, target=page)
    assert notify(event="page.updated", target=page, actor=official) == 1
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_it_notifies_followers_of_the_group_a_comment_was_posted_for(ngo, resident, official,
                                                                     page):
    follow_create(user=resident, target=ngo)
    assert notify(event="comment.created", target=page, actor=official,
                  extra={"group_id": ngo.pk}) == 1
