"""The review and appeals under concurrent requests (PostgreSQL): an author's appeal sent
twice at once is filed once, two officials deciding the same appeal at once decide it once,
and an assessment published twice at once is published (and journalled) once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from participa.components.budgets.models import Edition, Project, ProjectState
from participa.components.budgets.models_review import Appeal, AppealOutcome, Assessment
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services import review
from participa.components.budgets.services.appeals import appeal_decide, appeal_file
from participa.components.budgets.tests.conftest import move_to
from participa.core.models import Area, JournalEntry, User
from participa.testing import failures, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assessed(edition: Edition, project: Project, official: User, area: Area,
             checklist: list[Any]) -> Project:
    move_to(edition, EditionPhase.REVIEW)
    review.assessment_save(acting_user=official, project=project, department=area,
                           values={"legality": "no", "feasibility": "yes",
                                   "formal_compliance": "yes", "outcome": "not_admitted",
                                   "justification": "A county road."},
                           answers={item.pk: (True, "") for item in checklist})
    return project


def _fresh(project: Project) -> Project:
    return Project.objects.select_related("component__space__organization").get(pk=project.pk)


def test_an_assessment_published_twice_at_once_is_published_once(assessed: Project,
                                                                 official: User,
                                                                 colleague: User):
    outcomes = run_together(
        lambda: review.assessment_publish(acting_user=official, project=_fresh(assessed)),
        lambda: review.assessment_publish(acting_user=colleague, project=_fresh(assessed)))
    assert failures(outcomes) == []
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 1
    assert JournalEntry.objects.filter(action="budget_project_not_admitted").count() == 1
    assert Assessment.objects.get().published_at is not None


def test_an_appeal_sent_twice_at_once_is_filed_once(assessed: Project, official: User,
                                                    resident: User):
    review.assessment_publish(acting_user=official, project=assessed)
    outcomes = run_together(
        *[lambda: appeal_file(acting_user=resident, project=_fresh(assessed),
                              reason="Please.") for _ in range(3)])
    assert failures(outcomes) == []
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 2
    assert Appeal.objects.count() == 1
    assert _fresh(assessed).state == ProjectState.APPEALED


def test_two_officials_deciding_at_once_decide_once(assessed: Project, official: User,
                                                    resident: User, colleague: User,
                                                    admin: User):
    review.assessment_publish(acting_user=official, project=assessed)
    appeal_file(acting_user=resident, project=assessed, reason="Please.")

    def decide(user: User, outcome: str) -> Any:
        return appeal_decide(acting_user=user, appeal=Appeal.objects.get(), outcome=outcome,
                             reasons="Decided.")

    outcomes = run_together(lambda: decide(colleague, AppealOutcome.UPHELD),
                            lambda: decide(admin, AppealOutcome.DISMISSED))
    assert failures(outcomes) == []
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 1
    appeal = Appeal.objects.get()
    expected = (ProjectState.ADMITTED if appeal.outcome == AppealOutcome.UPHELD
                else ProjectState.NOT_ADMITTED)
    assert _fresh(assessed).state == expected
    assert JournalEntry.objects.filter(action__startswith="budget_appeal_").exclude(
        action="budget_appeal_filed").count() == 1
