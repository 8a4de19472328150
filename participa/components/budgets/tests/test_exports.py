"""Staff exports (who wrote what) and open data (no personal data, no drafts)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from participa.components.budgets.exports import OPEN_DATA_COLUMNS, STAFF_COLUMNS, open_data_rows
from participa.components.budgets.models import Edition, Pool, Project, ProjectState
from participa.components.budgets.tests.conftest import make_project
from participa.conftest import login, make_user
from participa.core.models import Organization, User, UserGroup
from participa.opendata.dataset import export_tables
from participa.spaces.models import Component, Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(component: Component, edition: Edition, pool: Pool, resident: User,
              ngo: UserGroup, org: Organization) -> Project:
    project = make_project(component, author=resident, pool=pool,
                           title="Benches, says Resident", title_public="Benches",
                           description="Call resident@example.org",
                           description_public="Call [e-mail]", group=ngo,
                           items=(("Benches", "4000.50"), ("Paint", "999.50")))
    project.coauthors.add(make_user(org, "helper"))
    return project


def test_the_staff_csv_names_the_authors(submitted: Project, manager: User,
                                         component: Component):
    make_project(component, author=submitted.author, pool=submitted.pool,
                 state=ProjectState.DRAFT, title="A draft")
    url = reverse("opendata:component_export_download",
                  args=[component.space.slug, component.pk, "budget_projects_staff", "csv"])
    response = login(manager).get(url)
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == STAFF_COLUMNS
    row = dict(zip(table[0], table[1], strict=True))
    assert row["author_email"] == "resident@example.org"
    assert row["cost"] == "5000.00"
    assert row["cost_items"] == "Benches: 4000.50; Paint: 999.50"
    assert [line[0] for line in table[1:]] == ["1", "2"]


def test_residents_get_no_staff_export(submitted: Project, resident: User,
                                       component: Component):
    url = reverse("opendata:component_export_download",
                  args=[component.space.slug, component.pk, "budget_projects_staff", "csv"])
    assert login(resident).get(url).status_code == 404


def test_open_data_has_no_personal_data_and_no_drafts(submitted: Project,
                                                      component: Component):
    make_project(component, author=submitted.author, pool=submitted.pool,
                 state=ProjectState.DRAFT, title="Secret draft")
    rows = open_data_rows(component)
    assert [list(row) for row in rows] == [OPEN_DATA_COLUMNS]
    text = json.dumps(rows, default=str)
    for personal in ("Resident", "resident@example.org", "Helper", "Asociația", "Secret"):
        assert personal not in text
    assert (rows[0]["title"], rows[0]["description"]) == ("Benches", "Call [e-mail]")
    assert str(rows[0]["cost"]) == "5000.00"


def test_open_data_is_empty_for_a_members_only_space(submitted: Project,
                                                     component: Component):
    component.space.visibility = Visibility.MEMBERS
    component.space.save()
    assert open_data_rows(component) == []


def test_the_open_data_archive_has_the_projects_table(submitted: Project, org: Organization):
    tables = {table.name: table for table in export_tables(org)}
    assert tables["budgets_budget_projects"].columns == OPEN_DATA_COLUMNS
    assert "budgets_budget_projects_staff" not in tables
