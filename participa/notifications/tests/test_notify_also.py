"""``notify(also=…)``: people told without following anything (the staff of a department),
each only if they may see the target, at their own e-mail frequency."""

from __future__ import annotations

from typing import Any

from django.core import mail

from participa.notifications.models import Notification
from participa.notifications.services import follow_create, notify
from participa.spaces.models import Visibility


def test_it_tells_the_people_named_as_well_as_the_followers(resident, ngo_member, official,
                                                           admin, page):
    follow_create(user=resident, target=page)

    assert notify(event="page.updated", target=page, actor=admin,
                  also=(ngo_member.pk, resident.pk, admin.pk)) == 2

    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        resident.pk, ngo_member.pk}  # once each; never the actor


def test_it_can_tell_only_the_people_named(resident, ngo_member, admin, page):
    follow_create(user=resident, target=page)

    assert notify(event="page.updated", target=page, actor=admin, also=(ngo_member.pk,),
                  followers=False) == 1

    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [
        ngo_member.pk]


def test_it_never_tells_people_who_may_not_see_the_target(resident, outsider, admin, page,
                                                         space):
    space.visibility = Visibility.MEMBERS
    space.save()

    assert notify(event="page.updated", target=page, actor=admin,
                  also=(resident.pk, outsider.pk)) == 0


def test_each_person_named_keeps_their_frequency(resident, ngo_member, admin, page,
                                                 django_capture_on_commit_callbacks: Any):
    resident.notification_preferences = {"email_frequency": "immediately"}
    resident.save()
    ngo_member.notification_preferences = {"email_frequency": "daily"}
    ngo_member.save()

    with django_capture_on_commit_callbacks(execute=True):
        notify(event="page.updated", target=page, actor=admin,
               also=(resident.pk, ngo_member.pk))

    assert [message.to for message in mail.outbox] == [[resident.email]]
    assert Notification.objects.get(recipient=ngo_member).email_pending is True
