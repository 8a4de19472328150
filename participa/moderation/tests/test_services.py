"""Moderation services: reports, automatic hiding, decisions and blocks, all audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from participa.comments.selectors import comment_threads
from participa.core.models import AuditEntry
from participa.moderation.models import Block, Moderation, Report
from participa.moderation.services import (
    block_create,
    block_delete,
    moderation_hide,
    moderation_unhide,
    report_create,
)

pytestmark = pytest.mark.django_db


def visible_state(target_page, user):
    data = comment_threads(user, target_page)
    return [(c.is_hidden, c.hidden_reason) for c in data.threads]


def test_it_records_one_report_per_person(comment, official):
    report_create(acting_user=official, obj=comment, reason="spam", note=" advert ")
    with pytest.raises(ValidationError):
        report_create(acting_user=official, obj=comment, reason="other")
    moderation = Moderation.objects.get()
    assert moderation.report_count == 1 and moderation.space == comment.space
    assert Report.objects.get().note == "advert"
    assert AuditEntry.objects.filter(action="moderation.report", actor=official).exists()


def test_it_backs_one_report_per_person_with_a_constraint(comment, official):
    report_create(acting_user=official, obj=comment, reason="spam")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(moderation=Moderation.objects.get(), user=official, reason="spam")


def test_it_refuses_reports_by_the_author_and_bad_reasons(comment, resident, official):
    with pytest.raises(PermissionDenied):
        report_create(acting_user=resident, obj=comment, reason="spam")
    with pytest.raises(ValidationError):
        report_create(acting_user=official, obj=comment, reason="boring")


def test_it_hides_automatically_at_three_reports_pending_review(comment, reporters,
                                                                target_page, official):
    for user in reporters[:2]:
        report_create(acting_user=user, obj=comment, reason="spam")
    assert visible_state(target_page, official) == [(False, "")]
    report_create(acting_user=reporters[2], obj=comment, reason="offensive")
    moderation = Moderation.objects.get()
    assert moderation.is_hidden and moderation.hidden_automatically
    assert moderation.status == Moderation.Status.PENDING
    assert visible_state(target_page, official) == [(True, "")]
    report_create(acting_user=reporters[3], obj=comment, reason="spam")
    assert AuditEntry.objects.filter(action="moderation.auto_hide").count() == 1


def test_it_reads_the_threshold_from_settings_and_from_the_component(comment, reporters,
                                                                     settings, component):
    settings.MODERATION_HIDE_THRESHOLD = 1
    report_create(acting_user=reporters[0], obj=comment, reason="spam")
    assert Moderation.objects.get().is_hidden
    Moderation.objects.all().delete()
    component.settings = {"moderation_threshold": 2}
    component.save()
    comment.__dict__.pop("_participa_target", None)
    report_create(acting_user=reporters[1], obj=comment, reason="spam")
    assert not Moderation.objects.get().is_hidden
    report_create(acting_user=reporters[2], obj=comment, reason="spam")
    assert Moderation.objects.get().is_hidden


def test_it_hides_with_a_public_reason_and_audits(comment, official, moderator, target_page):
    report_create(acting_user=official, obj=comment, reason="spam")
    moderation = Moderation.objects.get()
    moderation_hide(acting_user=moderator, moderation=moderation, reason="advertising")
    moderation.refresh_from_db()
    assert moderation.hidden_by == moderator and moderation.status == "reviewed"
    assert visible_state(target_page, official) == [(True, "advertising")]
    entry = AuditEntry.objects.get(action="moderation.hide")
    assert entry.actor == moderator and entry.changes["hidden_reason"] == ["", "advertising"]


def test_it_unhides_and_stops_hiding_automatically_after_review(comment, reporters, moderator,
                                                               target_page, official):
    for user in reporters[:3]:
        report_create(acting_user=user, obj=comment, reason="spam")
    moderation = Moderation.objects.get()
    moderation_unhide(acting_user=moderator, moderation=moderation)
    assert visible_state(target_page, official) == [(False, "")]
    assert AuditEntry.objects.filter(action="moderation.unhide", actor=moderator).exists()
    report_create(acting_user=reporters[3], obj=comment, reason="spam")
    moderation.refresh_from_db()
    assert not moderation.is_hidden and moderation.status == Moderation.Status.PENDING


def test_it_refuses_decisions_by_people_who_do_not_moderate(comment, official, resident):
    report_create(acting_user=official, obj=comment, reason="spam")
    moderation = Moderation.objects.get()
    with pytest.raises(PermissionDenied):
        moderation_hide(acting_user=official, moderation=moderation, reason="x")
    with pytest.raises(PermissionDenied):
        moderation_unhide(acting_user=resident, moderation=moderation)


def test_it_lets_space_managers_decide_on_their_space(comment, official, manager):
    report_create(acting_user=official, obj=comment, reason="spam")
    moderation_hide(acting_user=manager, moderation=Moderation.objects.get(), reason="spam")
    assert Moderation.objects.get().is_hidden


def test_it_blocks_and_unblocks_with_audit(comment, resident, moderator, target_page, official,
                                          org):
    block = block_create(acting_user=moderator, organization=org, user=resident,
                         reason="repeated spam")
    assert visible_state(target_page, official) == [(True, "")]
    assert AuditEntry.objects.filter(action="moderation.block", actor=moderator).exists()
    with pytest.raises(ValidationError):
        block_create(acting_user=moderator, organization=org, user=resident, reason="again")
    block_delete(acting_user=moderator, block=block)
    assert not Block.objects.exists()
    assert AuditEntry.objects.filter(action="moderation.unblock").exists()


def test_it_lets_only_moderators_and_administrators_block(resident, official, manager, org):
    for person in (official, manager):
        with pytest.raises(PermissionDenied):
            block_create(acting_user=person, organization=org, user=resident, reason="x")
