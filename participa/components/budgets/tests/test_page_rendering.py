"""Every page of the component answers, with real data: the staff's forms (pool, category,
checklist point), the project page with a map point and an area, a draft's form with its cost
lines, the co-authors' pages; and the edition page counts the projects of each pool."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from participa.components.budgets.models import (
    BudgetCategory,
    ChecklistItem,
    Edition,
    Pool,
    Project,
    ProjectCoauthorInvitation,
    ProjectState,
)
from participa.components.budgets.tests.conftest import make_project
from participa.conftest import make_user
from participa.core.models import Organization, User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db

AREA = {"type": "Polygon", "coordinates": [[[21.2, 45.7], [21.3, 45.7], [21.3, 45.8],
                                            [21.2, 45.7]]]}


def test_the_staff_pages_answer(client_for, component: Component, edition: Edition,
                                pool: Pool, categories: list[BudgetCategory],
                                checklist: list[ChecklistItem], manager: User,
                                project: Project):
    client = client_for(manager)
    base = [component.space.slug, component.pk]
    for name, extra in [("manage_index", []), ("manage_pools", []),
                        ("manage_pools_split", []), ("manage_pool_edit", [pool.pk]),
                        ("manage_categories", []),
                        ("manage_category_edit", [categories[0].pk]),
                        ("manage_checklist", []),
                        ("manage_checklist_edit", [checklist[0].pk])]:
        response = client.get(reverse(f"manage:budgets:{name}", args=[*base, *extra]))
        assert response.status_code == 200, name
    page = client.get(reverse("manage:budgets:manage_pool_edit",
                              args=[*base, pool.pk])).content.decode()
    assert 'value="1000000.00"' in page


def test_the_edition_page_counts_the_projects(client_for, component: Component,
                                              edition: Edition, pool: Pool, resident: User):
    make_project(component, author=resident, pool=pool)
    make_project(component, author=resident, pool=pool)
    make_project(component, author=resident, pool=pool, state=ProjectState.DRAFT)
    page = client_for(None).get(component.get_absolute_url()).content.decode()
    assert "2 projects submitted." in page


def test_a_project_with_a_point_and_an_area_shows_its_map(client_for, component: Component,
                                                          edition: Edition, pool: Pool,
                                                          resident: User):
    project = make_project(component, author=resident, pool=pool, address="Piața Unirii",
                           latitude=Decimal("45.757800"), longitude=Decimal("21.229000"),
                           area_geojson=AREA)
    page = client_for(None).get(project.get_absolute_url()).content.decode()
    assert ('id="project-map" data-map hidden data-lat="45.757800" data-lon="21.229000" '
            'data-area="{&quot;type&quot;: &quot;Polygon&quot;') in page
    assert "The project covers an area drawn on the map." in page
    assert "Piața Unirii" in page


def test_a_drafts_form_shows_its_cost_lines(client_for, component: Component,
                                            edition: Edition, pool: Pool, resident: User):
    project = make_project(component, author=resident, pool=pool, state=ProjectState.DRAFT,
                           items=(("Benches", "4000"), ("Paint", "500")), area_geojson=AREA)
    response = client_for(resident).get(reverse(
        "spaces:budgets:edit", args=[component.space.slug, component.pk, project.number]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Benches"' in page and 'value="Paint"' in page
    assert 'name="cost-2-amount"' in page  # one empty line to add more
    assert "&quot;Polygon&quot;" in page


def test_the_co_author_pages_answer(client_for, component: Component, edition: Edition,
                                    project: Project, resident: User, org: Organization):
    friend = make_user(org, "friend")
    ProjectCoauthorInvitation.objects.create(project=project, user=friend, invited_by=resident)
    args = [component.space.slug, component.pk, project.number]
    page = client_for(resident).get(reverse("spaces:budgets:coauthors", args=args))
    assert page.status_code == 200 and "Invited, not yet accepted" in page.content.decode()
    join = client_for(friend).get(reverse("spaces:budgets:coauthor_join", args=args))
    assert join.status_code == 200 and "Accept the invitation" in join.content.decode()
