"""Appeals: filed by the author only, of a project not admitted only, within the appeal window
counted in days of the organization's time zone (the last day allowed, the day after refused);
decided by an official other than the reviewer, within the days to decide; the database
refusing a second appeal and a decision without its official; ``voting_may_open`` reporting
the appeals pending."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.components.budgets.models import Edition, Pool, Project, ProjectState
from participa.components.budgets.models_review import Appeal, AppealOutcome, Assessment
from participa.components.budgets.permissions_review import appeal_refusal, org_today
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services.appeals import (
    appeal_decide,
    appeal_file,
    pending_appeals,
    voting_may_open,
)
from participa.components.budgets.tests.conftest import make_project, move_to
from participa.core.models import Area, AuditEntry, JournalEntry, User
from participa.notifications.models import Notification
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def exclude(project: Project, reviewer: User, area: Area,
            published_at: datetime.datetime | None = None) -> Assessment:
    """Publish an exclusion of ``project`` straight in the database."""
    Project.objects.filter(pk=project.pk).update(state=ProjectState.NOT_ADMITTED)
    project.state = ProjectState.NOT_ADMITTED
    return Assessment.objects.create(
        project=project, reviewer=reviewer, department=area, legality="no",
        feasibility="yes", formal_compliance="yes", outcome="not_admitted",
        justification="The land belongs to the county.",
        published_at=published_at or timezone.now(), published_by=reviewer)


@pytest.fixture
def appeals_phase(edition: Edition) -> Edition:
    return move_to(edition, EditionPhase.APPEALS)


@pytest.fixture
def excluded(appeals_phase: Edition, project: Project, official: User,
             area: Area) -> Project:
    exclude(project, official, area)
    return project


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


# --- appeal_file ------------------------------------------------------------------------------


def test_the_author_appeals_an_exclusion(excluded: Project, resident: User,
                                         appeals_phase: Edition):
    appeal = appeal_file(acting_user=resident, project=excluded,
                         reason="The county agreed in writing.")
    excluded.refresh_from_db()
    assert excluded.state == ProjectState.APPEALED
    today = org_today(excluded.component.space.organization)
    assert appeal.window_closes_on == today + datetime.timedelta(days=7)
    assert appeal.deadline == today + datetime.timedelta(days=14)
    assert JournalEntry.objects.filter(action="budget_appeal_filed").count() == 1
    assert AuditEntry.objects.filter(action="budget_appeal.file").count() == 2


def test_it_accepts_an_appeal_on_the_last_day(appeals_phase: Edition, project: Project,
                                              official: User, area: Area, resident: User):
    exclude(project, official, area, published_at=_days_ago(7))
    appeal_file(acting_user=resident, project=project, reason="Please look again.")
    assert Appeal.objects.filter(project=project).count() == 1


def test_it_refuses_an_appeal_the_day_after_the_last_day(appeals_phase: Edition,
                                                         project: Project, official: User,
                                                         area: Area, resident: User):
    exclude(project, official, area, published_at=_days_ago(8))
    last_day = org_today(project.component.space.organization) - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        appeal_file(acting_user=resident, project=project, reason="Please look again.")
    assert raised.value.messages == [
        f"The time to appeal is over: it ended on {last_day.day} {last_day:%b} "
        f"{last_day.year}."]
    assert not Appeal.objects.exists()


def test_it_counts_the_window_in_the_organizations_time_zone(appeals_phase: Edition,
                                                             project: Project, official: User,
                                                             area: Area, resident: User):
    # 22:30 UTC on 10 March is 00:30 on 11 March in Bucharest: the window runs to 18 March.
    exclude(project, official, area,
            published_at=datetime.datetime(2026, 3, 10, 22, 30, tzinfo=UTC))
    last_evening = datetime.datetime(2026, 3, 18, 21, 30, tzinfo=UTC)  # 23:30 in Bucharest
    next_night = datetime.datetime(2026, 3, 18, 22, 30, tzinfo=UTC)  # 00:30 on the 19th
    assert appeal_refusal(resident, project, now=last_evening) is None
    refusal = appeal_refusal(resident, project, now=next_night)
    assert refusal is not None and refusal.code == "window"


@pytest.mark.parametrize("user", ["ngo_member", "official", "admin"])
def test_only_the_author_appeals(request: Any, user: str, excluded: Project):
    with pytest.raises(ValidationError, match="Only the author of the project can appeal"):
        appeal_file(acting_user=request.getfixturevalue(user), project=excluded,
                    reason="Please.")


def test_it_refuses_an_appeal_of_an_admitted_project(appeals_phase: Edition,
                                                     project: Project, resident: User):
    Project.objects.filter(pk=project.pk).update(state=ProjectState.ADMITTED)
    project.refresh_from_db()
    with pytest.raises(ValidationError, match="Only a project not admitted to the vote"):
        appeal_file(acting_user=resident, project=project, reason="Please.")


def test_it_refuses_an_appeal_without_a_reason(excluded: Project, resident: User):
    with pytest.raises(ValidationError) as raised:
        appeal_file(acting_user=resident, project=excluded, reason="  ")
    assert raised.value.message_dict == {
        "reason": ["Say why the project should be admitted to the vote."]}


def test_the_database_refuses_a_second_appeal(excluded: Project, resident: User):
    appeal = appeal_file(acting_user=resident, project=excluded, reason="Please.")
    # PostgreSQL names the constraint, SQLite its column.
    once = "budget_appeal_once|budgets_appeal.project_id"
    with pytest.raises(IntegrityError, match=once), transaction.atomic():
        Appeal.objects.create(project=excluded, author=resident, reason="Again.",
                              window_closes_on=appeal.window_closes_on,
                              deadline=appeal.deadline)


# --- appeal_decide ----------------------------------------------------------------------------


@pytest.fixture
def appeal(excluded: Project, resident: User) -> Appeal:
    return appeal_file(acting_user=resident, project=excluded, reason="The county agreed.")


def test_the_reviewer_cannot_decide_the_appeal(appeal: Appeal, official: User):
    with pytest.raises(ValidationError, match="You reviewed this project"):
        appeal_decide(acting_user=official, appeal=appeal, outcome=AppealOutcome.UPHELD,
                      reasons="Fine.")
    appeal.refresh_from_db()
    assert appeal.outcome == ""


def test_the_official_who_published_the_assessment_cannot_decide_the_appeal(
        appeal: Appeal, colleague: User):
    Assessment.objects.filter(project=appeal.project).update(published_by=colleague)
    with pytest.raises(ValidationError, match="You reviewed this project"):
        appeal_decide(acting_user=colleague, appeal=appeal, outcome=AppealOutcome.UPHELD,
                      reasons="Fine.")


def test_another_official_upholds_the_appeal(appeal: Appeal, colleague: User,
                                             resident: User):
    appeal_decide(acting_user=colleague, appeal=appeal, outcome=AppealOutcome.UPHELD,
                  reasons="The county's letter settles it.")
    appeal.refresh_from_db()
    project = appeal.project
    project.refresh_from_db()
    assert (appeal.outcome, appeal.decided_by, project.state) == (
        AppealOutcome.UPHELD, colleague, ProjectState.ADMITTED)
    assert appeal.published_at == appeal.decided_at
    assert JournalEntry.objects.filter(action="budget_appeal_upheld").count() == 1
    assert Notification.objects.filter(recipient=resident,
                                       event="budget_project.appeal_decided").count() == 1


def test_an_official_of_another_department_dismisses_the_appeal(appeal: Appeal,
                                                                other_official: User):
    appeal_decide(acting_user=other_official, appeal=appeal,
                  outcome=AppealOutcome.DISMISSED, reasons="The letter is not binding.")
    appeal.project.refresh_from_db()
    assert appeal.project.state == ProjectState.NOT_ADMITTED
    assert JournalEntry.objects.filter(action="budget_appeal_dismissed").count() == 1


@pytest.mark.parametrize("user", ["resident", "ngo_member", "manager"])
def test_a_non_official_cannot_decide(request: Any, user: str, appeal: Appeal):
    with pytest.raises(ValidationError, match="Only an official can decide an appeal"):
        appeal_decide(acting_user=request.getfixturevalue(user), appeal=appeal,
                      outcome=AppealOutcome.UPHELD, reasons="Fine.")


def test_it_refuses_a_decision_without_reasons(appeal: Appeal, colleague: User):
    with pytest.raises(ValidationError) as raised:
        appeal_decide(acting_user=colleague, appeal=appeal, outcome="maybe", reasons="")
    assert raised.value.message_dict == {"outcome": ["Choose the decision."],
                                         "reasons": ["Give the reasons for the decision."]}


def test_it_decides_on_the_last_day_and_refuses_the_day_after(appeal: Appeal,
                                                              colleague: User):
    today = org_today(appeal.project.component.space.organization)
    Appeal.objects.filter(pk=appeal.pk).update(deadline=today - datetime.timedelta(days=1))
    appeal.refresh_from_db()
    with pytest.raises(ValidationError, match="The time to decide this appeal ended"):
        appeal_decide(acting_user=colleague, appeal=appeal, outcome=AppealOutcome.UPHELD,
                      reasons="Fine.")
    Appeal.objects.filter(pk=appeal.pk).update(deadline=today)
    appeal.refresh_from_db()
    appeal_decide(acting_user=colleague, appeal=appeal, outcome=AppealOutcome.UPHELD,
                  reasons="Fine.")


def test_it_refuses_to_decide_twice(appeal: Appeal, colleague: User, admin: User):
    appeal_decide(acting_user=colleague, appeal=appeal, outcome=AppealOutcome.DISMISSED,
                  reasons="No.")
    with pytest.raises(ValidationError, match="already decided"):
        appeal_decide(acting_user=admin, appeal=appeal, outcome=AppealOutcome.UPHELD,
                      reasons="Yes.")


def test_the_database_refuses_a_decision_without_its_official(appeal: Appeal):
    with pytest.raises(IntegrityError, match="budget_appeal_decided_by_someone"), \
            transaction.atomic():
        Appeal.objects.filter(pk=appeal.pk).update(outcome=AppealOutcome.UPHELD,
                                                   reasons="Fine.",
                                                   decided_at=timezone.now())


# --- pending_appeals and voting_may_open ------------------------------------------------------


def test_voting_may_not_open_while_appeals_are_pending(
        appeals_phase: Edition, component: Component, pool: Pool, resident: User,
        ngo_member: User, official: User, colleague: User, area: Area):
    first = make_project(component, author=resident, pool=pool)
    second = make_project(component, author=ngo_member, pool=pool, title="Lamps")
    for project, author in ((first, resident), (second, ngo_member)):
        exclude(project, official, area, published_at=_days_ago(1))
        appeal_file(acting_user=author, project=project, reason="Please.")
    assert voting_may_open(appeals_phase) == ["2 appeals pending."]
    assert list(pending_appeals(appeals_phase).values_list("project", flat=True)) == [
        first.pk, second.pk]
    appeal_decide(acting_user=colleague, appeal=Appeal.objects.get(project=first),
                  outcome=AppealOutcome.UPHELD, reasons="Fine.")
    assert voting_may_open(appeals_phase) == ["1 appeal pending."]
    appeal_decide(acting_user=colleague, appeal=Appeal.objects.get(project=second),
                  outcome=AppealOutcome.DISMISSED, reasons="No.")
    assert voting_may_open(appeals_phase) == []


def test_a_withdrawn_project_no_longer_waits_for_its_appeal(appeal: Appeal,
                                                           appeals_phase: Edition):
    assert voting_may_open(appeals_phase) == ["1 appeal pending."]
    Project.objects.filter(pk=appeal.project_id).update(state=ProjectState.WITHDRAWN,
                                                        withdrawn_at=timezone.now())
    assert voting_may_open(appeals_phase) == []


def test_voting_may_not_open_while_projects_are_under_review_or_appealable(
        appeals_phase: Edition, component: Component, pool: Pool, resident: User,
        official: User, area: Area):
    make_project(component, author=resident, pool=pool, state=ProjectState.IN_REVIEW)
    excluded = make_project(component, author=resident, pool=pool, title="Lamps")
    exclude(excluded, official, area, published_at=_days_ago(2))
    assert voting_may_open(appeals_phase) == [
        "1 project is still under review.",
        "1 project not admitted may still be appealed."]
