"""Who may review a project, appeal its exclusion and decide the appeal, by persona: a resident
(not the author), the author, an official of another department, the reviewer, a colleague of
the reviewer's department, an administrator, an administrator of another organization."""

from __future__ import annotations

from typing import Any

import pytest

from participa.components.budgets.models import Edition, Project, ProjectState
from participa.components.budgets.models_review import Appeal
from participa.components.budgets.permissions_review import (
    can_appeal_project,
    can_decide_appeal,
    can_review_budget,
    can_review_project,
)
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services import review
from participa.components.budgets.services.appeals import appeal_file
from participa.components.budgets.tests.conftest import move_to
from participa.core.models import Area, User

pytestmark = pytest.mark.django_db

PERSONAS = ["ngo_member", "resident", "other_official", "official", "colleague", "admin",
            "outsider"]


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


@pytest.mark.parametrize("persona,allowed", list(zip(PERSONAS, [False, False, False, True, True,
                                                           True, False], strict=True)))
def test_who_may_review_the_project(request: Any, assessed: Project, persona: str,
                                    allowed: bool):
    user = request.getfixturevalue(persona)
    assert can_review_project(user, assessed) is allowed


@pytest.mark.parametrize("persona,allowed", list(zip(PERSONAS, [False, False, True, True, True,
                                                           True, False], strict=True)))
def test_who_opens_the_review_pages(request: Any, assessed: Project, persona: str,
                                    allowed: bool):
    user = request.getfixturevalue(persona)
    assert can_review_budget(user, assessed.component) is allowed


@pytest.mark.parametrize("persona,allowed", list(zip(PERSONAS, [False, True, False, False, False,
                                                           False, False], strict=True)))
def test_who_may_appeal(request: Any, assessed: Project, official: User, persona: str,
                        allowed: bool):
    review.assessment_publish(acting_user=official, project=assessed)
    assessed.refresh_from_db()
    assert assessed.state == ProjectState.NOT_ADMITTED
    assert can_appeal_project(request.getfixturevalue(persona), assessed) is allowed


@pytest.mark.parametrize("persona,allowed", list(zip(PERSONAS, [False, False, True, False, True,
                                                           True, False], strict=True)))
def test_who_may_decide_the_appeal(request: Any, assessed: Project, official: User,
                                   resident: User, persona: str, allowed: bool):
    review.assessment_publish(acting_user=official, project=assessed)
    appeal: Appeal = appeal_file(acting_user=resident, project=assessed, reason="Please.")
    assert can_decide_appeal(request.getfixturevalue(persona), appeal) is allowed
