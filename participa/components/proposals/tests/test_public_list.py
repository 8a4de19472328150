"""The component's list of proposals: what a card shows, the filters (district with the
districts inside it, area, category, state with the current answer, supported by me, mine),
the sorts (recent, most supported, random with a stable seed), pagination and empty states,
all through the one visibility rule."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.proposals.models import (
    ProposalAnswer,
    ProposalCategory,
    ProposalState,
    Support,
)
from participa.components.proposals.tests.conftest import (
    make_component,
    make_proposal,
    make_space,
)
from participa.components.proposals.views_lists import PROPOSALS_PER_PAGE
from participa.conftest import make_user
from participa.core.models import Area, Scope
from participa.spaces.models import Visibility


def url(component):
    return reverse("spaces:proposals:index", args=[component.space.slug, component.pk])


def titles(page: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', page)


REVIEWERS = itertools.count()


def answer(proposal, outcome, *, published=True, official=None, when=None, **values):
    """An answer straight in the database, drafted by ``official`` and reviewed by another
    (an "integrated" one names its commitment, as the database requires)."""
    if outcome == "integrated":
        values = {"commitment_title": proposal.commitment_title or "Action 1",
                  "commitment_url": proposal.commitment_url or "https://example.org/plan/1",
                  **values}
    when = when or timezone.now()
    reviewer = make_user(proposal.component.space.organization,
                         f"reviewer{next(REVIEWERS)}") if published else None
    return ProposalAnswer.objects.create(
        proposal=proposal, outcome=outcome, justification="Because the budget allows it.",
        state=AnswerState.PUBLISHED if published else AnswerState.DRAFT,
        drafted_by=official, reviewed_by=reviewer,
        reviewed_at=when if published else None, published_at=when if published else None,
        **values)


def test_a_card_shows_number_date_district_category_supports_answer_and_state(
        client_for, component, resident, scope, official):
    category = ProposalCategory.objects.create(component=component, name={"en": "Mobility"})
    proposal = make_proposal(component, author=resident, title="A cycle lane on Main Street",
                             category=category, supports_count=3)
    answer(proposal, "accepted", official=official)
    make_proposal(component, author=resident, title="Benches by the lake",
                  state=ProposalState.WITHDRAWN)

    page = client_for(None).get(url(component)).content.decode()

    card = page[page.index("A cycle lane on Main Street"):]
    card = card[:card.index("</li>")]
    assert "No. 1" in card
    assert "North" in card  # the space's district
    assert "Mobility" in card
    assert "3 supports" in card
    assert "Answer: Accepted" in card
    withdrawn = page[page.index("Benches by the lake"):]
    assert "Withdrawn by its author" in withdrawn[:withdrawn.index("</li>")]
    assert "2 proposals found" in page


def test_it_shows_only_visible_proposals(client_for, component, resident, org):
    make_proposal(component, author=resident, title="Published one")
    make_proposal(component, author=resident, title="A draft", state=ProposalState.DRAFT)
    hidden = make_component(make_space(org, slug="closed", visibility=Visibility.MEMBERS))
    make_proposal(hidden, author=resident, title="Members only")

    page = client_for(None).get(url(component)).content.decode()
    everywhere = client_for(None).get(reverse("proposals_list")).content.decode()

    assert titles(page) == ["Published one"]
    assert titles(everywhere) == ["Published one"]


def test_the_current_answer_is_the_latest_published_one(client_for, component, resident,
                                                        official):
    proposal = make_proposal(component, author=resident, title="Trees on the boulevard")
    answer(proposal, "evaluating", official=official,
           when=timezone.now() - datetime.timedelta(days=3))
    answer(proposal, "rejected", official=official)
    answer(proposal, "accepted", official=official, published=False)

    page = client_for(None).get(url(component)).content.decode()
    by_outcome = client_for(None).get(url(component), {"state": "answer-rejected"})
    by_old = client_for(None).get(url(component), {"state": "answer-evaluating"})
    by_draft = client_for(None).get(url(component), {"state": "answer-accepted"})
    unanswered = client_for(None).get(url(component), {"state": "published"})

    assert "Answer: Rejected" in page
    assert titles(by_outcome.content.decode()) == ["Trees on the boulevard"]
    assert titles(by_old.content.decode()) == []
    assert titles(by_draft.content.decode()) == []
    assert titles(unanswered.content.decode()) == []
    assert "No proposal matches these filters." in by_old.content.decode()


def test_it_filters_by_district_with_its_districts_area_category_and_state(
        client_for, org, resident):
    city = Scope.objects.create(organization=org, code="city", name={"en": "City"})
    east = Scope.objects.create(organization=org, code="east", name={"en": "East"}, parent=city)
    west = Scope.objects.create(organization=org, code="west", name={"en": "West"})
    culture = Area.objects.create(organization=org, code="culture", name={"en": "Culture"})
    component = make_component(make_space(org, slug="plain"))
    category = ProposalCategory.objects.create(component=component, name={"en": "Parks"})
    make_proposal(component, author=resident, title="In the east", scope=east)
    make_proposal(component, author=resident, title="In the west", scope=west,
                  area=culture)
    make_proposal(component, author=resident, title="A park", category=category,
                  state=ProposalState.WITHDRAWN)
    client = client_for(None)

    def shown(**params):
        return sorted(titles(client.get(url(component), params).content.decode()))

    assert shown(scope=city.pk) == ["In the east"]
    assert shown(scope=west.pk) == ["In the west"]
    assert shown(area=culture.pk) == ["In the west"]
    assert shown(category=category.pk) == ["A park"]
    assert shown(state="withdrawn") == ["A park"]
    assert shown(state="published") == ["In the east", "In the west"]


def test_an_unknown_filter_value_gives_a_sentence_not_an_error(client_for, component,
                                                               resident):
    make_proposal(component, author=resident)

    response = client_for(None).get(url(component), {"scope": "999999", "state": "nonsense"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert titles(page) == []


def test_supported_by_me_and_mine(client_for, component, resident, org):
    other = make_user(org, "neighbour")
    mine = make_proposal(component, author=resident, title="Written by me")
    theirs = make_proposal(component, author=other, title="Written by a neighbour")
    coauthored = make_proposal(component, author=other, title="Written together")
    coauthored.coauthors.add(resident)
    Support.objects.create(proposal=theirs, user=resident)
    client = client_for(resident)

    supported = client.get(url(component), {"supported": "on"}).content.decode()
    own = client.get(url(component), {"mine": "on"}).content.decode()

    assert titles(supported) == ["Written by a neighbour"]
    assert "You support it" in supported
    assert sorted(titles(own)) == ["Written by me", "Written together"]
    assert mine.pk
    anonymous = client_for(None).get(url(component)).content.decode()
    assert "Only proposals I support" not in anonymous


def test_it_sorts_by_date_and_by_supports(client_for, component, resident):
    now = timezone.now()
    make_proposal(component, author=resident, title="Old, popular", supports_count=50,
                  published_at=now - datetime.timedelta(days=5))
    make_proposal(component, author=resident, title="New, unknown", supports_count=1,
                  published_at=now)
    make_proposal(component, author=resident, title="Middle", supports_count=7,
                  published_at=now - datetime.timedelta(days=1))
    client = client_for(None)

    assert titles(client.get(url(component)).content.decode()) == [
        "New, unknown", "Middle", "Old, popular"]
    assert titles(client.get(url(component), {"sort": "supported"}).content.decode()) == [
        "Old, popular", "Middle", "New, unknown"]


def _many(component, resident, count):
    for n in range(count):
        make_proposal(component, author=resident, title=f"Proposal {n:03d}")


def test_random_order_is_stable_for_a_seed_and_differs_between_seeds(client_for, component,
                                                                     resident):
    _many(component, resident, 30)
    client = client_for(None)

    def order(seed, page=1):
        return titles(client.get(url(component), {"sort": "random", "seed": seed,
                                                  "page": page}).content.decode())

    first = order(12345) + order(12345, 2)
    assert first == order(12345) + order(12345, 2)
    assert sorted(first) == sorted(f"Proposal {n:03d}" for n in range(30))
    assert first != order(67890) + order(67890, 2)
    assert first != sorted(first) and first != sorted(first, reverse=True)


def _seed(location: str) -> str:
    found = re.search(r"seed=(\d+)", location)
    assert found is not None, location
    return found.group(1)


def test_random_order_without_a_seed_keeps_the_visitors_seed(client_for, component,
                                                             resident):
    _many(component, resident, 3)
    anonymous = client_for(None).get(url(component), {"sort": "random"})
    assert anonymous.status_code == 302
    assert re.search(r"[?&]seed=\d+", anonymous["Location"])

    client = client_for(resident)
    first = client.get(url(component), {"sort": "random", "page": "2"})
    second = client.get(url(component), {"sort": "random"})
    assert _seed(second["Location"]) == _seed(first["Location"])
    assert "page" not in first["Location"]
    page = client.get(first["Location"].replace("?", url(component) + "?", 1)
                      if first["Location"].startswith("?") else first["Location"])
    assert page.status_code == 200
    assert len(titles(page.content.decode())) == 3


def test_pagination_and_empty_state(client_for, component, resident):
    client = client_for(None)
    assert "No proposal has been published here yet." in client.get(
        url(component)).content.decode()

    _many(component, resident, PROPOSALS_PER_PAGE + 2)
    first = client.get(url(component)).content.decode()
    second = client.get(url(component), {"page": 2}).content.decode()

    assert len(titles(first)) == PROPOSALS_PER_PAGE
    assert len(titles(second)) == 2
    assert f"{PROPOSALS_PER_PAGE + 2} proposals found" in first
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_list_runs_a_fixed_number_of_queries(client_for, component, resident, official,
                                                 signed_in, django_assert_max_num_queries):
    # Local import: the shared test helper is only needed here.
    from participa.testing import assert_constant_queries

    category = ProposalCategory.objects.create(component=component, name={"en": "Parks"})
    proposal = make_proposal(component, author=resident, category=category)
    Support.objects.create(proposal=proposal, user=resident)
    client = client_for(resident if signed_in else None)

    def grow():
        for n in range(5):
            more = ProposalCategory.objects.create(component=component, name={"en": f"C{n}"})
            grown = make_proposal(component, author=resident, title=f"Grown {n}",
                                  category=more, supports_count=n)
            answer(grown, "accepted", official=official)
            Support.objects.create(proposal=grown, user=resident)
            grown.coauthors.add(official)

    _first, second = assert_constant_queries(client, url(component) + "?sort=supported", grow)
    assert "Grown 4" in second.content.decode()
    # The target, signed in or not: at most 10 (a visitor's list runs 7; a signed-in
    # person adds themselves, read with everything pages ask about them, and their drafts).
    with django_assert_max_num_queries(10):
        client.get(url(component))
