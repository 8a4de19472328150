"""The budgets' open data on the platform's open-data page: the projects, their review and
appeals, and the published results are listed there, and none of their files holds personal
data (authors, e-mail addresses, addresses, appeals' own text, voters, ballots)."""

from __future__ import annotations

import csv
import datetime
import io
import uuid
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from participa.components.budgets.exports import RESULTS_COLUMNS, results_open_data_rows
from participa.components.budgets.models import (
    Ballot,
    Edition,
    ProjectState,
    Voter,
)
from participa.components.budgets.models_results import PoolResult
from participa.components.budgets.models_review import Appeal, AppealOutcome, Assessment
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services import results as results_services
from participa.components.budgets.tests.conftest import (
    make_official,
    make_pool,
    make_project,
    move_to,
)
from participa.components.budgets.tests.voting_support import voting_edition
from participa.conftest import make_user
from participa.core.models import Area, Organization, User
from participa.opendata.services import open_data_build
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db

BUDGET_FILES = ("budgets_budget_projects.csv", "budgets_budget_project_reviews.csv",
                "budgets_budget_results.csv")


@pytest.fixture
def published(org: Organization, component: Component, area: Area, manager: User,
              django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    """An edition with its review, a decided appeal, ballots and published results."""
    edition, _private = voting_edition(component)
    pool = make_pool(edition, name="City-wide", amount="100000",
                     max_project_cost=Decimal("60000"), max_projects=2, rule="greedy")
    author = make_user(org, "ana_author")
    reviewer = make_official(org, "ioana_reviewer", area)
    benches = make_project(component, author=author, pool=pool, state=ProjectState.ADMITTED,
                           title="Benches", address="Strada Privată 5",
                           items=(("Benches", "40000"),))
    trees = make_project(component, author=author, pool=pool, state=ProjectState.ADMITTED,
                         title="Trees", items=(("Trees", "30000"),))
    for project, outcome in ((benches, "admitted"), (trees, "not_admitted")):
        Assessment.objects.create(
            project=project, reviewer=reviewer, department=area, legality="yes",
            feasibility="yes", formal_compliance="yes", outcome=outcome,
            justification="" if outcome == "admitted" else "Private land.",
            published_at=timezone.now(), published_by=reviewer)
    today = timezone.localdate()
    Appeal.objects.create(project=trees, author=author, reason="My neighbour Ion agrees.",
                          window_closes_on=today, deadline=today + datetime.timedelta(days=9),
                          decided_by=manager, decided_at=timezone.now(),
                          outcome=AppealOutcome.UPHELD, reasons="The land is public.",
                          published_at=timezone.now())
    keys = []
    for choices in ([benches], [benches, trees], [trees]):
        Ballot.objects.create(edition=edition, pool=pool, cast_on=today,
                              choices=[[p.pk, 1] for p in choices],
                              receipt_digest=uuid.uuid4().hex)
        key = uuid.uuid4().hex
        keys.append(key)
        Voter.objects.create(edition=edition, pool=pool, voter_key=key, channel="online",
                             sealed_link=b"sealed")
    move_to(edition, EditionPhase.RESULTS)
    Edition.objects.filter(pk=edition.pk).update(frozen_at=timezone.now())
    edition.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        results_services.results_compute(acting_user=manager, edition=edition)
    results_services.results_publish(acting_user=manager, edition=edition)
    return {"benches": benches, "trees": trees, "keys": keys, "author": author,
            "reviewer": reviewer}


def test_the_results_are_open_data_once_published(published: Any, component: Component):
    rows = results_open_data_rows(component)
    assert [list(row) for row in rows] == [RESULTS_COLUMNS] * 2
    sha256 = PoolResult.objects.get().sha256
    assert [(row["number"], row["title"], row["votes"], row["selected"],
             row["ballot_file_sha256"]) for row in rows] == [
        (published["benches"].number, "Benches", 2, True, sha256),
        (published["trees"].number, "Trees", 2, True, sha256)]
    PoolResult.objects.update(published_at=None)
    assert results_open_data_rows(component) == []


def test_the_open_data_page_lists_the_budget_files_without_personal_data(
        published: Any, org: Organization, client_for: Any):
    open_data_build(organization=org)
    page = client_for(None).get("/open-data/").content.decode()
    for name in BUDGET_FILES:
        assert f'<th scope="row">{name}</th>' in page
    download = client_for(None).get("/open-data/latest.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    texts = {name: archive.read(name).decode("utf-8-sig") for name in BUDGET_FILES}
    assert {name: len(list(csv.reader(io.StringIO(text)))) - 1
            for name, text in texts.items()} == {name: 2 for name in BUDGET_FILES}
    author, reviewer = published["author"], published["reviewer"]
    personal = [author.username, author.email, author.display_name, reviewer.username,
                reviewer.email, reviewer.display_name, "Strada Privată 5",
                "My neighbour Ion agrees.", *published["keys"],
                *(str(pk) for pk in Ballot.objects.values_list("pk", flat=True)),
                *Ballot.objects.values_list("receipt_digest", flat=True)]
    for name, text in texts.items():
        for value in personal:
            assert value and value not in text, (name, value)
    # What is public is there: the decision's reasons and the results.
    assert "The land is public." in texts["budgets_budget_project_reviews.csv"]
    assert PoolResult.objects.get().sha256 in texts["budgets_budget_results.csv"]
