"""The staff fraud dashboard (reasons and counts, never ballots; quarantine; the commission's
resolution; reports), who may see and use it, its fixed number of queries, and the
resident's "someone voted as me" page."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participa.components.budgets.models import Edition, Pool, Voter
from participa.components.budgets.models_fraud import (
    BallotQuarantine,
    VoteAsMeReport,
    VoteAsMeState,
    VoterQuarantine,
)
from participa.components.budgets.services import fraud
from participa.components.budgets.services.voting import ballot_cast
from participa.components.budgets.tests.fraud_support import add_voters
from participa.components.budgets.tests.voting_support import (
    admitted,
    pool_for,
    resident_of,
    voting_edition,
)
from participa.core.models import Organization, User
from participa.lib.ballots import unseal_link
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(component: Component) -> tuple[Edition, str]:
    return voting_edition(component)


@pytest.fixture
def city(voting: tuple[Edition, str]) -> Pool:
    pool = pool_for(voting[0], "approval")
    admitted(voting[0].component, pool, ["20000", "30000"])
    return pool


def dashboard(component: Component, name: str = "manage_fraud", *args: Any) -> str:
    return reverse(f"manage:budgets:{name}", args=[component.space.slug, component.pk, *args])


def not_me(component: Component) -> str:
    return reverse("spaces:budgets:vote_as_me", args=[component.space.slug, component.pk])


def test_it_lists_clusters_with_reasons_and_counts(client_for: Any, component: Component,
                                                   voting: tuple[Edition, str], city: Pool,
                                                   admin: User):
    add_voters(voting[0], city, 320, prefix="wro", ip="83.24.17.5", phones=65)
    response = client_for(admin).get(dashboard(component))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<th scope="row">320 votes from one internet address.</th>' in page
    assert '<th scope="row">65 phone numbers used from one internet address.</th>' in page
    assert "<code>83.24.17.5</code>" in page
    assert "choices" not in page
    assert "No ballot is excluded." in page


def test_staff_quarantine_a_cluster_and_the_commission_resolves(
        client_for: Any, component: Component, voting: tuple[Edition, str], city: Pool,
        org: Organization, admin: User):
    edition, private = voting
    project = city.projects.first()
    assert project is not None
    for k in range(3):
        ballot_cast(acting_user=resident_of(org, f"v{k}"), edition=edition, pool=city,
                    choices={project.pk: 1})
    Voter.objects.update(device_digest="one-computer")
    client = client_for(admin)
    # A threshold of 10 votes: three votes from one device are no signal yet.
    assert "No unusual group of votes." in client.get(dashboard(component)).content.decode()
    add_voters(edition, city, 10, prefix="pc", device="pc")
    [cluster] = fraud.fraud_clusters(edition)
    refused = client.post(dashboard(component), {"cluster": cluster.token, "reason": ""})
    assert refused.status_code == 400
    assert 'id="id_reason_error"' in refused.content.decode()
    response = client.post(dashboard(component), {"cluster": cluster.token,
                                                  "reason": "One computer"})
    assert response.status_code == 302
    assert VoterQuarantine.objects.count() == 10
    page = client.get(dashboard(component)).content.decode()
    assert "10 votes set aside for the electoral commission." in page
    # One vote by its record number.
    voter = Voter.objects.filter(quarantine__isnull=True).first()
    assert voter is not None
    client.post(dashboard(component), {"voter": str(voter.pk), "reason": "Reported"})
    assert VoterQuarantine.objects.filter(voter=voter, reason="Reported").exists()
    ballot_id = unseal_link(private, bytes(voter.sealed_link)).ballot_id
    response = client.post(dashboard(component, "manage_fraud_resolve"),
                           {"ballot_ids": f"{ballot_id}\n", "reason": "Reported"})
    assert response.status_code == 302
    assert str(BallotQuarantine.objects.get().ballot_id) == ballot_id
    page = client.get(dashboard(component)).content.decode()
    assert "1 vote excluded: Reported" in page
    bad = client.post(dashboard(component, "manage_fraud_resolve"),
                      {"ballot_ids": "nonsense", "reason": "x"})
    assert bad.status_code == 400
    assert "A ballot id is not valid" in bad.content.decode()


def test_a_quarantine_names_a_group_or_one_vote_not_both(client_for: Any,
                                                         component: Component,
                                                         voting: tuple[Edition, str],
                                                         city: Pool, admin: User):
    response = client_for(admin).post(dashboard(component), {"reason": "x"})
    assert response.status_code == 400
    assert "Choose a group of votes or give one vote&#x27;s record number" in \
        response.content.decode()


def test_who_may_see_and_use_the_dashboard(client_for: Any, component: Component,
                                           voting: tuple[Edition, str], city: Pool,
                                           admin: User, manager: User, resident: User,
                                           outsider: User):
    [voter] = add_voters(voting[0], city, 1, prefix="x")
    url = dashboard(component)
    for person in (resident, outsider, None):
        response = client_for(person).get(url)
        assert response.status_code in (302, 404)
        assert client_for(person).post(url, {"voter": str(voter.pk),
                                             "reason": "x"}).status_code in (302, 404)
    # A space manager reads the signals; only administrators set votes aside.
    page = client_for(manager).get(url)
    assert page.status_code == 200
    assert "Set votes aside" not in page.content.decode()
    assert client_for(manager).post(url, {"voter": str(voter.pk),
                                          "reason": "x"}).status_code == 404
    assert not VoterQuarantine.objects.exists()
    assert "Set votes aside" in client_for(admin).get(url).content.decode()


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboard_runs_a_fixed_number_of_queries(client_for: Any, component: Component,
                                                      voting: tuple[Edition, str],
                                                      city: Pool, admin: User,
                                                      org: Organization):
    edition = voting[0]
    client = client_for(admin)
    url = dashboard(component)
    add_voters(edition, city, 30, prefix="a", ip="83.24.17.5", phones=12)
    VoteAsMeReport.objects.create(edition=edition, reporter=resident_of(org, "r1"),
                                  voter_key="k1", statement="Not me")
    client.get(url)  # the first read also finds the organization
    few = _queries(client, url)
    voters = add_voters(edition, city, 300, prefix="b", ip="83.24.17.6", phones=40,
                        device="pc", birth_year=1929)
    fraud.votes_quarantine(acting_user=admin, edition=edition,
                           voter_ids=[v.pk for v in voters[:50]], reason="x")
    for k in range(5):
        VoteAsMeReport.objects.create(edition=edition, reporter=resident_of(org, f"r{k + 2}"),
                                      voter_key=f"k{k + 2}", statement="Not me")
    assert _queries(client, url) == few


def test_a_resident_reports_and_staff_uphold(client_for: Any, component: Component,
                                             voting: tuple[Edition, str], city: Pool,
                                             org: Organization, admin: User):
    edition = voting[0]
    project = city.projects.first()
    assert project is not None
    victim = resident_of(org, "victim")
    ballot_cast(acting_user=victim, edition=edition, pool=city, choices={project.pk: 1})
    client = client_for(victim)
    page = client.get(not_me(component)).content.decode()
    assert "<h1>Someone voted in my name</h1>" in page
    empty = client.post(not_me(component), {"statement": ""})
    assert empty.status_code == 400
    assert 'aria-describedby' in empty.content.decode()
    response = client.post(not_me(component), {"statement": "I did not vote."})
    assert response.status_code == 302
    report = VoteAsMeReport.objects.get()
    assert report.reporter == victim
    staff = client_for(admin)
    page = staff.get(dashboard(component)).content.decode()
    assert "I did not vote." in page
    staff.post(dashboard(component, "manage_vote_as_me", report.pk), {"decision": "uphold"})
    report.refresh_from_db()
    assert report.state == VoteAsMeState.UPHELD
    assert "No report waiting." in staff.get(dashboard(component)).content.decode()
    # The resident votes again through the ballot page.
    vote = reverse("spaces:budgets:vote", args=[component.space.slug, component.pk, city.pk])
    again = client.post(vote, {"project": [str(project.pk)]})
    assert again.status_code == 200
    assert "You have already voted" not in again.content.decode()
    assert Voter.objects.filter(edition=edition, annulled_at__isnull=True).count() == 1


def test_anonymous_visitors_sign_in_to_report(client_for: Any, component: Component,
                                              voting: tuple[Edition, str], outsider: User):
    response = client_for(None).get(not_me(component))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client_for(outsider).post(not_me(component),
                                     {"statement": "x"}).status_code == 404
    assert not VoteAsMeReport.objects.exists()


def test_the_back_office_and_the_voting_page_link_to_fraud_pages(
        client_for: Any, component: Component, voting: tuple[Edition, str], manager: User,
        resident: User):
    page = client_for(manager).get(dashboard(component, "manage_index")).content.decode()
    assert f'<a href="{dashboard(component)}">' in page
    voting_page = reverse("spaces:budgets:voting", args=[component.space.slug, component.pk])
    page = client_for(resident).get(voting_page).content.decode()
    assert f'<a href="{not_me(component)}">Report a vote cast in your name</a>' in page
