"""Staff evaluate a proposal (department, cost typed the Romanian way, a note), one official
drafts an "integrated" answer with its commitment, a second one approves and publishes it,
and the proposal's public page shows it; the register, merge and split pages are visited
too. Every page passes axe-core and fits 320 px."""

from __future__ import annotations

import decimal
from typing import Any

import pytest
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.proposals.models import Proposal, ProposalAnswer
from participa.components.proposals.tests.conftest import make_proposal
from participa.core.models import Area, Role, RoleKind
from participa.spaces.models import Component, Phase, Space, SpaceKind

from .conftest import PASSWORD, make_person

pytestmark = [pytest.mark.browser]


def log_in(journey: Any, email: str) -> None:
    page = journey.page
    journey.goto("account_login")
    form = page.locator("main form:has([name='password'])")
    form.locator("[name='login']").fill(email)
    form.locator("[name='password']").fill(PASSWORD)
    journey.follow(form.locator("[type='submit']"))


def log_out(journey: Any) -> None:
    journey.page.context.clear_cookies()


def test_officials_evaluate_and_answer_a_proposal(journey: Any, site: Any) -> None:
    page = journey.page
    area = Area.objects.create(organization=site, code="parks", name={"en": "Parks"})
    space = Space.objects.create(organization=site, kind=SpaceKind.PROCESS, slug="ideas",
                                 title={"en": "Ideas for the city"}, area=area,
                                 published_at=timezone.now())
    today = timezone.localdate()
    Phase.objects.create(space=space, title={"en": "Proposals"}, position=0,
                         start_date=today, end_date=today)
    component = Component.objects.create(space=space, type="proposals",
                                         name={"en": "Proposals"},
                                         published_at=timezone.now())
    resident = make_person(site, "Rita Resident", "rita@example.org")
    proposal = make_proposal(component, author=resident, title="Benches in the park",
                             body="Benches every 100 metres.")
    make_proposal(component, author=resident, title="More benches",
                  body="Benches in the park, please.")
    drafter = make_person(site, "Dan Drafter", "dan@example.org")
    reviewer = make_person(site, "Rada Reviewer", "rada@example.org")
    for official in (drafter, reviewer):
        Role.objects.create(organization=site, user=official, kind=RoleKind.OFFICIAL,
                            area=area)

    log_in(journey, drafter.email)
    journey.goto("manage:proposals:manage_register", space.slug, component.pk)
    journey.follow(page.get_by_role("link", name="Benches in the park"))
    form = page.locator("main form:has([name='cost_estimate'])")
    form.locator("[name='cost_estimate']").fill("12,5 lei")
    journey.follow(form.get_by_role("button", name="Save the evaluation"))
    assert "Write the cost as an amount" in page.content()
    form = page.locator("main form:has([name='cost_estimate'])")
    form.locator("[name='cost_estimate']").fill("1 234,50")
    journey.follow(form.get_by_role("button", name="Save the evaluation"))
    proposal.refresh_from_db()
    assert proposal.cost_estimate == decimal.Decimal("1234.50")
    form = page.locator("main form:has([name='body'])")
    form.locator("[name='body']").fill("Ask the parks office for a quote.")
    journey.follow(form.get_by_role("button", name="Add the note"))

    journey.goto("manage:proposals:manage_answer", space.slug, component.pk, proposal.number)
    form = page.locator("main form.answer-form")
    form.get_by_label("Integrated into the action plan").check()
    form.locator("[name='justification']").fill("It is commitment 4.2 of the plan.")
    form.locator("[name='commitment_title']").fill("Benches on every alley")
    form.locator("[name='commitment_url']").fill("https://plan.example.org/4.2")
    journey.follow(form.get_by_role("button", name="Save as a draft answer"))
    assert ProposalAnswer.objects.get().state == AnswerState.DRAFT
    journey.goto("manage:proposals:manage_merge", space.slug, component.pk, 2)
    journey.goto("manage:proposals:manage_split", space.slug, component.pk, proposal.number)
    log_out(journey)

    log_in(journey, reviewer.email)
    journey.goto("manage:proposals:manage_answer", space.slug, component.pk, proposal.number)
    journey.follow(page.get_by_role("button", name="Approve the answer"))
    journey.follow(page.get_by_role("button", name="Publish the answer"))
    assert ProposalAnswer.objects.get().state == AnswerState.PUBLISHED

    journey.goto(Proposal.objects.get(pk=proposal.pk).get_absolute_url())
    answers = page.locator(".proposal-answers")
    assert "Integrated into the action plan" in answers.inner_text()
    assert answers.get_by_role("link", name="Benches on every alley").get_attribute(
        "href") == "https://plan.example.org/4.2"
