"""Parallel reports of one comment on PostgreSQL: hidden exactly once, no IntegrityError."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from participa.core.models import AuditEntry
from participa.moderation.models import Moderation, Report
from participa.moderation.services import report_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_it_hides_a_comment_exactly_once_when_eight_people_report_it_at_once(
    comment, reporters, settings
):
    settings.MODERATION_HIDE_THRESHOLD = 3
    barrier = threading.Barrier(len(reporters))
    errors: list[BaseException] = []

    def report(user) -> None:
        try:
            barrier.wait(timeout=30)
            report_create(acting_user=user, obj=comment, reason="spam")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=report, args=(user,)) for user in reporters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    moderation = Moderation.objects.get()
    assert moderation.report_count == len(reporters) == Report.objects.count()
    assert moderation.is_hidden
    assert AuditEntry.objects.filter(action="moderation.auto_hide").count() == 1
    assert AuditEntry.objects.filter(action="moderation.report").count() == len(reporters)


def test_it_keeps_one_report_when_one_person_reports_twice_at_once(comment, reporters):
    user = reporters[0]
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def report() -> None:
        try:
            barrier.wait(timeout=30)
            report_create(acting_user=user, obj=comment, reason="spam")
            outcomes.append("ok")
        except BaseException as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=report) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["ValidationError"] * 3 + ["ok"]
    assert Report.objects.count() == 1
