"""The winning projects' implementation, tracked in public (issue #13, point 10): the staff's
"Track the winning projects" (a confirmation, then one tracked item per selected project,
idempotent), what the item takes from the project, who may track, the public project page's
status, progress and money spent, and the notices to those following the project."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from participa.components.budgets.models import Edition, Pool, Project, ProjectState
from participa.components.budgets.models_review import Assessment, Outcome
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services.tracking import project_track, winners_track
from participa.components.budgets.tests.conftest import make_project, move_to
from participa.core.models import Area, AuditEntry, Scope, User
from participa.notifications.models import Notification
from participa.notifications.services import follow_create
from participa.spaces.models import Component
from participa.testing import assert_constant_queries
from participa.tracking.models import TrackedItem
from participa.tracking.selectors import tracked_for
from participa.tracking.services import expense_add, tracked_item_publish, tracked_item_update

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def assess(project: Project, *, reviewer: User, department: Area) -> Assessment:
    """A published admission (straight in the database: the review has its own tests)."""
    return Assessment.objects.create(
        project=project, reviewer=reviewer, department=department, legality="yes",
        feasibility="yes", formal_compliance="yes", outcome=Outcome.ADMITTED,
        published_at=timezone.now(), published_by=reviewer)


def winner(component: Component, pool: Pool, *, author: User, reviewer: User,
           department: Area, title: str = "Benches in the park", **values: Any) -> Project:
    """A project the published results selected (``results_publish`` sets this state)."""
    project = make_project(component, author=author, pool=pool, title=title,
                           state=ProjectState.SELECTED, **values)
    assess(project, reviewer=reviewer, department=department)
    return project


@pytest.fixture
def finished(edition: Edition) -> Edition:
    return move_to(edition, EditionPhase.IMPLEMENTATION)


@pytest.fixture
def selected(component: Component, finished: Edition, district_pool: Pool, resident: User,
             official: User, area: Area) -> Project:
    return winner(component, district_pool, author=resident, reviewer=official,
                  department=area, title="Shade for the playground",
                  items=(("Sails", "40000"), ("Posts", "9000")),
                  corrected_cost=Decimal("52000.00"),
                  corrected_cost_reason="The posts need foundations.",
                  latitude=Decimal("45.753300"), longitude=Decimal("21.225700"))


def track_url(component: Component) -> str:
    return reverse("manage:budgets:track_winners", args=[component.space.slug, component.pk])


def test_an_official_tracks_the_winning_projects_after_confirming(
        client_for, component: Component, selected: Project, pool: Pool, resident: User,
        official: User, area: Area, district: Scope):
    make_project(component, author=resident, pool=pool, title="Lost project",
                 state=ProjectState.NOT_SELECTED)
    staff = client_for(official)
    link = f'<a href="{track_url(component)}">Track the winning projects</a>'
    assert link in staff.get(reverse("manage:budgets:review_queue",
                                     args=[component.space.slug, component.pk])).content.decode()
    confirm = text(staff.get(track_url(component)))
    assert "<th scope=\"row\">Shade for the playground</th>" in confirm
    assert "Lost project" not in confirm
    assert "Track 1 winning project?" in confirm
    assert TrackedItem.objects.count() == 0

    response = staff.post(track_url(component))
    assert response.status_code == 302 and response["Location"] == track_url(component)
    item = tracked_for(selected)
    assert item is not None and TrackedItem.objects.count() == 1
    assert (item.title, item.description) == ("Shade for the playground",
                                              "Ten benches along the main alley.")
    assert (item.department, item.scope, item.component) == (area, district, component)
    assert item.planned_cost == Decimal("52000.00")  # the corrected cost
    assert (item.latitude, item.longitude) == (Decimal("45.753300"), Decimal("21.225700"))
    assert item.published_at is None
    assert AuditEntry.objects.filter(action="tracking.create", object_id=str(item.pk)).exists()
    after = text(staff.get(track_url(component)))
    assert "1 winning project is now tracked. Add its milestones, then publish it." in after
    assert f'<a href="/manage/tracking/{item.pk}/">Yes: see its tracked item</a>' in after
    assert "Every winning project is tracked." in after


def test_the_set_up_page_links_the_action(client_for, component: Component, edition: Edition,
                                          manager: User):
    page = client_for(manager).get(reverse("manage:budgets:manage_index",
                                           args=[component.space.slug, component.pk]))
    assert (f'<a href="{track_url(component)}">Track the winning projects</a>'
            in page.content.decode())


def test_tracking_twice_tracks_nothing_new(client_for, selected: Project, component: Component,
                                          official: User):
    staff = client_for(official)
    staff.post(track_url(component))
    staff.post(track_url(component))
    assert TrackedItem.objects.count() == 1
    assert "No project was left to track." in text(staff.get(track_url(component)))
    outcome = winners_track(acting_user=official, edition=component.budget_edition)
    assert (outcome.created, [project.pk for project in outcome.already]) == ([],
                                                                             [selected.pk])


def test_the_planned_cost_is_the_estimate_without_a_corrected_cost(
        component: Component, finished: Edition, pool: Pool, resident: User, official: User,
        area: Area):
    project = winner(component, pool, author=resident, reviewer=official, department=area,
                     items=(("Benches", "5000"), ("Paint", "1500.50")))
    item = project_track(acting_user=official, project=project)
    assert item.planned_cost == Decimal("6500.50")
    assert item.scope is None  # the city-wide pool
    assert (item.latitude, item.longitude) == (None, None)


def test_a_project_not_selected_is_not_tracked(component: Component, finished: Edition,
                                              pool: Pool, resident: User, official: User,
                                              area: Area):
    from django.core.exceptions import ValidationError

    project = make_project(component, author=resident, pool=pool,
                           state=ProjectState.ADMITTED)
    assess(project, reviewer=official, department=area)
    with pytest.raises(ValidationError) as refusal:
        project_track(acting_user=official, project=project)
    assert refusal.value.code == "not_selected"
    assert winners_track(acting_user=official, edition=finished).created == []
    assert TrackedItem.objects.count() == 0


def test_an_official_tracks_only_the_projects_of_their_department(
        client_for, component: Component, selected: Project, pool: Pool, resident: User,
        official: User, other_official: User, other_department: Area, admin: User):
    other = winner(component, pool, author=resident, reviewer=other_official,
                   department=other_department, title="Trees on the avenue")
    response = client_for(official).post(track_url(component), follow=True)
    page = text(response)
    assert "1 winning project is now tracked." in page
    assert ("1 project belongs to a department you do not work for: one of its officials or "
            "an administrator tracks it.") in page
    assert tracked_for(selected) is not None and tracked_for(other) is None
    # An administrator tracks the rest.
    outcome = winners_track(acting_user=admin, edition=component.budget_edition)
    assert [item.title for item in outcome.created] == ["Trees on the avenue"]
    tracked = tracked_for(other)
    assert tracked is not None and tracked.department == other_department


@pytest.mark.parametrize("persona", ["resident", "outsider"])
def test_the_staff_page_is_missing_for_residents(request, client_for, selected: Project,
                                                component: Component, persona: str):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(track_url(component)).status_code == 404
    assert client.post(track_url(component)).status_code == 404
    assert TrackedItem.objects.count() == 0


def test_the_project_page_shows_its_tracked_item_once_published(client_for, selected: Project,
                                                                official: User):
    public = client_for(None)
    item = project_track(acting_user=official, project=selected)
    assert "Its implementation is tracked" not in text(public.get(selected.get_absolute_url()))
    tracked_item_publish(acting_user=official, item=item)
    tracked_item_update(acting_user=official, item=item, status="in_progress", progress=40,
                        note="The sails are ordered.")
    expense_add(acting_user=official, item=item, amount=Decimal("12500.00"),
                spent_on=timezone.localdate() - datetime.timedelta(days=1))
    page = text(public.get(selected.get_absolute_url()))
    assert ("Its implementation is tracked in public: "
            f'<a href="/tracking/{item.pk}/">In progress, 40% done</a>.') in page
    assert "<dt>Planned cost</dt><dd>52,000.00 lei</dd>" in page
    assert "<dt>Money spent</dt><dd>12,500.00 lei</dd>" in page


def test_the_project_page_runs_as_many_queries_tracked_or_not(client_for, selected: Project,
                                                              official: User):
    def track() -> None:
        item = project_track(acting_user=official, project=selected)
        tracked_item_publish(acting_user=official, item=item)

    _before, after = assert_constant_queries(client_for(None), selected.get_absolute_url(),
                                             track)
    assert "Its implementation is tracked in public" in text(after)


def test_followers_of_the_project_hear_of_its_tracking(selected: Project, official: User,
                                                      resident: User, ngo_member: User):
    follow_create(user=ngo_member, target=selected)
    item = project_track(acting_user=official, project=selected)
    tracked_item_publish(acting_user=official, item=item)
    assert Notification.objects.filter(recipient=ngo_member, event="tracked_item.published",
                                       object_id=selected.pk).count() == 1
    tracked_item_update(acting_user=official, item=item, status="in_progress", progress=10,
                        note="Work started.")
    expense_add(acting_user=official, item=item, amount=Decimal("100"),
                spent_on=timezone.localdate())
    heard = list(Notification.objects.filter(
        recipient=ngo_member, object_id=item.pk,
        content_type=ContentType.objects.get_for_model(item),
    ).order_by("pk").values_list("event", flat=True))
    assert heard == ["tracked_item.updated", "tracked_item.expense"]


def test_a_change_before_publication_tells_nobody(selected: Project, official: User,
                                                  ngo_member: User):
    follow_create(user=ngo_member, target=selected)
    item = project_track(acting_user=official, project=selected)
    tracked_item_update(acting_user=official, item=item, progress=5)
    assert not Notification.objects.filter(recipient=ngo_member).exists()
