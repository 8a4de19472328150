"""The public pages: the edition page (timeline with the current phase marked, pools, rules in
plain words), the list of projects (filters, search, sort, pages, a fixed number of queries),
the project page (cost table, corrected cost once published, signatures), the map, the
editions at /budgets/ and "my projects"."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from participa.components.budgets.models import (
    BudgetCategory,
    Edition,
    Pool,
    Project,
    ProjectState,
    VotingMethod,
)
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.tests.conftest import make_pool, make_project, move_to
from participa.conftest import make_user
from participa.core.models import Organization, Scope, User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def index_url(component: Component) -> str:
    return reverse("spaces:budgets:index", args=[component.space.slug, component.pk])


def list_url(component: Component) -> str:
    return reverse("spaces:budgets:projects", args=[component.space.slug, component.pk])


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- the edition page ----------------------------------------------------------------------


def test_the_edition_page_marks_the_current_phase_on_the_timeline(client_for,
                                                                  component: Component,
                                                                  edition: Edition,
                                                                  pool: Pool):
    move_to(edition, EditionPhase.REVIEW)
    page = text(client_for(None).get(index_url(component)))
    assert "Current phase: Formal review." in page
    current = re.findall(r'<li class="is-active" aria-current="step"> <h3>(?:<a [^>]+>)?'
                         r'([^<]+)(?:</a>)? ?<span', page)
    assert [label.strip() for label in current] == ["Formal review"]
    assert page.count('<span class="badge">Finished</span>') == 1
    assert page.count('<span class="badge">Upcoming</span>') == 4


def test_the_edition_page_shows_the_pools_and_rules_in_plain_words(client_for,
                                                                   component: Component,
                                                                   edition: Edition,
                                                                   pool: Pool, district: Scope):
    make_pool(edition, name="North", amount="300000", scope=district,
              method=VotingMethod.CUMULATIVE, max_projects=None, points_total=10,
              max_points_per_project=4, rule="equalshares/add1",
              max_project_cost=Decimal("100000"))
    Edition.objects.filter(pk=edition.pk).update(
        tie_breaking=["votes", "cost", "seed:2026"], min_age=16, minors_with_consent=True)
    page = text(client_for(None).get(index_url(component)))
    assert "<h3>City-wide</h3>" in page and "<h3>North</h3>" in page
    assert "<dd>1,000,000.00 lei</dd>" in page
    assert "from 1,000.00 lei to 200,000.00 lei" in page
    assert "Each voter chooses up to 3 projects." in page
    assert "Each voter distributes 10 points among the projects. At most 4 points to one " \
           "project." in page
    assert "Most votes first, skipping projects that no longer fit." in page
    assert "Method of equal shares, completed by raising every voter&#x27;s share." in page
    assert re.search(r"<ol><li>the project with more votes first</li><li>the cheaper project "
                     r"first</li><li>a published random order \(seed 2026\)</li><li>the lower "
                     r"project number first</li></ol>", page)
    assert "Residents of the city." in page
    assert "Aged 16 years or more." in page
    assert "Minors vote with a parent&#x27;s consent." in page
    assert "age band" not in page


def test_the_edition_page_says_when_ballot_files_give_age_bands(client_for,
                                                               component: Component,
                                                               edition: Edition, pool: Pool):
    Edition.objects.filter(pk=edition.pk).update(publish_age_band=True)
    page = text(client_for(None).get(index_url(component)))
    assert ("The published ballot files give each voter&#x27;s age band (for example 25-34), "
            "never their age or name; a band of fewer than 10 voters is left blank.") in page


def test_a_component_without_edition_says_it_is_being_prepared(client_for,
                                                               component: Component):
    page = text(client_for(None).get(index_url(component)))
    assert "This participatory budget is being prepared" in page


def test_the_edition_page_offers_submission_only_while_open(client_for, component: Component,
                                                            edition: Edition, pool: Pool,
                                                            resident: User):
    submit = reverse("spaces:budgets:submit", args=[component.space.slug, component.pk])
    assert f'href="{submit}"' in text(client_for(resident).get(index_url(component)))
    move_to(edition, EditionPhase.REVIEW)
    assert f'href="{submit}"' not in text(client_for(resident).get(index_url(component)))


# --- the list ------------------------------------------------------------------------------


def test_visitors_never_see_drafts_in_the_list(client_for, component: Component,
                                               edition: Edition, pool: Pool, resident: User):
    make_project(component, author=resident, pool=pool, title="Public one")
    make_project(component, author=resident, pool=pool, title="Secret draft",
                 state=ProjectState.DRAFT)
    page = text(client_for(None).get(list_url(component)))
    assert "Public one" in page and "Secret draft" not in page
    assert "1 project found" in page


def test_the_list_filters_by_pool_category_and_state_and_searches(
        client_for, component: Component, edition: Edition, pool: Pool, district_pool: Pool,
        categories: list[BudgetCategory], resident: User):
    make_project(component, author=resident, pool=pool, title="Bike racks",
                 category=categories[1])
    make_project(component, author=resident, pool=district_pool, title="Benches north",
                 category=categories[0])
    make_project(component, author=resident, pool=district_pool, title="Trees north",
                 category=categories[0], state=ProjectState.WITHDRAWN)
    client = client_for(None)

    def titles(query: str) -> list[str]:
        page = client.get(list_url(component) + query).content.decode()
        return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', page)

    assert titles("") == ["Bike racks", "Benches north", "Trees north"]
    page = client.get(list_url(component)).content.decode()
    assert (f'<option value="{pool.pk}">City-wide</option>'
            f'\n\n  <option value="{district_pool.pk}">North</option>') in page
    assert f'<option value="{categories[1].pk}">Streets</option>' in page
    assert titles(f"?pool={district_pool.pk}") == ["Benches north", "Trees north"]
    assert titles(f"?category={categories[1].pk}") == ["Bike racks"]
    assert titles("?state=withdrawn") == ["Trees north"]
    assert titles("?q=trees") == ["Trees north"]
    assert titles("?q=BIKE+racks") == ["Bike racks"]
    assert titles("?sort=-cost&q=north") == ["Benches north", "Trees north"]


def test_the_list_sorts_by_cost(client_for, component: Component, edition: Edition,
                                pool: Pool, resident: User):
    make_project(component, author=resident, pool=pool, title="Dear",
                 items=(("A", "90000"),))
    make_project(component, author=resident, pool=pool, title="Cheap", items=(("A", "2000"),))
    page = client_for(None).get(list_url(component) + "?sort=cost").content.decode()
    assert re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', page) == ["Cheap", "Dear"]


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_list_runs_a_fixed_number_of_queries(client_for, component: Component,
                                                 edition: Edition, pool: Pool,
                                                 categories: list[BudgetCategory],
                                                 resident: User, signed_in: bool,
                                                 django_assert_max_num_queries):
    from participa.testing import assert_constant_queries

    make_project(component, author=resident, pool=pool, category=categories[0])
    client = client_for(resident if signed_in else None)

    def grow() -> None:
        for n in range(25):
            more = make_pool(edition, name=f"Pool {n}", amount="500000")
            grown = make_project(component, author=make_user(component.space.organization,
                                                             f"author{n}"),
                                 pool=more, title=f"Grown {n}", category=categories[n % 2],
                                 items=(("A", "1000"), ("B", str(2000 + n))))
            grown.coauthors.add(resident)

    _first, second = assert_constant_queries(client, list_url(component) + "?sort=cost",
                                             grow)
    assert "26 projects found" in text(second)
    # A visitor: 5 queries (organization, component and space, phases, the filters' pools
    # and categories together, the page with its count). Signed in, the platform's own
    # queries (session, person, roles, memberships, unread notifications) come on top: 10.
    with django_assert_max_num_queries(10 if signed_in else 5):
        client.get(list_url(component))


# --- the project page ----------------------------------------------------------------------


def test_the_project_page_shows_the_cost_table_with_its_total(client_for, component: Component,
                                                              edition: Edition, pool: Pool,
                                                              resident: User):
    project = make_project(component, author=resident, pool=pool,
                           items=(("Benches", "4000.50"), ("Paint", "1999.25")))
    page = text(client_for(None).get(project.get_absolute_url()))
    assert ("<tr><td>Benches</td><td>4,000.50 lei</td></tr>"
            "<tr><td>Paint</td><td>1,999.25 lei</td></tr>") in page
    assert '<tfoot><tr><th scope="row">Total</th><td><strong>5,999.75 lei</strong></td></tr>' \
        in page
    assert "Cost corrected by the city" not in page


def test_the_project_page_shows_the_corrected_cost_and_reason(client_for,
                                                              component: Component,
                                                              edition: Edition, pool: Pool,
                                                              resident: User):
    project = make_project(component, author=resident, pool=pool,
                           corrected_cost=Decimal("8000"),
                           corrected_cost_reason="The paint was missing.")
    page = text(client_for(None).get(project.get_absolute_url()))
    assert "Cost corrected by the city: 8,000.00" in page
    assert "Reason: The paint was missing." in page


def test_a_draft_is_missing_for_visitors(client_for, component: Component, edition: Edition,
                                         pool: Pool, resident: User, ngo_member: User):
    draft = make_project(component, author=resident, pool=pool, state=ProjectState.DRAFT)
    assert client_for(None).get(draft.get_absolute_url()).status_code == 404
    assert client_for(ngo_member).get(draft.get_absolute_url()).status_code == 404
    assert client_for(resident).get(draft.get_absolute_url()).status_code == 200


def test_the_project_page_counts_signatures_against_the_pool_threshold(
        client_for, component: Component, edition: Edition, resident: User,
        ngo_member: User):
    Edition.objects.filter(pk=edition.pk).update(supports_enabled=True)
    pool = make_pool(edition, support_threshold=50)
    project = make_project(component, author=resident, pool=pool, supports_count=12)
    page = text(client_for(ngo_member).get(project.get_absolute_url()))
    assert "12 of 50 signatures" in page
    response = client_for(ngo_member).post(project.get_absolute_url() + "sign/")
    assert response.status_code == 302
    page = text(client_for(ngo_member).get(project.get_absolute_url()))
    assert "13 of 50 signatures" in page and "You signed this project." in page


def test_an_unpublished_component_is_missing_for_visitors(client_for, component: Component,
                                                          edition: Edition, project: Project):
    Component.objects.filter(pk=component.pk).update(published_at=None)
    assert client_for(None).get(project.get_absolute_url()).status_code == 404
    assert client_for(None).get(list_url(component)).status_code == 404


# --- the map, the editions, my projects ----------------------------------------------------


def test_the_map_lists_the_projects_with_a_place(client_for, component: Component,
                                                 edition: Edition, pool: Pool, resident: User):
    make_project(component, author=resident, pool=pool, title="Placed",
                 latitude=Decimal("45.75"), longitude=Decimal("21.22"))
    make_project(component, author=resident, pool=pool, title="Nowhere")
    client = client_for(None)
    page = text(client.get(index_url(component) + "map/"))
    assert "1 project with a place" in page and "No. 1: Placed" in page
    assert "Nowhere" not in page
    data = client.get(index_url(component) + "map.geojson").json()
    assert [feature["properties"]["title"] for feature in data["features"]] == ["Placed"]


def test_the_editions_page_lists_visible_editions_with_their_phase(client_for,
                                                                   component: Component,
                                                                   edition: Edition):
    page = text(client_for(None).get("/budgets/"))
    assert "Civic budget" in page
    assert "Current phase: Submission of projects." in page


def test_my_projects_lists_my_drafts_too(client_for, component: Component, edition: Edition,
                                         pool: Pool, resident: User, org: Organization):
    make_project(component, author=resident, pool=pool, title="My draft",
                 state=ProjectState.DRAFT)
    make_project(component, author=make_user(org, "other"), pool=pool, title="Not mine")
    page = text(client_for(resident).get("/budgets/mine/"))
    assert "My draft" in page and "Not mine" not in page
