"""Support signatures: once per resident (the database's constraint), counted, withdrawn while
submission is open; and the race on PostgreSQL: residents signing twice at the same moment
leave exactly one signature each."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from participa.components.budgets.models import Edition, Project, ProjectSupport
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services.supports import (
    project_support_create,
    project_support_withdraw,
)
from participa.components.budgets.tests.conftest import (
    make_component,
    make_edition,
    make_pool,
    make_project,
    move_to,
)
from participa.conftest import make_user
from participa.core.models import Organization, User
from participa.spaces.models import Space
from participa.testing import failures, refusals, run_together

RESIDENTS = 6


@pytest.fixture
def signing(edition: Edition) -> Edition:
    Edition.objects.filter(pk=edition.pk).update(supports_enabled=True)
    edition.refresh_from_db()
    return edition


@pytest.mark.django_db
def test_a_resident_signs_once_and_withdraws(signing: Edition, project: Project,
                                             ngo_member: User):
    project_support_create(acting_user=ngo_member, project=project)
    with pytest.raises(ValidationError, match="You already signed this project"):
        project_support_create(acting_user=ngo_member, project=project)
    project.refresh_from_db()
    assert project.supports_count == 1
    project_support_withdraw(acting_user=ngo_member, project=project)
    project.refresh_from_db()
    assert project.supports_count == 0
    assert not ProjectSupport.objects.exists()


@pytest.mark.django_db
def test_a_signature_stays_once_submission_closed(signing: Edition, project: Project,
                                                  ngo_member: User):
    project_support_create(acting_user=ngo_member, project=project)
    move_to(signing, EditionPhase.REVIEW)
    with pytest.raises(ValidationError) as refused:
        project_support_withdraw(acting_user=ngo_member, project=project)
    assert refused.value.messages == ["Submission is closed: a signature can no longer be "
                                      "withdrawn."]


@pytest.mark.django_db
def test_the_database_keeps_one_signature_per_person(project: Project, ngo_member: User):
    ProjectSupport.objects.create(project=project, user=ngo_member)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectSupport.objects.create(project=project, user=ngo_member)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_signatures_each_at_once_count_one_per_resident(org: Organization,
                                                            resident: User) -> None:
    from participa.components.budgets.tests.conftest import make_space

    space: Space = make_space(org)
    component = make_component(space)
    edition = make_edition(component, supports_enabled=True)
    project = make_project(component, author=resident, pool=make_pool(edition))
    people = [make_user(org, f"person{index}") for index in range(RESIDENTS)]

    def sign(person: Any) -> int:
        return project_support_create(acting_user=person,
                                      project=Project.objects.get(pk=project.pk)).pk

    outcomes = run_together(*[(lambda person=person: sign(person))
                              for person in people for _ in range(2)])

    assert failures(outcomes) == []
    assert sorted({" ".join(error.messages) for error in refusals(outcomes)}) == [
        "You already signed this project."]
    assert len(refusals(outcomes)) == RESIDENTS
    project.refresh_from_db()
    assert ProjectSupport.objects.filter(project=project).count() == RESIDENTS
    assert project.supports_count == RESIDENTS
