"""Staff pages of the evaluation: who may open them, the register's filters and query count,
the evaluation, answer, merge and split forms, and the public answer area."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.proposals.models import (
    Outcome,
    Proposal,
    ProposalAnswer,
    ProposalNote,
    ProposalState,
)
from participa.components.proposals.services.answers import (
    proposal_answer_approve,
    proposal_answer_publish,
    proposal_answer_save_draft,
)
from participa.components.proposals.tests.conftest import make_proposal
from participa.conftest import login, make_user
from participa.core.models import Area, Organization, Role, RoleKind, User
from participa.spaces.models import Component
from participa.testing import assert_constant_queries

PAGES = ["manage_evaluation", "manage_answer", "manage_merge", "manage_split"]


def _url(name: str, component: Component, proposal: Proposal | None = None) -> str:
    args: list[Any] = [component.space.slug, component.pk]
    if proposal is not None:
        args.append(proposal.number)
    return reverse(f"manage:proposals:{name}", args=args)


@pytest.fixture
def elsewhere(org: Organization) -> User:
    """An official of another area (not the space's)."""
    user = make_user(org, "elsewhere")
    other = Area.objects.create(organization=org, code="environment",
                                name={"en": "Environment"})
    Role.objects.create(organization=org, user=user, kind=RoleKind.OFFICIAL, area=other)
    return user


@pytest.mark.parametrize(("persona", "status"), [
    (None, 302), ("resident", 404), ("elsewhere", 404), ("outsider", 404),
    ("manager", 200), ("official", 200), ("admin", 200)])
def test_it_opens_staff_pages_to_those_who_run_the_space(
        request: pytest.FixtureRequest, proposal: Proposal, component: Component,
        persona: str | None, status: int) -> None:
    """Anonymous visitors are sent to sign in; everybody else but staff gets a 404."""
    client = (Client() if persona is None
              else login(request.getfixturevalue(persona),
                         "other.test" if persona == "outsider" else "testserver"))
    urls = [_url("manage_register", component)] + [
        _url(name, component, proposal) for name in PAGES]
    assert {url: client.get(url).status_code for url in urls} == {url: status for url in urls}
    post = client.post(_url("manage_evaluation", component, proposal),
                       {"action": "note", "body": "Secret"})
    assert post.status_code == (404 if status == 404 else 302)
    assert ProposalNote.objects.exists() == (status == 200)


def test_the_register_runs_a_fixed_number_of_queries(
        component: Component, manager: User, official: User, area: Area, org: Organization,
        resident: User) -> None:
    def grow() -> None:
        for index in range(3):
            proposal = make_proposal(component, author=resident, title=f"Idea {index}",
                                     department=area, evaluator=official,
                                     cost_estimate=decimal.Decimal("10.00"),
                                     answer_due_on=timezone.localdate(),
                                     threshold_reached_at=timezone.now())
            answer = proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                                outcome=Outcome.ACCEPTED, justification="")
            proposal_answer_approve(acting_user=official, answer=answer)
            proposal_answer_publish(acting_user=manager, answer=answer)

    make_proposal(component, author=resident)
    _first, second = assert_constant_queries(login(manager),
                                             _url("manage_register", component), grow)
    assert second.content.decode().count("Accepted (") == 3


def test_the_register_filters(component: Component, manager: User, official: User,
                              area: Area, resident: User) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    late = make_proposal(component, author=resident, title="Late one",
                         answer_due_on=yesterday, threshold_reached_at=timezone.now(),
                         department=area, evaluator=official)
    answered = make_proposal(component, author=resident, title="Answered one",
                             answer_due_on=yesterday, threshold_reached_at=timezone.now())
    drafted = make_proposal(component, author=resident, title="Drafted one")
    make_proposal(component, author=resident, title="Withdrawn one",
                  state=ProposalState.WITHDRAWN)
    answer = proposal_answer_save_draft(acting_user=manager, proposal=answered,
                                        outcome=Outcome.ACCEPTED, justification="")
    proposal_answer_approve(acting_user=official, answer=answer)
    proposal_answer_publish(acting_user=manager, answer=answer)
    proposal_answer_save_draft(acting_user=manager, proposal=drafted,
                               outcome=Outcome.ACCEPTED, justification="")
    client = login(manager)
    url = _url("manage_register", component)

    def titles(**params: Any) -> set[str]:
        page = client.get(url, params).context["page_obj"]
        return {item.title for item in page.object_list}

    assert titles(overdue="on") == {late.title}
    assert titles(department=area.pk) == {late.title}
    assert titles(evaluator=official.pk) == {late.title}
    assert titles(answer="none") == {late.title, "Withdrawn one"}
    assert titles(answer="draft") == {drafted.title}
    assert titles(answer="published") == {answered.title}
    assert titles(state="withdrawn") == {"Withdrawn one"}
    assert client.get(url, {"state": "nonsense"}).status_code == 200


def test_the_evaluation_form_reads_amounts_per_language(proposal: Proposal,
                                                        component: Component,
                                                        manager: User) -> None:
    client = login(manager)
    url = _url("manage_evaluation", component, proposal)
    response = client.post(url, {"action": "evaluate", "cost_estimate": "1 234,50",
                                 "feasibility": "feasible"}, HTTP_ACCEPT_LANGUAGE="ro")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.cost_estimate == decimal.Decimal("1234.50")
    response = client.post(url, {"action": "evaluate", "cost_estimate": "1234.50",
                                 "feasibility": "feasible"})
    assert response.status_code == 302
    response = client.post(url, {"action": "evaluate", "cost_estimate": "a lot",
                                 "feasibility": "feasible"})
    assert response.status_code == 200
    assert ("Write the cost as an amount, e.g. 1 234,50 or 1234.50, with at most two "
            "decimals and no minus sign.") in response.content.decode()


