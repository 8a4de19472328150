"""The back office: creating the edition, its problems listed, pools (with the district split),
categories and checklist through the pages, and the pages closed once voting opens."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from participa.components.budgets.models import (
    BudgetCategory,
    ChecklistItem,
    Edition,
    Pool,
)
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.tests.conftest import move_to
from participa.core.models import Organization, Scope, User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def url(component: Component, name: str, *args: int) -> str:
    return reverse(f"manage:budgets:{name}", args=[component.space.slug, component.pk, *args])


def test_residents_get_no_back_office(client_for, component: Component, resident: User):
    assert client_for(resident).get(url(component, "manage_index")).status_code == 404


def test_staff_create_the_edition_and_see_what_is_left(client_for, component: Component,
                                                       manager: User):
    client = client_for(manager)
    page = client.get(url(component, "manage_index")).content.decode()
    assert "Create the edition" in page
    data = {"submission_opens_at": "2031-03-01T09:00", "submission_closes_at": "2031-04-01T09:00",
            "review_ends_on": "2031-05-01", "voting_opens_at": "2031-06-01T09:00",
            "voting_closes_at": "2031-06-15T20:00", "results_on": "2031-06-20",
            "appeal_days": "7", "appeal_decision_days": "14", "correction_days": "7",
            "residence": "city", "tie_breaking": "votes, cost, seed:2031"}
    response = client.post(url(component, "manage_index"), data)
    assert response.status_code == 302
    edition = Edition.objects.get()
    assert edition.tie_breaking == ["votes", "cost", "seed:2031"]
    page = re.sub(r"\s+", " ", client.get(url(component, "manage_index")).content.decode())
    assert "2 problems to solve before voting opens:" in page
    assert "<li>Add at least one pool with its amount.</li>" in page
    assert "<li>Write the checklist of the formal review.</li>" in page


def test_a_date_out_of_order_is_refused_next_to_it(client_for, component: Component,
                                                   edition: Edition, manager: User):
    data = {"submission_opens_at": "2031-03-01T09:00", "submission_closes_at": "2031-02-01T09:00",
            "review_ends_on": "2031-05-01", "voting_opens_at": "2031-06-01T09:00",
            "voting_closes_at": "2031-06-15T20:00", "results_on": "2031-06-20",
            "appeal_days": "7", "appeal_decision_days": "14", "correction_days": "7",
            "residence": "city"}
    response = client_for(manager).post(url(component, "manage_index"), data)
    assert response.status_code == 400
    assert ('<p class="error" id="id_submission_closes_at_error">Submission must close after '
            'it opens.</p>') in response.content.decode()


def test_staff_add_pools_categories_and_checklist(client_for, component: Component,
                                                  edition: Edition, manager: User):
    client = client_for(manager)
    response = client.post(url(component, "manage_pools"), {
        "name__ro": "City-wide", "amount": "500000", "min_project_cost": "1000",
        "max_project_cost": "", "method": "approval", "max_projects": "3", "rule": "greedy",
        "support_threshold": "0"})
    assert response.status_code == 302
    assert Pool.objects.get().max_project_cost == Decimal("500000")
    client.post(url(component, "manage_categories"), {"name__ro": "Parks",
                                                      "quota_percent": "30"})
    client.post(url(component, "manage_checklist"), {"text__ro": "Within competence"})
    assert BudgetCategory.objects.get().quota_percent == 30
    assert ChecklistItem.objects.get().text == {"ro": "Within competence"}
    page = client.get(url(component, "manage_index")).content.decode()
    assert "The set-up is complete: nothing stops voting from opening." in page


def test_the_pool_form_shows_the_cost_limit_error(client_for, component: Component,
                                                 edition: Edition, manager: User):
    response = client_for(manager).post(url(component, "manage_pools"), {
        "name__ro": "City-wide", "amount": "500000", "max_project_cost": "600000",
        "method": "approval", "max_projects": "3", "rule": "greedy",
        "support_threshold": "0"})
    assert response.status_code == 400
    assert ("The maximum cost of a project cannot be above the pool&#x27;s amount."
            in response.content.decode())


def test_staff_split_a_total_into_district_pools(client_for, component: Component,
                                                 edition: Edition, manager: User,
                                                 org: Organization):
    city = Scope.objects.create(organization=org, code="tm", name={"en": "Timișoara"})
    zones = [Scope.objects.create(organization=org, code=f"z{n}", name={"en": f"Zone {n}"},
                                  parent=city) for n in range(3)]
    response = client_for(manager).post(url(component, "manage_pools_split"), {
        "total": "100.00", "scopes": [zone.pk for zone in zones], "method": "approval",
        "max_projects": "2", "rule": "greedy", "support_threshold": "0"})
    assert response.status_code == 302
    assert [str(pool.amount) for pool in Pool.objects.order_by("position")] == [
        "33.34", "33.33", "33.33"]


def test_the_pages_say_the_set_up_is_frozen_once_voting_opened(client_for,
                                                               component: Component,
                                                               edition: Edition,
                                                               manager: User):
    move_to(edition, EditionPhase.VOTING)
    client = client_for(manager)
    page = client.get(url(component, "manage_index")).content.decode()
    assert "are frozen and can no longer change" in page
    assert "<form method=\"post\" novalidate>" not in page
    response = client.post(url(component, "manage_categories"), {"name__ro": "Late"})
    assert response.status_code == 400
    assert not BudgetCategory.objects.exists()
