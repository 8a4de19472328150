from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from participa.core.models import AuditEntry
from participa.notifications.models import Follow
from participa.notifications.services import follow_create, follow_delete, is_following


def test_it_follows_a_page_once_whatever_the_number_of_calls(resident, page):
    first = follow_create(user=resident, target=page)
    second = follow_create(user=resident, target=page)
    assert first.pk == second.pk
    assert Follow.objects.filter(user=resident).count() == 1
    assert is_following(resident, page)


def test_it_keeps_follows_unique_in_the_database(resident, page):
    follow_create(user=resident, target=page)
    with pytest.raises(IntegrityError):
        Follow.objects.create(organization=resident.organization, user=resident,
                              content_type=ContentType.objects.get_for_model(page),
                              object_id=page.pk)


def test_it_follows_spaces_groups_and_people(resident, space, ngo, official):
    for target in (space, ngo, official):
        follow_create(user=resident, target=target)
    assert Follow.objects.filter(user=resident).count() == 3


def test_it_marks_automatic_follows(resident, page):
    follow = follow_create(user=resident, target=page, automatic=True)
    assert follow.automatic is True


def test_it_refuses_a_target_of_another_organization(outsider, page):
    with pytest.raises(ValidationError):
        follow_create(user=outsider, target=page)
    assert not Follow.objects.exists()


def test_it_audits_following_and_unfollowing(resident, page):
    follow_create(user=resident, target=page)
    assert follow_delete(user=resident, target=page) is True
    actions = list(AuditEntry.objects.filter(actor=resident).values_list("action", flat=True))
    assert "follow.create" in actions and "follow.delete" in actions
    assert not is_following(resident, page)


def test_it_answers_false_when_unfollowing_something_not_followed(resident, page):
    assert follow_delete(user=resident, target=page) is False