def test_the_evaluation_page_lists_notes_newest_first(proposal: Proposal,
                                                      component: Component,
                                                      manager: User) -> None:
    client = login(manager)
    url = _url("manage_evaluation", component, proposal)
    client.post(url, {"action": "note", "body": "First note"})
    client.post(url, {"action": "note", "body": "Second note"})
    page = client.get(url).content.decode()
    assert page.index("Second note") < page.index("First note")
    assert client.post(url, {"action": "note", "body": ""}).status_code == 200


def test_the_answer_page_runs_four_eyes(proposal: Proposal, component: Component,
                                        manager: User, official: User) -> None:
    url = _url("manage_answer", component, proposal)
    drafter, reviewer = login(manager), login(official)
    response = drafter.post(url, {"action": "draft", "outcome": "integrated",
                                  "justification": "In the plan."})
    assert response.status_code == 200
    assert "Give the address of the commitment." in response.content.decode()
    assert drafter.post(url, {"action": "draft", "outcome": "integrated",
                              "justification": "In the plan.", "commitment_title": "Benches",
                              "commitment_url": "https://plan.example.org/1"}
                        ).status_code == 302
    page = drafter.get(url).content.decode()
    assert "You drafted this answer: another official must review your answer." in page
    assert drafter.post(url, {"action": "approve"}).status_code == 200
    assert ProposalAnswer.objects.get().state == AnswerState.DRAFT
    assert reviewer.post(url, {"action": "approve"}).status_code == 302
    assert drafter.post(url, {"action": "publish"}).status_code == 302
    answer = ProposalAnswer.objects.get()
    assert answer.state == AnswerState.PUBLISHED

    public = Client().get(proposal.get_absolute_url()).content.decode()
    assert "Integrated into the action plan" in public
    assert '<a href="https://plan.example.org/1">Benches</a>' in public


def test_the_public_page_shows_the_current_answer_and_its_history(
        proposal: Proposal, manager: User, official: User, org: Organization) -> None:
    org.languages = ["en", "ro"]
    org.save()
    first = proposal_answer_save_draft(acting_user=manager, proposal=proposal,
                                       outcome=Outcome.EVALUATING, justification="")
    proposal_answer_approve(acting_user=official, answer=first)
    proposal_answer_publish(acting_user=manager, answer=first)
    ProposalAnswer.objects.filter(pk=first.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=5))
    second = proposal_answer_save_draft(
        acting_user=manager, proposal=proposal, outcome=Outcome.REJECTED,
        justification="No room.", justification_translations={"ro": "Nu este loc."})
    draft_page = Client().get(proposal.get_absolute_url()).content.decode()
    assert "No room." not in draft_page and "Being evaluated" in draft_page
    proposal_answer_approve(acting_user=official, answer=second)
    proposal_answer_publish(acting_user=manager, answer=second)
    page = Client().get(proposal.get_absolute_url()).content.decode()
    assert page.index("Rejected") < page.index("Earlier answers") < page.index(
        "Being evaluated")
    assert "No room." in page
    romanian = Client().get(proposal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ro")
    assert "Nu este loc." in romanian.content.decode()


def test_merge_and_split_pages(component: Component, manager: User, resident: User,
                               org: Organization) -> None:
    a = make_proposal(component, author=resident, title="Benches")
    b = make_proposal(component, author=resident, title="Benches too")
    client = login(manager)
    assert client.post(_url("manage_merge", component, b), {}).status_code == 200
    response = client.post(_url("manage_merge", component, b), {"target": a.number})
    assert response.status_code == 302
    b.refresh_from_db()
    assert (b.state, b.merged_into) == (ProposalState.MERGED, a)
    page = Client().get(b.get_absolute_url()).content.decode()
    assert f'proposal No. {a.number}</a>' in page
    response = client.post(_url("manage_split", component, a),
                           {"title": "A fountain", "body": "A fountain too."})
    assert response.status_code == 302
    assert Proposal.objects.get(split_from=a).title == "A fountain"



def test_it_says_why_a_draft_or_merged_proposal_takes_no_evaluation_or_answer(
        component: Component, manager: User, resident: User) -> None:
    draft = make_proposal(component, author=resident, state=ProposalState.DRAFT)
    target = make_proposal(component, author=resident, title="Shade along the main alley")
    merged = make_proposal(component, author=resident, state=ProposalState.MERGED,
                           merged_into=target, merged_at=timezone.now())
    client = login(manager)

    response = client.post(_url("manage_evaluation", component, draft),
                           {"action": "evaluate", "cost_estimate": "1000",
                            "feasibility": "feasible"})
    assert response.status_code == 200
    assert ("A draft proposal cannot be evaluated: its authors have not published it yet."
            in response.content.decode())
    response = client.post(_url("manage_evaluation", component, merged),
                           {"action": "evaluate", "cost_estimate": "1000",
                            "feasibility": "feasible"})
    assert response.status_code == 200
    assert ("This proposal was merged into another one: evaluate that one instead."
            in response.content.decode())
    response = client.post(_url("manage_answer", component, merged),
                           {"action": "draft", "outcome": "rejected",
                            "justification": "No room on that street."})
    assert response.status_code == 200
    assert ("This proposal was merged into another one: answer that one instead."
            in response.content.decode())
    assert not ProposalAnswer.objects.filter(proposal=merged).exists()
    for proposal in (draft, merged):
        proposal.refresh_from_db()
        assert proposal.cost_estimate is None
