"""A person's notifications and the back office's newsletters run the same number of queries
however many rows they show."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from participa.components.pages.tests.conftest import make_page
from participa.notifications.models import Newsletter, NewsletterAudience
from participa.notifications.services import follow_create, notify
from participa.testing import assert_constant_queries

COUNTER = itertools.count()


def add_notifications(component, resident, actor, count: int) -> None:
    """Notifications about different pages, some read."""
    for _ in range(count):
        page = make_page(component, f"page-{next(COUNTER)}", "Some page")
        follow_create(user=resident, target=page)
        notify(event="page.updated", target=page, actor=actor)
    resident.notifications.filter(pk__in=resident.notifications.order_by("?")
                                  .values("pk")[:1]).update(read_at=timezone.now())


def test_the_notifications_run_a_fixed_number_of_queries(client_for, resident, official,
                                                         component):
    add_notifications(component, resident, official, 2)
    few, many = assert_constant_queries(client_for(resident), "/notifications/",
                                        lambda: add_notifications(component, resident,
                                                                  official, 10))
    marks = "Mark as read<span"
    assert many.content.decode().count(marks) > few.content.decode().count(marks) > 0


def add_newsletters(org, admin, space, scope, area, count: int) -> None:
    """Newsletters of every audience and status."""
    audiences = list(NewsletterAudience)
    statuses = list(Newsletter.Status)
    for index in range(count):
        audience = audiences[index % len(audiences)]
        Newsletter.objects.create(
            organization=org, subject={"en": f"Letter {next(COUNTER)}"}, audience=audience,
            space=space if audience == NewsletterAudience.SPACE else None,
            scope=scope if audience == NewsletterAudience.SCOPE else None,
            area=area if audience == NewsletterAudience.AREA else None,
            status=statuses[index % len(statuses)], created_by=admin)


@pytest.mark.django_db
def test_the_newsletters_run_a_fixed_number_of_queries(client_for, org, admin, space, scope,
                                                       area):
    add_newsletters(org, admin, space, scope, area, 4)
    few, many = assert_constant_queries(
        client_for(admin), "/notifications/manage/newsletter/",
        lambda: add_newsletters(org, admin, space, scope, area, 12))
    assert many.content.decode().count("Letter ") > few.content.decode().count("Letter ") > 0
