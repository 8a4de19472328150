"""Submission of projects: drafts, submission (cost = sum of its items, within the pool's
limits, only while submission is open, redacted public text), withdrawal, co-authors and the
area's polygon."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.components.budgets.exports import open_data_rows
from participa.components.budgets.models import (
    CostItem,
    Edition,
    Pool,
    Project,
    ProjectState,
)
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services.coauthors import coauthor_accept, coauthor_invite
from participa.components.budgets.services.projects import (
    project_create,
    project_submit,
    project_update,
    project_withdraw,
)
from participa.components.budgets.tests.conftest import make_project, move_to
from participa.conftest import make_user
from participa.core.models import AuditEntry, JournalEntry, Organization, User
from participa.spaces.models import Component
from participa.verifications.models import Authorization, Method, Status

pytestmark = pytest.mark.django_db

ITEMS = [("Benches", Decimal("4000.50")), ("Installation", Decimal("1999.25"))]


def data(pool: Pool, **values: Any) -> dict[str, Any]:
    return {"title": "Benches in the park", "description": "Ten benches along the alley.",
            "pool": pool, **values}


def test_a_submitted_project_costs_the_sum_of_its_items(component: Component, edition: Edition,
                                                       pool: Pool, resident: User):
    project = project_create(acting_user=resident, component=component, data=data(pool),
                             cost_items=ITEMS, submit=True)
    project.refresh_from_db()
    assert project.state == ProjectState.SUBMITTED
    assert project.cost == Decimal("5999.75")
    assert [(item.description, item.amount) for item in project.cost_items.all()] == ITEMS
    assert project.number == 1
    assert project.title_public == "Benches in the park"
    assert JournalEntry.objects.filter(action="budget_project_submitted").count() == 1


def test_the_space_managers_hear_of_a_submitted_project(component: Component,
                                                        edition: Edition, pool: Pool,
                                                        resident: User, manager: User):
    from participa.notifications.models import Notification

    project_create(acting_user=resident, component=component, data=data(pool),
                   cost_items=ITEMS, submit=True)
    assert list(Notification.objects.values_list("recipient_id", "event")) == [
        (manager.pk, "budget_project.submitted")]


def test_changing_a_draft_recomputes_its_cost(component: Component, edition: Edition,
                                              pool: Pool, resident: User):
    project = project_create(acting_user=resident, component=component, data=data(pool),
                             cost_items=ITEMS)
    project_update(acting_user=resident, project=project, data=data(pool),
                   cost_items=[("Benches", Decimal("3000")), ("Paint", Decimal("250.10")),
                               ("Transport", Decimal("100"))])
    project.refresh_from_db()
    assert project.state == ProjectState.DRAFT
    assert project.cost == Decimal("3350.10")
    assert CostItem.objects.filter(project=project).count() == 3


def test_it_refuses_a_cost_above_the_pool_maximum_with_the_amounts(component: Component,
                                                                   edition: Edition,
                                                                   pool: Pool, resident: User):
    with pytest.raises(ValidationError) as refused:
        project_create(acting_user=resident, component=component, data=data(pool),
                       cost_items=[("Fountain", Decimal("150000")),
                                   ("Pipes", Decimal("60000"))], submit=True)
    assert refused.value.message_dict["cost_items"] == [
        "The project costs 210,000.00: a project of the pool “City-wide” costs at most "
        "200,000.00."]
    assert not Project.objects.exists()


def test_it_refuses_a_cost_below_the_pool_minimum_with_the_amounts(component: Component,
                                                                   edition: Edition,
                                                                   pool: Pool, resident: User):
    with pytest.raises(ValidationError) as refused:
        project_create(acting_user=resident, component=component, data=data(pool),
                       cost_items=[("Flowers", Decimal("999.99"))], submit=True)
    assert refused.value.message_dict["cost_items"] == [
        "The project costs 999.99: a project of the pool “City-wide” costs at least 1,000.00."]


def test_it_refuses_to_submit_a_project_without_cost_items(component: Component,
                                                           edition: Edition, pool: Pool,
                                                           resident: User):
    project = project_create(acting_user=resident, component=component, data=data(pool),
                             cost_items=[])
    with pytest.raises(ValidationError) as refused:
        project_submit(acting_user=resident, project=project)
    assert refused.value.message_dict["cost_items"] == [
        "Break the cost of the project into at least one cost item."]


def test_it_refuses_a_pool_of_another_edition(component: Component, edition: Edition,
                                              resident: User, org: Organization):
    from participa.components.budgets.tests.conftest import (
        make_component,
        make_edition,
        make_pool,
        make_space,
    )

    other = make_pool(make_edition(make_component(make_space(org, slug="other"))))
    with pytest.raises(ValidationError) as refused:
        project_create(acting_user=resident, component=component, data=data(other),
                       cost_items=ITEMS)
    assert refused.value.message_dict["pool"] == ["Choose the pool the project is for."]


@pytest.mark.parametrize("phase", [EditionPhase.UPCOMING, EditionPhase.REVIEW,
                                   EditionPhase.APPEALS, EditionPhase.VOTING,
                                   EditionPhase.RESULTS, EditionPhase.IMPLEMENTATION])
def test_it_takes_projects_only_while_submission_is_open(component: Component,
                                                        edition: Edition, pool: Pool,
                                                        resident: User, phase: str):
    move_to(edition, phase)
    with pytest.raises(ValidationError) as refused:
        project_create(acting_user=resident, component=component, data=data(pool),
                       cost_items=ITEMS)
    assert refused.value.messages == [
        "Projects can be submitted only while the submission phase is open."]


def test_a_draft_cannot_be_submitted_once_submission_closed(component: Component,
                                                           edition: Edition, pool: Pool,
                                                           resident: User):
    project = project_create(acting_user=resident, component=component, data=data(pool),
                             cost_items=ITEMS)
    move_to(edition, EditionPhase.REVIEW)
    with pytest.raises(ValidationError, match="only while the submission phase is open"):
        project_submit(acting_user=resident, project=project)


def test_an_edition_asking_for_verification_takes_only_verified_residents(
        component: Component, edition: Edition, pool: Pool, resident: User,
        org: Organization):
    Edition.objects.filter(pk=edition.pk).update(verification_methods=[Method.REGISTER])
    component.budget_edition.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        project_create(acting_user=resident, component=component, data=data(pool),
                       cost_items=ITEMS)
    assert refused.value.messages == [
        "This participatory budget is open to verified residents only: verify your account "
        "first."]
    Authorization.objects.create(organization=org, user=resident, method=Method.REGISTER,
                                 status=Status.GRANTED, granted_at=timezone.now(),
                                 identifier_hash=f"hash-{resident.pk}")
    project = project_create(acting_user=resident, component=component, data=data(pool),
                             cost_items=ITEMS, submit=True)
    assert project.state == ProjectState.SUBMITTED


def test_the_public_text_hides_personal_data(component: Component, edition: Edition,
                                             pool: Pool, resident: User):
    project = project_create(
        acting_user=resident, component=component,
        data=data(pool, description="Call me at ana@example.org about the benches."),
        cost_items=ITEMS, submit=True)
    project.refresh_from_db()
    assert "ana@example.org" not in project.description_public
    assert "ana@example.org" in project.description


def test_a_submitted_project_stays_as_submitted(component: Component, edition: Edition,
                                                pool: Pool, resident: User):
    project = project_create(acting_user=resident, component=component, data=data(pool),
                             cost_items=ITEMS, submit=True)
    with pytest.raises(ValidationError, match="A submitted project stays as submitted"):
        project_update(acting_user=resident, project=project, data=data(pool),
                       cost_items=ITEMS)


def test_the_author_withdraws_until_the_review_ends(component: Component, edition: Edition,
                                                    project: Project, resident: User):
    move_to(edition, EditionPhase.REVIEW)
    project_withdraw(acting_user=resident, project=project)
    project.refresh_from_db()
    assert project.state == ProjectState.WITHDRAWN and project.withdrawn_at is not None
    assert JournalEntry.objects.filter(action="budget_project_withdrawn").count() == 1


def test_nobody_withdraws_once_the_review_ended(component: Component, edition: Edition,
                                               project: Project, resident: User):
    move_to(edition, EditionPhase.APPEALS)
    with pytest.raises(ValidationError) as refused:
        project_withdraw(acting_user=resident, project=project)
    assert refused.value.messages == ["A project can be withdrawn only until the formal "
                                      "review ends."]


def test_only_its_authors_withdraw_a_project(project: Project, ngo_member: User):
    with pytest.raises(ValidationError, match="Only its authors can withdraw a project"):
        project_withdraw(acting_user=ngo_member, project=project)


def test_a_co_author_joins_and_may_withdraw(component: Component, edition: Edition,
                                            project: Project, resident: User,
                                            org: Organization):
    friend = make_user(org, "friend")
    coauthor_invite(acting_user=resident, project=project, email=friend.email)
    coauthor_accept(acting_user=friend, project=project)
    assert list(project.coauthors.all()) == [friend]
    project_withdraw(acting_user=friend, project=project)
    assert AuditEntry.objects.filter(action="budget_project.coauthor_accept").count() == 1


AREA = {"type": "Polygon", "coordinates": [[[21.2, 45.7], [21.3, 45.7], [21.3, 45.8],
                                            [21.2, 45.7]]]}


def test_it_keeps_a_valid_area(component: Component, edition: Edition, pool: Pool,
                               resident: User):
    project = project_create(acting_user=resident, component=component,
                             data=data(pool, area_geojson={"type": "Feature",
                                                           "geometry": AREA}),
                             cost_items=ITEMS)
    assert project.area_geojson == AREA


@pytest.mark.parametrize(("area", "message"), [
    ({"type": "Point", "coordinates": [21.2, 45.7]}, "The area must be a GeoJSON polygon."),
    ({"type": "Polygon", "coordinates": [[[21.2, 45.7], [21.3, 45.7], [21.3, 45.8],
                                          [21.25, 45.75]]]},
     "The outline of the area is not closed: its last point must repeat the first."),
    ({"type": "Polygon", "coordinates": [[[21.2, 45.7], [21.3, 45.7], [21.2, 45.7]]]},
     "An area needs at least three corners (four points, the last one repeating the "
     "first)."),
    ({"type": "Polygon", "coordinates": [[[21.2, 95.7], [21.3, 45.7], [21.3, 45.8],
                                          [21.2, 95.7]]]},
     "A point of the area is off the map: the longitude goes from -180 to 180, the latitude "
     "from -90 to 90."),
    ({"type": "Polygon", "coordinates": [[[21.0 + n / 1000, 45.0] for n in range(500)]
                                         + [[21.0, 45.0]]]},
     "An area has at most 500 points."),
    ("{not json", "The area is not valid GeoJSON."),
])
def test_it_refuses_an_invalid_area_with_the_reason(component: Component, edition: Edition,
                                                    pool: Pool, resident: User, area: Any,
                                                    message: str):
    with pytest.raises(ValidationError) as refused:
        project_create(acting_user=resident, component=component,
                       data=data(pool, area_geojson=area), cost_items=ITEMS)
    assert refused.value.message_dict["area_geojson"] == [message]


def test_the_database_refuses_a_cost_item_without_an_amount(project: Project):
    with pytest.raises(IntegrityError), transaction.atomic():
        CostItem.objects.create(project=project, description="Nothing", amount=Decimal("0"))


def test_the_database_refuses_a_negative_cost(project: Project):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(cost=Decimal("-1"))


def test_the_database_refuses_a_corrected_cost_without_a_reason(project: Project):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(corrected_cost=Decimal("10"))


def test_the_database_refuses_a_number_twice(component: Component, pool: Pool,
                                             resident: User):
    make_project(component, author=resident, pool=pool, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(component, author=resident, pool=pool, number=1)


def test_the_cost_items_are_published_without_personal_data(client_for, component: Component,
                                                            edition: Edition, pool: Pool,
                                                            resident: User):
    """What a cost item pays for is public (the project's page, open data): it is redacted as
    the description is, while the authors and the officials keep the original."""
    items = [("Benches, quote from ana@example.org", Decimal("4000.50")),
             ("Installation, call 0722 123 456", Decimal("1999.25"))]
    project = project_create(acting_user=resident, component=component, data=data(pool),
                             cost_items=items, submit=True)
    project.refresh_from_db()
    assert [item.description for item in project.cost_items.all()] == [
        "Benches, quote from ana@example.org", "Installation, call 0722 123 456"]
    public = [item.description_public for item in project.cost_items.all()]
    assert public[0].startswith("Benches, quote from ")
    assert public[1].startswith("Installation, call ")
    page = client_for(None).get(project.get_absolute_url()).content.decode()
    rows = [row["cost_items"] for row in open_data_rows(component)
            if row["number"] == project.number]
    assert len(rows) == 1 and rows[0].endswith(": 1999.25")
    for published in (page, *rows, *public):
        assert "ana@example.org" not in published
        assert "0722 123 456" not in published
    assert public[0] in page
