"""The voting pages: a ballot per method POSTed over its limits straight to the view is
refused with the message and nothing is stored; a valid one shows the receipt; the receipt
check and change pages; the staff's key upload and turnout."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from participa.components.budgets.models import (
    Ballot,
    ElectionKey,
    Pool,
    Voter,
)
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.tests.conftest import make_edition
from participa.components.budgets.tests.voting_support import (
    admitted,
    pool_for,
    resident_of,
    voting_edition,
)
from participa.conftest import make_user
from participa.core.models import Organization, User
from participa.lib.ballots import generate_keypair
from participa.lib.ballots.sealing import key_fingerprint
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db

RECEIPT = re.compile(r'id="receipt-code">([0-9A-Z-]{24})<')


def text(response: Any) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def url(name: str, component: Component, *args: Any) -> str:
    return reverse(f"spaces:budgets:{name}", args=[component.space.slug, component.pk, *args])


@pytest.fixture
def voter(org: Organization) -> User:
    return resident_of(org, "voter")


# Over-limit ballots for each method, as a hand-made POST would send them.
OVER_LIMIT = [
    ("approval", lambda p: {"project": [str(x.pk) for x in p]},
     "You chose 3 projects: choose at most 2 projects."),
    ("cumulative", lambda p: {f"points-{p[0].pk}": "3", f"points-{p[1].pk}": "3"},
     "You gave 6 points: you have 5 points to distribute."),
    ("cumulative", lambda p: {f"points-{p[0].pk}": "-2"},
     "“Project {pool}-0”: points must be a whole number, 0 or more."),
    ("ranked", lambda p: {f"rank-{p[0].pk}": "1", f"rank-{p[1].pk}": "2",
                          f"rank-{p[2].pk}": "3"},
     "“Project {pool}-2”: choose a rank from 1 to 2."),
    ("knapsack", lambda p: {"project": [str(x.pk) for x in p]},
     # (text() reads the no-break spaces between thousands as spaces)
     "Together your projects cost 90 000.00, more than the pool's 80 000.00: remove some."),
]


@pytest.mark.parametrize(("method", "post", "message"), OVER_LIMIT)
def test_it_refuses_an_over_limit_ballot_posted_straight_to_the_view(
        client_for, component: Component, voter: User, method: str, post: Any,
        message: str):
    edition, _private = voting_edition(component)
    pool = pool_for(edition, method, amount="80000")
    projects = admitted(component, pool, ["20000", "30000", "40000"])

    response = client_for(voter).post(url("vote", component, pool.pk), post(projects))

    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert f'<li><a href="#ballot">{message.format(pool=pool.pk)}</a></li>' in page
    assert not Voter.objects.exists() and not Ballot.objects.exists()


def test_a_refused_ballot_keeps_what_the_voter_chose(client_for, component: Component,
                                                     voter: User):
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "cumulative")
    first, second, _third = admitted(component, pool, ["1000", "2000", "3000"])
    response = client_for(voter).post(url("vote", component, pool.pk),
                                      {f"points-{first.pk}": "3", f"points-{second.pk}": "4"})
    page = text(response)
    assert f'name="points-{first.pk}" id="project-{first.pk}" value="3"' in page
    assert f'name="points-{second.pk}" id="project-{second.pk}" value="4"' in page
    assert f"“Project {pool.pk}-1”: at most 3 points to one project." in page


def test_a_voter_casts_and_sees_the_receipt_once(client_for, component: Component,
                                                 voter: User):
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "ranked")
    first, second = admitted(component, pool, ["1000", "2000"])
    client = client_for(voter)
    assert "Rank up to 2 projects: 1 is your first choice." in text(
        client.get(url("vote", component, pool.pk)))

    response = client.post(url("vote", component, pool.pk),
                           {f"rank-{first.pk}": "2", f"rank-{second.pk}": "1"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    receipt = RECEIPT.search(response.content.decode())
    assert receipt is not None
    assert "it is shown only this once" in text(response)
    assert Ballot.objects.get().choices == [[second.pk, 1], [first.pk, 2]]
    again = client.post(url("vote", component, pool.pk), {f"rank-{first.pk}": "1"})
    assert "You have already voted in this pool." in text(again)
    assert Ballot.objects.count() == 1

    checked = client_for(None).post(url("receipt_check", component),
                                    {"receipt": receipt.group(1)})
    assert "Your ballot in “Ranked” was recorded on" in text(checked)


def test_the_knapsack_page_adds_up_the_choices_without_casting(client_for,
                                                               component: Component,
                                                               voter: User):
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "knapsack", amount="80000")
    first, second, third = admitted(component, pool, ["20000", "30000", "40000"])
    response = client_for(voter).post(url("vote", component, pool.pk), {
        "project": [str(first.pk), str(second.pk)], "action": "total"})
    assert response.status_code == 200
    assert "Chosen: 50,000.00 lei. Left in the pool: 30,000.00 lei." in text(response)
    assert not Ballot.objects.exists()

    over = client_for(voter).post(url("vote", component, pool.pk), {
        "project": [str(first.pk), str(second.pk), str(third.pk)], "action": "total"})
    assert "Chosen: 90,000.00 lei, 10,000.00 lei more than the pool.</strong> Remove some " \
        "projects." in text(over)
    assert "Left in the pool" not in text(over)
    assert not Ballot.objects.exists()


def test_the_page_says_why_a_person_may_not_vote(client_for, org: Organization,
                                                 component: Component):
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "approval")
    page = text(client_for(make_user(org, "unverified")).get(url("vote", component, pool.pk)))
    assert "You cannot vote here now" in page
    assert ("Only residents of the city may vote: declare your address or find yourself in "
            "the register of residents.") in page
    assert reverse("verifications:index") in page
    anonymous = text(client_for(None).get(url("vote", component, pool.pk)))
    assert "Sign in with an account of this organization to vote." in anonymous


def test_a_post_of_someone_not_eligible_stores_nothing(client_for, org: Organization,
                                                       component: Component):
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "approval")
    project = admitted(component, pool, ["1000"])[0]
    response = client_for(make_user(org, "unverified")).post(
        url("vote", component, pool.pk), {"project": [str(project.pk)]})
    assert response.status_code == 403
    assert not Ballot.objects.exists()


def test_a_voter_changes_their_ballot_by_receipt(client_for, component: Component,
                                                 voter: User):
    edition, _private = voting_edition(component, allow_ballot_change=True)
    pool = pool_for(edition, "approval")
    first, second = admitted(component, pool, ["1000", "2000"])
    cast = client_for(voter).post(url("vote", component, pool.pk),
                                  {"project": [str(first.pk)]})
    receipt = RECEIPT.search(cast.content.decode())
    assert receipt is not None

    stranger = client_for(None)
    wrong = stranger.post(url("ballot_change", component, pool.pk),
                          {"receipt": "7KQ3-M9XD", "project": [str(second.pk)]})
    assert wrong.status_code == 400
    assert "This is not a receipt code" in text(wrong)
    unknown = stranger.post(url("ballot_change", component, pool.pk),
                            {"receipt": "0000-0000-0000-0000-0000",
                             "project": [str(second.pk)]})
    assert "No ballot has this receipt code." in text(unknown)
    assert f'id="project-{second.pk}" checked' in text(unknown)
    changed = stranger.post(url("ballot_change", component, pool.pk),
                            {"receipt": receipt.group(1), "project": [str(second.pk)]})
    assert "Your ballot is changed" in text(changed)
    assert Ballot.objects.get(replaced_at__isnull=True).choices == [[second.pk, 1]]


def test_the_change_page_says_when_changes_are_not_allowed(client_for,
                                                           component: Component):
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "approval")
    page = text(client_for(None).get(url("ballot_change", component, pool.pk)))
    assert "This participatory budget does not allow changing a ballot once it is cast." in page


def test_the_voting_page_shows_the_key_fingerprint(client_for, component: Component):
    edition, _private = voting_edition(component)
    pool_for(edition, "approval")
    fingerprint = ElectionKey.objects.get().fingerprint
    assert f"<code>{fingerprint}</code>" in text(client_for(None).get(url("voting", component)))
    assert f"<code>{fingerprint}</code>" in text(client_for(None).get(url("index", component)))


# --- staff -----------------------------------------------------------------------------------


def manage_url(component: Component) -> str:
    return reverse("manage:budgets:manage_voting", args=[component.space.slug, component.pk])


def test_staff_publish_the_public_key_and_a_private_key_is_refused(client_for,
                                                                   component: Component,
                                                                   manager: User):
    edition = make_edition(component, phase=EditionPhase.APPEALS)
    public, private = generate_keypair()
    client = client_for(manager)
    refused = client.post(manage_url(component), {"public_key": private,
                                                  "fingerprint": key_fingerprint(public)})
    assert refused.status_code == 400
    assert "This is the PRIVATE key: it must never be uploaded." in text(refused)
    assert not ElectionKey.objects.exists()

    response = client.post(manage_url(component), {"public_key": public,
                                                   "fingerprint": key_fingerprint(public)})
    assert response.status_code == 302
    assert ElectionKey.objects.get(edition=edition).public_key == public


def test_staff_read_the_turnout_per_pool(client_for, org: Organization,
                                         component: Component, manager: User):
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "approval")
    project = admitted(component, pool, ["1000"])[0]
    for index in range(3):
        client_for(resident_of(org, f"v{index}")).post(url("vote", component, pool.pk),
                                                       {"project": [str(project.pk)]})
    page = text(client_for(manager).get(manage_url(component)))
    assert "<th scope=\"row\">Approval</th><td>3</td><td>0</td><td>3</td><td>0</td>" in page
    assert "The election key can no longer change: voting has opened." in page


def test_the_staff_page_is_missing_for_residents(client_for, component: Component,
                                                 voter: User):
    voting_edition(component)
    assert client_for(voter).get(manage_url(component)).status_code == 404


def test_a_pool_of_another_edition_is_missing(client_for, org: Organization,
                                              component: Component, voter: User):
    from participa.components.budgets.tests.conftest import make_component, make_space

    voting_edition(component)
    other = make_component(make_space(org, slug="other"))
    other_edition, _ = voting_edition(other)
    foreign: Pool = pool_for(other_edition, "approval")
    assert client_for(voter).get(url("vote", component, foreign.pk)).status_code == 404




def test_a_missing_year_of_birth_is_shown_next_to_its_field(client_for, component: Component,
                                                           voter: User):
    edition, _private = voting_edition(component, min_age=16)
    pool = pool_for(edition, "approval")
    project = admitted(component, pool, ["1000"])[0]
    response = client_for(voter).post(url("vote", component, pool.pk),
                                      {"project": [str(project.pk)]})
    page = text(response)
    assert response.status_code == 400
    assert '<li><a href="#birth_year">Enter your year of birth.</a></li>' in page
    assert '<p class="error" id="birth_year_error">Enter your year of birth.</p>' in page
    assert 'aria-describedby="birth_year_helptext birth_year_error"' in page
    assert f'id="project-{project.pk}" checked' in page
    assert not Ballot.objects.exists()


def test_the_ballot_asks_an_optional_year_of_birth_where_age_bands_are_published(
        client_for, component: Component, voter: User):
    edition, _private = voting_edition(component, publish_age_band=True)
    pool = pool_for(edition, "approval")
    project = admitted(component, pool, ["20000"])[0]
    client = client_for(voter)
    page = text(client.get(url("vote", component, pool.pk)))
    assert 'Year of birth <span class="muted">(optional)</span></label>' in page
    assert ("Only your age band (for example 25-34) is kept with your anonymous ballot and "
            "published with the results.") in page
    forty = str(timezone.localdate().year - 40)
    response = client.post(url("vote", component, pool.pk),
                           {"project": [str(project.pk)], "birth_year": forty})
    assert RECEIPT.search(response.content.decode())
    assert Ballot.objects.get().age_band == "35-44"
