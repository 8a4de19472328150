"""The same tasks on the database queue, run by ``manage.py db_worker`` (production)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from participa.notifications.services import follow_create, notify


@pytest.fixture
def database_queue(settings: Any) -> None:
    # django-tasks resets its backends when the TASKS setting changes.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", "email"]}}


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_it_queues_e_mails_for_the_worker(database_queue, resident, official, page):
    from django_tasks_db.models import DBTaskResult

    resident.notification_preferences = {"email_frequency": "immediately"}
    resident.save()
    follow_create(user=resident, target=page)
    notify(event="page.updated", target=page, actor=official)  # commits: the task is queued
    assert mail.outbox == []  # nothing sent during the request
    assert DBTaskResult.objects.filter(queue_name="email").count() == 1
    call_command("db_worker", "--batch", "--queue-name", "email", "--no-startup-delay",
                 verbosity=0)
    assert [m.to for m in mail.outbox] == [[resident.email]]
