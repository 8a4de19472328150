"""'Download my data' gives what the person gave to participatory budgets: their projects,
co-authorships, support signatures, appeals and that they voted — never what they voted."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.utils import timezone

from participa.components.budgets.models import Ballot, ProjectState, ProjectSupport, Residence
from participa.components.budgets.models_review import Appeal
from participa.components.budgets.services.voting import ballot_cast
from participa.components.budgets.tests.conftest import make_project
from participa.components.budgets.tests.voting_support import admitted, pool_for, voting_edition
from participa.conftest import make_user
from participa.core.models import Organization, User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def test_my_data_lists_my_budget_projects_signatures_appeals_and_that_i_voted(
        client_for: Any, component: Component, org: Organization, resident: User):
    edition, _private = voting_edition(component, residence=Residence.ANYONE)
    pool = pool_for(edition, "approval")
    other = make_user(org, "other")
    mine = make_project(component, author=resident, pool=pool, state=ProjectState.ADMITTED,
                        title="Benches in the park", address="Main street 1")
    theirs = make_project(component, author=other, pool=pool, state=ProjectState.ADMITTED,
                          title="Trees on the square")
    theirs.coauthors.add(resident)
    refused = make_project(component, author=other, pool=pool,
                           state=ProjectState.NOT_ADMITTED, title="A new stadium")
    ProjectSupport.objects.create(project=theirs, user=resident)
    today = timezone.localdate()
    Appeal.objects.create(project=refused, author=resident, reason="It is legal.",
                          window_closes_on=today, deadline=today + datetime.timedelta(days=14))
    ballot_cast(acting_user=resident, edition=edition, pool=pool, choices={theirs.pk: 1})
    ballot_cast(acting_user=other, edition=edition, pool=pool, choices={mine.pk: 1})
    admitted(component, pool, ["1000"])  # a project the person has nothing to do with

    response = client_for(resident).get("/account/my-data/")
    assert response.status_code == 200
    data = json.loads(response.content)["components"]["budgets"]
    space = str(component.space)
    [submitted] = data["projects_submitted"]
    assert {key: submitted[key] for key in ("space", "number", "title", "description",
                                            "state", "address", "estimated_cost")} == {
        "space": space, "number": mine.number, "title": "Benches in the park",
        "description": "Ten benches along the main alley.", "state": "admitted",
        "address": "Main street 1", "estimated_cost": "5000.00"}
    assert data["projects_coauthored"] == [
        {"space": space, "number": theirs.number, "title": "Trees on the square",
         "state": "admitted"}]
    assert [(s["number"], s["title"]) for s in data["support_signatures"]] == [
        (theirs.number, "Trees on the square")]
    [appeal] = data["appeals"]
    assert (appeal["number"], appeal["reason"], appeal["decision"]) == (
        refused.number, "It is legal.", "")
    [vote] = data["votes"]
    assert set(vote) == {"participatory_budget", "pool", "channel", "voted_at", "annulled_at"}
    assert (vote["participatory_budget"], vote["pool"], vote["channel"]) == (
        space, "Approval", "online")
    # The ballot stays secret: nothing of it is in the export.
    ballot = Ballot.objects.get(choices=[[theirs.pk, 1]])
    text = response.content.decode()
    assert str(ballot.pk) not in text and ballot.receipt_digest not in text
    assert "choices" not in text


def test_my_data_has_an_empty_budgets_section_for_someone_who_took_no_part(
        client_for: Any, component: Component, resident: User):
    voting_edition(component)
    data = json.loads(client_for(resident).get("/account/my-data/").content)
    assert data["components"]["budgets"] == {
        "projects_submitted": [], "projects_coauthored": [], "support_signatures": [],
        "appeals": [], "votes": []}
