"""The project form on the web: two cost items and their total, a draft then its submission,
errors next to their fields in the person's language with nothing typed lost, the pool's cost
limits, more cost lines without JavaScript, withdrawal and co-authors."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from participa.components.budgets.models import Edition, Pool, Project, ProjectState
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.tests.conftest import move_to
from participa.conftest import make_user
from participa.core.models import Organization, User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def submit_url(component: Component) -> str:
    return reverse("spaces:budgets:submit", args=[component.space.slug, component.pk])


def post_data(pool: Pool, *, action: str = "submit", rows: list[tuple[str, str]] | None = None,
              **values: str) -> dict[str, Any]:
    rows = rows if rows is not None else [("Benches", "4000.50"), ("Installation", "1999.25")]
    data: dict[str, Any] = {
        "title": "Benches in the park", "description": "Ten benches along the alley.",
        "pool": str(pool.pk), "address": "Parcul Rozelor", "latitude": "", "longitude": "",
        "area_geojson": "", "action": action,
        "cost-TOTAL_FORMS": str(len(rows) + 1), "cost-INITIAL_FORMS": "0",
        "cost-MIN_NUM_FORMS": "0", "cost-MAX_NUM_FORMS": "30",
    }
    for index, (what, amount) in enumerate([*rows, ("", "")]):
        data[f"cost-{index}-description"] = what
        data[f"cost-{index}-amount"] = amount
    data.update(values)
    return data


def test_a_resident_submits_a_project_with_two_cost_items(client_for, component: Component,
                                                          edition: Edition, pool: Pool,
                                                          resident: User):
    client = client_for(resident)
    assert client.get(submit_url(component)).status_code == 200
    response = client.post(submit_url(component), post_data(pool))
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.state == ProjectState.SUBMITTED
    assert project.cost == Decimal("5999.75")
    page = client.get(project.get_absolute_url()).content.decode()
    assert "5,999.75" in page


def test_a_draft_is_saved_then_submitted(client_for, component: Component, edition: Edition,
                                         pool: Pool, resident: User):
    client = client_for(resident)
    response = client.post(submit_url(component), post_data(pool, action="draft"))
    project = Project.objects.get()
    assert project.state == ProjectState.DRAFT
    edit = reverse("spaces:budgets:edit", args=[component.space.slug, component.pk, 1])
    assert response["Location"] == edit
    page = client.get(edit).content.decode()
    assert 'value="Installation"' in page and 'value="1999.25"' in page
    response = client.post(edit, post_data(pool, rows=[("Benches", "3000")]))
    project.refresh_from_db()
    assert project.state == ProjectState.SUBMITTED and project.cost == Decimal("3000")


def test_errors_are_next_to_their_fields_and_nothing_typed_is_lost(client_for,
                                                                   component: Component,
                                                                   edition: Edition,
                                                                   pool: Pool,
                                                                   resident: User):
    response = client_for(resident).post(
        submit_url(component), post_data(pool, title="", rows=[("Benches", "abc")]))
    page = response.content.decode()
    assert response.status_code == 400
    assert '<p class="error" id="id_title_error">Give your project a title.</p>' in page
    assert 'aria-describedby="id_cost-0-amount_error"' in page
    assert ('<p class="error" id="id_cost-0-amount_error">Write the amount as a number, '
            'e.g. 12500.50.</p>') in page
    assert "Ten benches along the alley." in page
    assert 'value="Parcul Rozelor"' in page and 'value="Benches"' in page
    assert not Project.objects.exists()


def test_a_cost_above_the_pool_limit_is_refused_beside_the_cost_table(client_for,
                                                                      component: Component,
                                                                      edition: Edition,
                                                                      pool: Pool,
                                                                      resident: User):
    response = client_for(resident).post(
        submit_url(component), post_data(pool, rows=[("Fountain", "150000"),
                                                     ("Pipes", "60000")]))
    page = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 400
    assert ('<p class="error" id="cost-items-error">The project costs 210,000.00: a project '
            'of the pool “City-wide” costs at most 200,000.00.</p>') in page
    assert 'aria-describedby="cost-items-error"' in page
    assert 'value="Fountain"' in page and 'value="150000"' in page
    assert not Project.objects.exists()


def test_the_error_is_in_the_persons_language(client_for, component: Component,
                                              edition: Edition, pool: Pool, resident: User,
                                              org: Organization):
    org.languages = ["ro", "pl", "en"]
    org.save()
    client = client_for(resident)
    client.cookies["django_language"] = "ro"
    response = client.post(submit_url(component), post_data(pool, latitude="abc"))
    assert response.status_code == 400
    assert ('<p class="error" id="id_latitude_error">Scrieți coordonata ca număr cu punct, '
            'de exemplu 45.753721.</p>') in response.content.decode()


def test_more_cost_lines_keep_what_was_typed(client_for, component: Component,
                                             edition: Edition, pool: Pool, resident: User):
    response = client_for(resident).post(submit_url(component), post_data(pool, action="more"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="cost-5-amount"' in page and 'value="Installation"' in page
    assert not Project.objects.exists()


def test_the_form_sends_visitors_to_sign_in(client_for, component: Component,
                                            edition: Edition):
    response = client_for(None).get(submit_url(component))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_form_is_closed_outside_the_submission_phase(client_for, component: Component,
                                                         edition: Edition, pool: Pool,
                                                         resident: User):
    move_to(edition, EditionPhase.REVIEW)
    client = client_for(resident)
    response = client.post(submit_url(component), post_data(pool))
    assert response.status_code == 302
    assert not Project.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Projects can be submitted only while the submission phase is open." in page


def test_the_author_withdraws_from_the_project_page(client_for, component: Component,
                                                   edition: Edition, project: Project,
                                                   resident: User):
    client = client_for(resident)
    url = reverse("spaces:budgets:withdraw", args=[component.space.slug, component.pk,
                                                   project.number])
    assert "Withdraw your project?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    project.refresh_from_db()
    assert project.state == ProjectState.WITHDRAWN


def test_the_author_invites_a_co_author_who_accepts(client_for, component: Component,
                                                    edition: Edition, project: Project,
                                                    resident: User, org: Organization):
    friend = make_user(org, "friend")
    args = [component.space.slug, component.pk, project.number]
    response = client_for(resident).post(reverse("spaces:budgets:coauthors", args=args),
                                         {"email": friend.email})
    assert response.status_code == 302
    response = client_for(friend).post(reverse("spaces:budgets:coauthor_join", args=args))
    assert response.status_code == 302
    assert list(project.coauthors.all()) == [friend]
