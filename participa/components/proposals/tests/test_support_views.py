"""The supports box of the proposal page and the cards' line: the button in each state (works
without JavaScript: plain POST forms and messages), the threshold's progress, the answer's
deadline and overdue mark, and pages in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import formats, timezone

from participa.answers.models import AnswerState
from participa.components.proposals.models import Proposal, ProposalAnswer, Support
from participa.components.proposals.tests.conftest import make_component, make_proposal
from participa.conftest import login, make_user
from participa.core.models import Organization, User
from participa.spaces.models import Component, Space
from participa.testing import assert_constant_queries

pytestmark = pytest.mark.django_db

SETTINGS = {"threshold_supports": 300, "threshold_days": 90, "answer_days": 30}


def day(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


@pytest.fixture
def component(space: Space) -> Component:
    return make_component(space, settings=SETTINGS)


def support_url(proposal: Proposal) -> str:
    return proposal.get_absolute_url() + "support/"


def page(client: Client, proposal: Proposal) -> str:
    response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_resident_supports_then_withdraws_without_javascript(proposal: Proposal,
                                                               org: Organization) -> None:
    supporter = make_user(org, "supporter")
    client = login(supporter)
    until = day(timezone.localdate() + datetime.timedelta(days=90))
    assert f"0 of 300 supports, until {until}" in page(client, proposal)
    assert "Support this proposal" in page(client, proposal)

    response = client.post(support_url(proposal), follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("#supports")
    assert "Thank you: you support this proposal." in html
    assert f"1 of 300 supports, until {until}" in html
    assert "You support this proposal." in html
    assert "Withdraw my support" in html

    response = client.post(support_url(proposal) + "withdraw/", follow=True)

    html = response.content.decode()
    assert "You withdrew your support of this proposal." in html
    assert f"0 of 300 supports, until {until}" in html
    assert not Support.objects.exists()


def test_a_second_click_answers_that_the_resident_already_supports_it(
        proposal: Proposal, org: Organization) -> None:
    supporter = make_user(org, "supporter")
    Support.objects.create(proposal=proposal, user=supporter)
    Proposal.objects.filter(pk=proposal.pk).update(supports_count=1)

    response = login(supporter).post(support_url(proposal), follow=True)

    assert response.status_code == 200
    assert "You already support it." in response.content.decode()
    assert Support.objects.filter(proposal=proposal).count() == 1


def test_a_visitor_is_asked_to_sign_in(proposal: Proposal) -> None:
    client = Client()
    assert "Sign in to support this proposal" in page(client, proposal)

    response = client.post(support_url(proposal))

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not Support.objects.exists()


def test_the_author_reads_why_there_is_no_button(proposal: Proposal, resident: User) -> None:
    html = page(login(resident), proposal)

    assert "You cannot support your own proposal" in html
    assert "Support this proposal" not in html

    response = login(resident).post(support_url(proposal), follow=True)
    assert "You cannot support your own proposal" in response.content.decode()


def test_a_get_does_not_support(proposal: Proposal, org: Organization) -> None:
    response = login(make_user(org, "supporter")).get(support_url(proposal))
    assert response.status_code == 405
    assert not Support.objects.exists()


def test_the_page_shows_the_deadline_then_the_overdue_answer(component: Component,
                                                             resident: User) -> None:
    due = timezone.localdate() + datetime.timedelta(days=12)
    proposal = make_proposal(component, author=resident, supports_count=300,
                             threshold_reached_at=timezone.now(), answer_due_on=due)

    html = page(Client(), proposal)
    assert f"The city must answer by {day(due)}." in html
    assert "300 supports" in html

    past = timezone.localdate() - datetime.timedelta(days=3)
    Proposal.objects.filter(pk=proposal.pk).update(answer_due_on=past)
    html = page(Client(), proposal)
    assert f'<p class="proposal-deadline error"><strong>The answer is overdue since {day(past)}.' \
        in html


def test_a_published_answer_ends_the_overdue_mark(component: Component, resident: User,
                                                  manager: User, official: User) -> None:
    past = timezone.localdate() - datetime.timedelta(days=3)
    proposal = make_proposal(component, author=resident, supports_count=300,
                             threshold_reached_at=timezone.now(), answer_due_on=past)
    ProposalAnswer.objects.create(proposal=proposal, outcome="accepted",
                                  state=AnswerState.PUBLISHED, drafted_by=manager,
                                  reviewed_by=official, published_at=timezone.now())

    html = page(Client(), proposal)

    assert "overdue" not in html
    assert f"The city must answer by {day(past)}." in html


def test_cards_show_the_progress_in_a_fixed_number_of_queries(component: Component,
                                                              resident: User,
                                                              org: Organization) -> None:
    make_proposal(component, author=resident, supports_count=123)
    url = component.get_absolute_url()

    def grow() -> None:
        for index in range(3):
            make_proposal(component, author=make_user(org, f"author{index}"),
                          supports_count=index, threshold_reached_at=timezone.now(),
                          answer_due_on=timezone.localdate())

    first, second = assert_constant_queries(Client(), url, grow)

    until = day(timezone.localdate() + datetime.timedelta(days=90))
    assert f"123 of 300 supports, until {until}" in first.content.decode()
    assert "1 support ·" in second.content.decode()


def test_the_proposal_page_runs_a_fixed_number_of_queries(proposal: Proposal,
                                                          org: Organization) -> None:
    client = login(make_user(org, "reader"))

    def grow() -> None:
        for index in range(5):
            Support.objects.create(proposal=proposal, user=make_user(org, f"fan{index}"))

    assert_constant_queries(client, proposal.get_absolute_url(), grow)


def test_the_staff_register_flags_overdue_answers_first(component: Component,
                                                        resident: User, manager: User) -> None:
    make_proposal(component, author=resident, title="Recent and fine")
    make_proposal(component, author=resident, title="Late answer",
                  threshold_reached_at=timezone.now(),
                  answer_due_on=timezone.localdate() - datetime.timedelta(days=1))
    url = f"/manage/spaces/{component.space.slug}/proposals/{component.pk}/"

    response = login(manager).get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Late answer") < html.index("Recent and fine")
    assert '<strong class="error">overdue</strong>' in html


def test_a_visitor_reads_that_supports_are_closed(space: Space, resident: User) -> None:
    component = make_component(space, switches={"supports_enabled": False})
    proposal = make_proposal(component, author=resident)

    html = page(Client(), proposal)

    assert "Supports are closed at the moment." in html
    assert "Sign in to support" not in html
    assert "Support this proposal" not in html
