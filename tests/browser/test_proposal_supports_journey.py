"""A resident supports a proposal in the browser, which reaches the threshold: the page shows
the answer's deadline; the resident withdraws the support and the deadline stays; the staff
register flags the overdue answer. axe-core on every page. (The list's cards are checked in
``participa/components/proposals/tests/test_support_views.py``: the list page itself belongs
to the public pages' work.)"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from participa.components.proposals.models import Proposal, Support
from participa.components.proposals.tests.conftest import make_component, make_proposal, make_space
from participa.spaces.models import SpaceMembership

from .conftest import make_person
from .test_consultation_journeys import log_in, log_out

pytestmark = [pytest.mark.browser]


def test_a_resident_supports_up_to_the_threshold_then_withdraws(journey: Any,
                                                                site: Any) -> None:
    page = journey.page
    space = make_space(site)
    component = make_component(space, settings={"threshold_supports": 2, "threshold_days": 90,
                                                "answer_days": 30})
    author = make_person(site, "Ana Pop", "ana@example.org")
    early = make_person(site, "Dan Ilie", "dan@example.org")
    proposal = make_proposal(component, author=author, title="Shade trees on Main Street")
    Support.objects.create(proposal=proposal, user=early)
    Proposal.objects.filter(pk=proposal.pk).update(supports_count=1)
    late = make_proposal(component, author=author, title="A crossing near the school",
                         threshold_reached_at=timezone.now(),
                         answer_due_on=timezone.localdate() - datetime.timedelta(days=2))
    resident = make_person(site, "Ioana Marin", "ioana@example.org")
    log_in(journey, resident.email)

    journey.goto(proposal.get_absolute_url())
    assert "1 of 2 supports" in page.inner_text("#supports")
    journey.follow(page.get_by_role("button", name="Support this proposal"))

    box = page.inner_text("#supports")
    assert "Thank you: you support this proposal." in page.inner_text("main")
    due = Proposal.objects.get(pk=proposal.pk).answer_due_on
    assert due == timezone.localdate() + datetime.timedelta(days=30)
    assert "2 supports" in box
    assert "The city must answer by" in box

    journey.follow(page.get_by_role("button", name="Withdraw my support"))
    box = page.inner_text("#supports")
    assert "You withdrew your support of this proposal." in page.inner_text("main")
    assert "1 support" in box
    assert "The city must answer by" in box  # the obligation stays

    journey.goto(late.get_absolute_url())
    assert "The answer is overdue since" in page.inner_text("#supports")

    log_out(journey)
    manager = make_person(site, "Radu Stan", "radu@example.org")
    SpaceMembership.objects.create(space=space, user=manager,
                                   role=SpaceMembership.Role.MANAGER)
    log_in(journey, manager.email)
    journey.goto("manage:proposals:manage_index", space.slug, component.pk)
    rows = page.locator("tbody tr")
    assert "A crossing near the school" in rows.nth(0).inner_text()
    assert "overdue" in rows.nth(0).inner_text()
