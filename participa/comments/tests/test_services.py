"""Comment services: threads, groups, edits, deletes, supports, audit and notifications."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.comments.models import Comment, Support
from participa.comments.services import (
    comment_create,
    comment_delete,
    comment_edit,
    comment_support_toggle,
)
from participa.core.models import AuditEntry, GroupMembership, UserGroup
from participa.moderation.models import Block
from participa.notifications.models import Follow, Notification
from participa.notifications.services import follow_create

pytestmark = pytest.mark.django_db


def test_it_creates_a_comment_with_organization_space_and_audit(target_page, resident):
    comment = comment_create(acting_user=resident, target=target_page, body=" Hello ",
                             alignment="for")
    assert comment.body == "Hello"
    assert comment.organization == target_page.component.space.organization
    assert comment.space == target_page.component.space
    assert comment.depth == 0 and comment.thread is None
    assert AuditEntry.objects.filter(action="comments.create", object_id=str(comment.pk),
                                     actor=resident).exists()


def test_it_makes_the_author_follow_the_page_and_notifies_followers(
    target_page, resident, official
):
    follow_create(user=official, target=target_page)
    comment_create(acting_user=resident, target=target_page, body="Hello")
    assert Follow.objects.filter(user=resident, object_id=target_page.pk, automatic=True).exists()
    assert Notification.objects.filter(recipient=official, event="comment.created").exists()
    assert not Notification.objects.filter(recipient=resident).exists()


def test_it_attaches_a_reply_to_a_reply_to_the_same_thread_at_most_two_deep(target_page, resident):
    root = comment_create(acting_user=resident, target=target_page, body="Root")
    first = comment_create(acting_user=resident, target=target_page, body="Reply", parent=root)
    second = comment_create(acting_user=resident, target=target_page, body="Reply 2", parent=first)
    third = comment_create(acting_user=resident, target=target_page, body="Reply 3", parent=second)
    assert (first.depth, second.depth, third.depth) == (1, 2, 2)
    assert first.thread == second.thread == third.thread == root
    assert third.parent == first


def test_it_refuses_a_reply_whose_parent_is_on_another_target(target_page, resident, component):
    from participa.comments.tests.conftest import make_page

    other = make_page(component, "other", "Other")
    root = comment_create(acting_user=resident, target=target_page, body="Root")
    with pytest.raises(ValidationError):
        comment_create(acting_user=resident, target=other, body="Reply", parent=root)


def test_it_lets_a_member_comment_on_behalf_of_their_group(target_page, ngo_member, ngo):
    comment = comment_create(acting_user=ngo_member, target=target_page, body="For the NGO",
                             user_group=ngo)
    assert comment.user_group == ngo


def test_it_refuses_a_group_the_author_is_not_an_accepted_member_of(target_page, resident, ngo):
    GroupMembership.objects.create(group=ngo, user=resident,
                                   status=GroupMembership.Status.REQUESTED)
    with pytest.raises(ValidationError):
        comment_create(acting_user=resident, target=target_page, body="x", user_group=ngo)
    other = UserGroup.objects.create(organization=ngo.organization, name="B", slug="b",
                                     kind="ngo")
    with pytest.raises(ValidationError):
        comment_create(acting_user=resident, target=target_page, body="x", user_group=other)


def test_it_refuses_an_empty_comment(target_page, resident):
    with pytest.raises(ValidationError):
        comment_create(acting_user=resident, target=target_page, body="   ")


def test_it_refuses_blocked_people(target_page, resident, moderator):
    Block.objects.create(organization=target_page.component.space.organization, user=resident,
                         reason="spam", blocked_by=moderator)
    with pytest.raises(PermissionDenied):
        comment_create(acting_user=resident, target=target_page, body="Hello")


def test_it_refuses_comments_when_the_phase_switch_is_off(target_page, resident, component):
    component.phase_settings = {}
    component.save()
    target_page.component.phase_settings = {}
    with pytest.raises(PermissionDenied):
        comment_create(acting_user=resident, target=target_page, body="Hello")


def test_it_lets_the_author_edit_within_fifteen_minutes_and_marks_it_edited(target_page, resident):
    comment = comment_create(acting_user=resident, target=target_page, body="Helo")
    comment_edit(acting_user=resident, comment=comment, target=target_page, body="Hello",
                 alignment="against")
    comment.refresh_from_db()
    assert comment.body == "Hello" and comment.alignment == "against"
    assert comment.is_edited
    assert AuditEntry.objects.filter(action="comments.edit", object_id=str(comment.pk)).exists()


def test_it_refuses_edits_after_fifteen_minutes_or_by_someone_else(target_page, resident, official):
    comment = comment_create(acting_user=resident, target=target_page, body="Hello")
    with pytest.raises(PermissionDenied):
        comment_edit(acting_user=official, comment=comment, target=target_page, body="x",
                     alignment="")
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(PermissionDenied):
        comment_edit(acting_user=resident, comment=comment, target=target_page, body="x",
                     alignment="")


def test_it_deletes_the_text_but_keeps_the_thread(target_page, resident, official):
    root = comment_create(acting_user=resident, target=target_page, body="Secret")
    reply = comment_create(acting_user=official, target=target_page, body="Answer", parent=root)
    comment_delete(acting_user=resident, comment=root, target=target_page)
    root.refresh_from_db()
    assert root.is_deleted and root.body == ""
    assert Comment.objects.filter(pk=reply.pk, thread=root).exists()
    assert AuditEntry.objects.filter(action="comments.delete", object_id=str(root.pk)).exists()
    with pytest.raises(PermissionDenied):
        comment_delete(acting_user=resident, comment=reply, target=target_page)


def test_it_toggles_support_once_per_person(target_page, resident, official):
    comment = comment_create(acting_user=resident, target=target_page, body="Hello")
    assert comment_support_toggle(acting_user=official, comment=comment, target=target_page) is True
    comment.refresh_from_db()
    assert comment.support_count == 1
    withdrawn = comment_support_toggle(acting_user=official, comment=comment, target=target_page)
    assert withdrawn is False
    comment.refresh_from_db()
    assert comment.support_count == 0
    assert AuditEntry.objects.filter(action="comments.support").exists()
    with pytest.raises(PermissionDenied):
        comment_support_toggle(acting_user=resident, comment=comment, target=target_page)


def test_it_keeps_one_support_per_person_in_the_database(target_page, resident, official):
    comment = comment_create(acting_user=resident, target=target_page, body="Hello")
    Support.objects.create(comment=comment, user=official)
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(comment=comment, user=official)


def test_it_deletes_comments_and_their_reports_with_the_page(target_page, resident, official):
    from participa.moderation.models import Moderation
    from participa.moderation.services import report_create

    comment = comment_create(acting_user=resident, target=target_page, body="Hello")
    comment_create(acting_user=official, target=target_page, body="Reply", parent=comment)
    report_create(acting_user=official, obj=comment, reason="spam")
    target_page.delete()
    assert not Comment.objects.exists()
    assert not Moderation.objects.exists()
