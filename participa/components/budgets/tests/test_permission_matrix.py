"""Who may submit, sign and withdraw, in every phase of the edition: persona x phase for each
verb, the predicate and the service saying the same."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from participa.components.budgets import permissions
from participa.components.budgets.models import Edition, Pool, Project, ProjectSupport
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services.projects import project_create, project_withdraw
from participa.components.budgets.services.supports import project_support_create
from participa.components.budgets.tests.conftest import move_to
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "resident", "ngo_member", "official", "manager", "admin", "outsider"]
PHASES = list(EditionPhase)
OF_THE_CITY = {"resident", "ngo_member", "official", "manager", "admin"}


@pytest.fixture
def people(resident: Any, ngo_member: Any, official: Any, manager: Any, admin: Any,
           outsider: Any) -> dict[str, Any]:
    from django.contrib.auth.models import AnonymousUser

    return {"anonymous": AnonymousUser(), "resident": resident, "ngo_member": ngo_member,
            "official": official, "manager": manager, "admin": admin, "outsider": outsider}


@pytest.fixture
def signing(edition: Edition) -> Edition:
    Edition.objects.filter(pk=edition.pk).update(supports_enabled=True)
    edition.refresh_from_db()
    return edition


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_submit(component: Component, signing: Edition, pool: Pool,
                        people: dict[str, Any], persona: str, phase: str):
    move_to(signing, phase)
    component.budget_edition.refresh_from_db()
    user = people[persona]
    want = phase == EditionPhase.SUBMISSION and persona in OF_THE_CITY
    assert permissions.can_submit_project(user, component) == want
    if persona == "anonymous":
        return
    try:
        project_create(acting_user=user, component=component,
                       data={"title": "T", "description": "D", "pool": pool},
                       cost_items=[("Item", Decimal("5000"))], submit=True)
    except ValidationError:
        done = False
    else:
        done = True
    assert done == want


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_sign(component: Component, signing: Edition, project: Project,
                      people: dict[str, Any], persona: str, phase: str):
    move_to(signing, phase)
    component.budget_edition.refresh_from_db()
    user = people[persona]
    # The resident is the project's author: they stand behind it already.
    want = (phase == EditionPhase.SUBMISSION and persona in OF_THE_CITY
            and persona != "resident")
    assert permissions.can_support_project(user, project) == want
    if persona == "anonymous":
        return
    with contextlib.suppress(ValidationError):
        project_support_create(acting_user=user, project=project)
    assert ProjectSupport.objects.filter(project=project).exists() == want


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_withdraw(component: Component, signing: Edition, project: Project,
                          people: dict[str, Any], persona: str, phase: str):
    move_to(signing, phase)
    component.budget_edition.refresh_from_db()
    user = people[persona]
    want = persona == "resident" and phase in (EditionPhase.SUBMISSION, EditionPhase.REVIEW)
    assert permissions.can_withdraw_project(user, project) == want
    if persona == "anonymous":
        return
    with contextlib.suppress(ValidationError):
        project_withdraw(acting_user=user, project=project)
    project.refresh_from_db()
    assert (project.state == "withdrawn") == want


def test_nobody_signs_when_the_edition_collects_no_signatures(project: Project,
                                                             ngo_member: Any):
    with pytest.raises(ValidationError) as refused:
        project_support_create(acting_user=ngo_member, project=project)
    assert refused.value.messages == [
        "This participatory budget collects no support signatures."]
