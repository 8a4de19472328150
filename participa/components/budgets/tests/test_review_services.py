"""The formal review's services: the assessment (department officials only, the database
refusing a corrected cost without a reason and an exclusion without a justification), the
correction request (the author notified with the deadline, the correction back in review,
refused after the deadline), the publication (state, corrected cost, journal) and the merge
(both authors' consent)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participa.components.budgets.models import (
    ChecklistItem,
    Edition,
    Pool,
    Project,
    ProjectState,
)
from participa.components.budgets.models_review import (
    Assessment,
    CorrectionRequest,
    MergeConsent,
    Outcome,
)
from participa.components.budgets.permissions_review import org_today
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services import review, setup
from participa.components.budgets.tests.conftest import make_project, move_to
from participa.core.models import Area, AuditEntry, JournalEntry, User
from participa.notifications.models import Notification
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db

COMPLETE: dict[str, Any] = {"legality": "yes", "feasibility": "yes",
                            "formal_compliance": "yes", "outcome": Outcome.ADMITTED}


@pytest.fixture
def in_review(edition: Edition) -> Edition:
    return move_to(edition, EditionPhase.REVIEW)


@pytest.fixture
def started(in_review: Edition, project: Project, official: User, area: Area) -> Assessment:
    """A draft assessment by the official of the urbanism department (nothing answered)."""
    return review.assessment_save(acting_user=official, project=project, department=area,
                                  values={}, answers={})


def _save(user: User, project: Project, area: Area, checklist: list[ChecklistItem],
          **values: Any) -> Assessment:
    return review.assessment_save(
        acting_user=user, project=project, department=area, values={**COMPLETE, **values},
        answers={item.pk: (True, "") for item in checklist})


# --- assessment_save --------------------------------------------------------------------------


def test_it_saves_a_draft_assessment_and_puts_the_project_in_review(
        in_review: Edition, project: Project, official: User, area: Area,
        checklist: list[ChecklistItem]):
    assessment = review.assessment_save(
        acting_user=official, project=project, department=area,
        values={"legality": "conditions", "legality_note": "Needs a permit."},
        answers={checklist[0].pk: (False, "Outside the city's land.")})
    project.refresh_from_db()
    assert project.state == ProjectState.IN_REVIEW
    assert assessment.reviewer == official
    assert assessment.published_at is None
    answer = assessment.answers.get()
    assert (answer.passed, answer.note) == (False, "Outside the city's land.")
    entry = AuditEntry.objects.get(action="budget_assessment.save",
                                   object_type="budgets.assessment")
    assert "legality_note" in entry.changes and entry.changes["legality_note"] is None


def test_it_updates_the_answers_on_a_second_save(in_review: Edition, project: Project,
                                                 official: User, area: Area,
                                                 checklist: list[ChecklistItem]):
    _save(official, project, area, checklist)
    review.assessment_save(acting_user=official, project=project, department=area,
                           values={}, answers={checklist[0].pk: (False, "Late")})
    assessment = Assessment.objects.get(project=project)
    assert [(a.passed, a.note) for a in assessment.answers.all()] == [(False, "Late")]


def test_it_refuses_an_official_of_another_department(in_review: Edition, project: Project,
                                                      other_official: User, area: Area,
                                                      checklist: list[ChecklistItem]):
    with pytest.raises(ValidationError, match="Only the officials of the department"):
        _save(other_official, project, area, checklist)
    assert not Assessment.objects.exists()


def test_it_keeps_the_department_of_the_first_save(in_review: Edition, project: Project,
                                                   official: User, other_official: User,
                                                   area: Area, other_department: Area,
                                                   checklist: list[ChecklistItem]):
    _save(official, project, area, checklist)
    with pytest.raises(ValidationError, match="Only the officials of the department"):
        _save(other_official, project, other_department, checklist)


def test_it_lets_an_administrator_assess(in_review: Edition, project: Project, admin: User,
                                         area: Area, checklist: list[ChecklistItem]):
    assert _save(admin, project, area, checklist).reviewer == admin


@pytest.mark.parametrize("user", ["resident", "manager"])
def test_it_refuses_a_resident_and_a_space_manager(request: Any, user: str,
                                                   in_review: Edition, project: Project,
                                                   area: Area,
                                                   checklist: list[ChecklistItem]):
    with pytest.raises(ValidationError, match="Only the officials of the department"):
        _save(request.getfixturevalue(user), project, area, checklist)


def test_it_refuses_a_corrected_cost_without_a_reason(in_review: Edition, project: Project,
                                                      official: User, area: Area,
                                                      checklist: list[ChecklistItem]):
    with pytest.raises(ValidationError) as raised:
        _save(official, project, area, checklist, corrected_cost=Decimal("7000"))
    assert raised.value.message_dict == {"cost_reason": ["Say why the cost is corrected."]}


def test_the_database_refuses_a_corrected_cost_without_a_reason(
        in_review: Edition, project: Project, official: User, area: Area,
        checklist: list[ChecklistItem]):
    assessment = _save(official, project, area, checklist)
    with pytest.raises(IntegrityError, match="budget_assessment_corrected_cost_has_reason"), \
            transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(corrected_cost=Decimal("7000"),
                                                           cost_reason="")


def test_it_refuses_an_exclusion_without_a_justification(in_review: Edition,
                                                         project: Project, official: User,
                                                         area: Area,
                                                         checklist: list[ChecklistItem]):
    with pytest.raises(ValidationError) as raised:
        _save(official, project, area, checklist, outcome=Outcome.NOT_ADMITTED)
    assert raised.value.message_dict == {
        "justification": ["Justify why the project is not admitted to the vote."]}


def test_the_database_refuses_an_exclusion_without_a_justification(
        in_review: Edition, project: Project, official: User, area: Area,
        checklist: list[ChecklistItem]):
    assessment = _save(official, project, area, checklist)
    with pytest.raises(IntegrityError, match="budget_assessment_exclusion_justified"), \
            transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(outcome=Outcome.NOT_ADMITTED,
                                                           justification="")


def test_the_database_refuses_a_published_assessment_without_an_outcome(
        in_review: Edition, project: Project, official: User, area: Area,
        checklist: list[ChecklistItem]):
    assessment = review.assessment_save(acting_user=official, project=project,
                                        department=area, values={}, answers={})
    with pytest.raises(IntegrityError, match="budget_assessment_published_complete"), \
            transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(published_at=timezone.now(),
                                                           published_by=official)


def test_the_database_refuses_two_answers_to_one_checklist_point(
        in_review: Edition, project: Project, official: User, area: Area,
        checklist: list[ChecklistItem]):
    assessment = _save(official, project, area, checklist)
    # PostgreSQL names the constraint, SQLite its columns.
    once = "budget_assessment_answer_once|budgets_assessmentanswer.assessment_id"
    with pytest.raises(IntegrityError, match=once), \
            transaction.atomic():
        assessment.answers.create(item=checklist[0], passed=True)


def test_it_refuses_a_review_after_the_review_phase(edition: Edition, project: Project,
                                                    official: User, area: Area,
                                                    checklist: list[ChecklistItem]):
    move_to(edition, EditionPhase.APPEALS)
    with pytest.raises(ValidationError, match="only until the formal review ends"):
        _save(official, project, area, checklist)


# --- correction_request and project_correct ---------------------------------------------------


def test_it_asks_for_a_correction_and_tells_the_author_the_deadline(
        started: Assessment, project: Project, official: User, resident: User):
    request = review.correction_request(acting_user=official, project=project,
                                        message="Split the cost of the benches.")
    project.refresh_from_db()
    assert project.state == ProjectState.CORRECTION_REQUESTED
    expected = org_today(project.component.space.organization) + datetime.timedelta(days=7)
    assert request.deadline == expected
    notice = Notification.objects.get(recipient=resident,
                                      event="budget_project.correction_requested")
    assert notice.extra == {"deadline": expected.isoformat()}
    assert AuditEntry.objects.filter(action="budget_project.correction_request").count() == 2


def test_it_refuses_a_correction_request_before_the_assessment_is_started(
        in_review: Edition, project: Project, official: User):
    with pytest.raises(ValidationError, match="Start the assessment first"):
        review.correction_request(acting_user=official, project=project, message="Fix it.")


def test_an_official_of_another_department_cannot_ask_for_a_correction(
        started: Assessment, project: Project, other_official: User):
    with pytest.raises(ValidationError, match="Only the officials of the department"):
        review.correction_request(acting_user=other_official, project=project,
                                  message="Fix it.")


def test_it_refuses_a_correction_deadline_after_the_review(started: Assessment,
                                                          project: Project, official: User,
                                                          in_review: Edition):
    late = in_review.review_ends_on + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        review.correction_request(acting_user=official, project=project, message="Fix it.",
                                  deadline=late)
    day = in_review.review_ends_on
    assert raised.value.message_dict == {"deadline": [
        "The deadline must fall within the formal review, which ends on "
        f"{day.day} {day:%b} {day.year}."]}


def test_it_refuses_a_second_open_correction_request(started: Assessment, project: Project,
                                                     official: User):
    review.correction_request(acting_user=official, project=project, message="Fix it.")
    with pytest.raises(ValidationError, match="already asked for a correction"):
        review.correction_request(acting_user=official, project=project, message="Again.")
    assert CorrectionRequest.objects.count() == 1


def test_the_authors_correction_puts_the_project_back_in_review(
        started: Assessment, project: Project, official: User, resident: User, pool: Pool):
    request = review.correction_request(acting_user=official, project=project,
                                        message="Split the cost.")
    review.project_correct(acting_user=resident, project=project,
                           data={"title": "Benches and bins"},
                           cost_items=[("Benches", Decimal("4000")),
                                       ("Bins", Decimal("1500"))])
    project.refresh_from_db()
    request.refresh_from_db()
    assert (project.state, project.title, project.title_public, project.cost) == (
        ProjectState.IN_REVIEW, "Benches and bins", "Benches and bins", Decimal("5500.00"))
    assert request.answered_at is not None


def test_it_refuses_a_correction_after_the_deadline(started: Assessment, project: Project,
                                                    official: User, resident: User):
    request = review.correction_request(acting_user=official, project=project,
                                        message="Split the cost.")
    CorrectionRequest.objects.filter(pk=request.pk).update(
        deadline=org_today(project.component.space.organization) - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="deadline to correct the project has passed"):
        review.project_correct(acting_user=resident, project=project, data={},
                               cost_items=[("Benches", Decimal("5000"))])


def test_it_refuses_a_correction_by_someone_else(started: Assessment, project: Project,
                                                 official: User, ngo_member: User):
    review.correction_request(acting_user=official, project=project, message="Fix it.")
    with pytest.raises(ValidationError, match="Only its authors"):
        review.project_correct(acting_user=ngo_member, project=project, data={},
                               cost_items=[("Benches", Decimal("5000"))])


# --- assessment_publish -----------------------------------------------------------------------


def test_it_publishes_an_admission_with_the_corrected_cost(
        in_review: Edition, project: Project, official: User, resident: User, area: Area,
        checklist: list[ChecklistItem]):
    _save(official, project, area, checklist, corrected_cost=Decimal("6200"),
          cost_reason="Current prices of benches.")
    review.assessment_publish(acting_user=official, project=project)
    project.refresh_from_db()
    assert project.state == ProjectState.ADMITTED
    assert Assessment.objects.get(project=project).published_by == official
    assert (project.corrected_cost, project.corrected_cost_reason) == (
        Decimal("6200.00"), "Current prices of benches.")
    line = JournalEntry.objects.get(action="budget_project_admitted")
    assert line.params == {"title": "Benches in the park", "number": "1"}
    assert Notification.objects.filter(recipient=resident,
                                       event="budget_project.assessed").count() == 1


def test_it_publishes_an_exclusion(in_review: Edition, project: Project, official: User,
                                   area: Area, checklist: list[ChecklistItem]):
    _save(official, project, area, checklist, outcome=Outcome.NOT_ADMITTED,
          justification="The park belongs to the county.")
    review.assessment_publish(acting_user=official, project=project)
    project.refresh_from_db()
    assert project.state == ProjectState.NOT_ADMITTED
    assert JournalEntry.objects.filter(action="budget_project_not_admitted").count() == 1


def test_it_refuses_to_publish_an_incomplete_assessment(in_review: Edition,
                                                        project: Project, official: User,
                                                        area: Area,
                                                        checklist: list[ChecklistItem]):
    review.assessment_save(acting_user=official, project=project, department=area,
                           values={"legality": "yes"}, answers={})
    with pytest.raises(ValidationError) as raised:
        review.assessment_publish(acting_user=official, project=project)
    assert raised.value.messages == [
        "Say whether the project is technically feasible.",
        "Say whether the project meets the formal requirements.",
        "Choose the outcome.",
        "Answer every point of the checklist."]


def test_it_refuses_to_change_a_published_assessment(in_review: Edition, project: Project,
                                                     official: User, area: Area,
                                                     checklist: list[ChecklistItem]):
    _save(official, project, area, checklist)
    review.assessment_publish(acting_user=official, project=project)
    with pytest.raises(ValidationError, match="not under review"):
        _save(official, project, area, checklist)


def test_it_refuses_to_publish_while_the_authors_may_still_correct(
        in_review: Edition, project: Project, official: User, area: Area,
        checklist: list[ChecklistItem]):
    _save(official, project, area, checklist)
    review.correction_request(acting_user=official, project=project, message="Fix it.")
    with pytest.raises(ValidationError, match="The authors may correct the project until"):
        review.assessment_publish(acting_user=official, project=project)


# --- merge ------------------------------------------------------------------------------------


@pytest.fixture
def second(component: Component, ngo_member: User, pool: Pool) -> Project:
    return make_project(component, author=ngo_member, pool=pool, title="Benches by the lake")


def test_it_refuses_a_merge_without_both_consents(in_review: Edition, project: Project,
                                                  second: Project, official: User,
                                                  resident: User):
    with pytest.raises(ValidationError, match="Both authors must consent"):
        review.merge_projects(acting_user=official, project=project, absorbed=second)
    review.merge_consent(acting_user=resident, project=project, other=second)
    with pytest.raises(ValidationError, match="Both authors must consent"):
        review.merge_projects(acting_user=official, project=project, absorbed=second)
    second.refresh_from_db()
    assert second.state == ProjectState.SUBMITTED


def test_it_merges_once_both_authors_consented(in_review: Edition, project: Project,
                                               second: Project, official: User,
                                               resident: User, ngo_member: User):
    review.merge_consent(acting_user=resident, project=project, other=second)
    review.merge_consent(acting_user=ngo_member, project=second, other=project)
    review.merge_projects(acting_user=official, project=project, absorbed=second)
    second.refresh_from_db()
    assert (second.state, second.merged_into) == (ProjectState.MERGED, project)
    assert list(project.coauthors.all()) == [ngo_member]
    line = JournalEntry.objects.get(action="budget_projects_merged")
    assert line.params["absorbed"] == "2"
    assert MergeConsent.objects.count() == 2


def test_only_the_author_consents_to_a_merge(in_review: Edition, project: Project,
                                             second: Project, ngo_member: User):
    with pytest.raises(ValidationError, match="Only the author of the project"):
        review.merge_consent(acting_user=ngo_member, project=project, other=second)


def test_a_resident_cannot_merge(in_review: Edition, project: Project, second: Project,
                                 resident: User, ngo_member: User):
    review.merge_consent(acting_user=resident, project=project, other=second)
    review.merge_consent(acting_user=ngo_member, project=second, other=project)
    with pytest.raises(ValidationError, match="Only an official can merge projects"):
        review.merge_projects(acting_user=resident, project=project, absorbed=second)


def test_a_checklist_point_answered_in_an_assessment_is_not_deleted(
        in_review: Edition, project: Project, official: User, manager: User, area: Area,
        checklist: list[ChecklistItem]):
    _save(official, project, area, checklist)
    with pytest.raises(ValidationError, match="already answered in an assessment"):
        setup.checklist_item_delete(acting_user=manager, item=checklist[0])
    assert ChecklistItem.objects.filter(pk=checklist[0].pk).exists()
