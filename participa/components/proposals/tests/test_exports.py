"""Staff exports (everything for an answer report) and open data (no personal data)."""

from __future__ import annotations

import csv
import decimal
import io
import json
from typing import Any

import pytest
from django.urls import reverse

from participa.components.proposals.exports import (
    OPEN_DATA_COLUMNS,
    STAFF_COLUMNS,
    open_data_rows,
    staff_rows,
)
from participa.components.proposals.models import (
    Channel,
    Feasibility,
    Outcome,
    Proposal,
    ProposalState,
    Publication,
)
from participa.components.proposals.services.answers import (
    proposal_answer_approve,
    proposal_answer_publish,
    proposal_answer_save_draft,
)
from participa.components.proposals.tests.conftest import make_proposal
from participa.conftest import login, make_user
from participa.core.models import Area, Organization, Role, RoleKind, Scope, User
from participa.opendata.dataset import export_tables
from participa.spaces.models import Component, Visibility


@pytest.fixture
def answered(component: Component, resident: User, manager: User, official: User,
             area: Area, scope: Scope) -> Proposal:
    proposal = make_proposal(component, author=resident, title="=HYPERLINK(\"x\")",
                             body="Benches, says Ion Popescu.", title_public="Benches",
                             body_public="Benches, says [name].", scope=scope,
                             area=area, supports_count=4, department=area, evaluator=official,
                             cost_estimate=decimal.Decimal("1234.50"),
                             feasibility=Feasibility.FEASIBLE)
    answer = proposal_answer_save_draft(
        acting_user=manager, proposal=proposal, outcome=Outcome.INTEGRATED,
        justification="Commitment 4.2.", commitment_title="Benches on alleys",
        commitment_url="https://plan.example.org/4.2")
    proposal_answer_approve(acting_user=official, answer=answer)
    proposal_answer_publish(acting_user=manager, answer=answer)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def offline(component: Component) -> Proposal:
    return make_proposal(component, author=None, channel=Channel.LETTER,
                         author_name="Maria Ionescu", author_email="maria@example.org",
                         publication=Publication.ANONYMOUS, title="Lights",
                         body="Lights in the park.")


def test_staff_rows_have_everything_for_the_answer_report(
        answered: Proposal, offline: Proposal, component: Component, official: User) -> None:
    rows = staff_rows(component)
    assert [list(row) for row in rows] == [STAFF_COLUMNS, STAFF_COLUMNS]
    first = rows[0]
    assert {key: first[key] for key in (
        "number", "state", "channel", "author_name", "author_email", "title", "district",
        "area", "supports", "department", "evaluator", "cost_estimate", "feasibility",
        "answer", "answer_outcome", "justification", "commitment_title",
        "commitment_url")} == {
        "number": 1, "state": "published", "channel": "online", "author_name": "Resident",
        "author_email": "resident@example.org", "title": "=HYPERLINK(\"x\")",
        "district": "North", "area": "Urbanism", "supports": 4, "department": "Urbanism",
        "evaluator": "Official", "cost_estimate": decimal.Decimal("1234.50"),
        "feasibility": "feasible", "answer": "Integrated into the action plan",
        "answer_outcome": "integrated", "justification": "Commitment 4.2.",
        "commitment_title": "Benches on alleys",
        "commitment_url": "https://plan.example.org/4.2"}
    assert first["answered_at"] is not None
    assert (rows[1]["author_name"], rows[1]["author_email"], rows[1]["answer"]) == (
        "Maria Ionescu", "maria@example.org", "")


def test_the_staff_csv_is_safe_from_formulas(answered: Proposal, manager: User,
                                             component: Component) -> None:
    url = reverse("opendata:component_export_download",
                  args=[component.space.slug, component.pk, "proposals_staff", "csv"])
    response = login(manager).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == STAFF_COLUMNS
    assert table[1][STAFF_COLUMNS.index("title")] == "'=HYPERLINK(\"x\")"
    assert table[1][STAFF_COLUMNS.index("cost_estimate")] == "1234.50"


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_the_staff_export_comes_in_every_format(answered: Proposal, manager: User,
                                                component: Component, fmt: str) -> None:
    url = reverse("opendata:component_export_download",
                  args=[component.space.slug, component.pk, "proposals_staff", fmt])
    response = login(manager).get(url)
    assert response.status_code == 200
    if fmt == "json":
        data: list[dict[str, Any]] = json.loads(response.content)
        assert data[0]["author_email"] == "resident@example.org"
    else:
        assert response.content[:2] == b"PK"


def test_residents_and_officials_of_another_area_get_no_staff_export(
        answered: Proposal, resident: User, org: Organization, component: Component) -> None:
    other_area = Area.objects.create(organization=org, code="env", name={"en": "Environment"})
    elsewhere = make_user(org, "elsewhere")
    Role.objects.create(organization=org, user=elsewhere, kind=RoleKind.OFFICIAL,
                        area=other_area)
    url = reverse("opendata:component_export_download",
                  args=[component.space.slug, component.pk, "proposals_staff", "csv"])
    assert login(resident).get(url).status_code == 404
    assert login(elsewhere).get(url).status_code == 404


def test_open_data_has_no_personal_data(answered: Proposal, offline: Proposal,
                                        component: Component) -> None:
    make_proposal(component, author=None, state=ProposalState.DRAFT, title="Secret draft")
    rows = open_data_rows(component)
    assert [list(row) for row in rows] == [OPEN_DATA_COLUMNS, OPEN_DATA_COLUMNS]
    assert [row["number"] for row in rows] == [1, 2]
    text = json.dumps(rows, default=str)
    for personal in ("Resident", "resident@example.org", "Maria Ionescu", "maria@example",
                     "Ion Popescu", "HYPERLINK", "Official", "1234.50"):
        assert personal not in text
    assert rows[0]["title"] == "Benches" and rows[0]["body"] == "Benches, says [name]."
    assert (rows[0]["answer_outcome"], rows[0]["justification"]) == (
        "integrated", "Commitment 4.2.")
    assert rows[1]["answer_outcome"] == ""


def test_open_data_is_empty_for_a_members_only_space(answered: Proposal,
                                                     component: Component) -> None:
    space = component.space
    space.visibility = Visibility.MEMBERS
    space.save()
    assert open_data_rows(component) == []


def test_the_open_data_archive_has_the_proposals_table(answered: Proposal,
                                                       org: Organization) -> None:
    tables = {table.name: table for table in export_tables(org)}
    assert "proposals" in tables
    assert "proposals_proposals_staff" not in tables
