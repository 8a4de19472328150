"""Registrations racing for the last places (PostgreSQL): twice as many people as places,
all at once, never overbook and the waiting list keeps the order in which the registrations
committed; a double click registers once; a cancellation racing new registrations keeps the
count right."""

from __future__ import annotations

import pytest

from participa.components.meetings.models import Meeting, Registration
from participa.components.meetings.services.registrations import (
    registration_cancel,
    registration_create,
)
from participa.components.meetings.tests.conftest import make_meeting
from participa.conftest import login, make_user
from participa.core.models import AuditEntry, Organization
from participa.spaces.models import Component
from participa.testing import failures, refusals, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
CAPACITY = 5


def test_twice_capacity_registrations_at_once_never_overbook(component: Component,
                                                             org: Organization) -> None:
    meeting = make_meeting(component, capacity=CAPACITY)
    people = [make_user(org, f"person{index}") for index in range(2 * CAPACITY)]

    outcomes = run_together(*[
        (lambda person=person: registration_create(
            acting_user=person, meeting=Meeting.objects.get(pk=meeting.pk)).pk)
        for person in people])

    assert failures(outcomes) == []
    assert refusals(outcomes) == []
    meeting.refresh_from_db()
    assert meeting.registered_count == CAPACITY
    registrations = list(Registration.objects.filter(meeting=meeting))
    assert sum(r.state == "registered" for r in registrations) == CAPACITY
    # The order in which the transactions committed: the order of their audit entries
    # (written under the meeting's row lock, one transaction after the other).
    committed = [int(object_id) for object_id in AuditEntry.objects.filter(
        action="registration.create").order_by("pk").values_list("object_id", flat=True)]
    by_pk = {r.pk: r for r in registrations}
    in_order = [by_pk[pk] for pk in committed]
    assert [(r.state, r.waiting_number) for r in in_order] == (
        [("registered", None)] * CAPACITY
        + [("waiting", number) for number in range(1, CAPACITY + 1)])


def test_a_double_click_registers_once_and_never_errs(meeting: Meeting, org: Organization
                                                      ) -> None:
    person = make_user(org, "clicker")
    clients = [login(person) for _ in range(6)]
    url = meeting.get_absolute_url() + "register/"

    outcomes = run_together(*[(lambda client=client: client.post(url, {}))
                              for client in clients])

    statuses = sorted(response.status_code for response in outcomes)
    assert statuses == [200] * 5 + [302]
    for response in outcomes:
        if response.status_code == 200:
            assert "You are already registered for this meeting." in response.content.decode()
    assert Registration.objects.filter(meeting=meeting, user=person).count() == 1
    meeting.refresh_from_db()
    assert meeting.registered_count == 1


def test_a_cancellation_racing_registrations_keeps_the_count(component: Component,
                                                             org: Organization) -> None:
    meeting = make_meeting(component, capacity=1)
    holder = make_user(org, "holder")
    place = registration_create(acting_user=holder, meeting=meeting)
    newcomers = [make_user(org, f"newcomer{index}") for index in range(4)]

    outcomes = run_together(
        lambda: registration_cancel(acting_user=holder,
                                    registration=Registration.objects.get(pk=place.pk)),
        *[(lambda person=person: registration_create(
            acting_user=person, meeting=Meeting.objects.get(pk=meeting.pk)))
          for person in newcomers])

    assert failures(outcomes) == []
    meeting.refresh_from_db()
    registered = Registration.objects.filter(meeting=meeting, state="registered")
    assert meeting.registered_count == registered.count() == 1
    waiting = [r.waiting_number or 0 for r in Registration.objects.filter(
        meeting=meeting, state="waiting").order_by("waiting_number")]
    assert len(waiting) == len(set(waiting)) == 3 and 0 not in waiting
