"""The demo edition: two pools (city-wide and a district), categories, a checklist and six
submitted projects; running it again changes nothing."""

from __future__ import annotations

import pytest

from participa.components.budgets.models import Edition, Pool, Project, ProjectState
from participa.components.budgets.seeds import seed
from participa.components.budgets.validation import edition_validate
from participa.conftest import make_user
from participa.core.models import Organization, Scope, User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def test_it_seeds_an_edition_ready_for_voting_with_six_projects(component: Component,
                                                                manager: User,
                                                                scope: Scope,
                                                                org: Organization):
    make_user(org, "voter")
    seed(component)
    seed(component)
    edition = Edition.objects.get(component=component)
    assert [(pool.scope_id is None, str(pool.amount)) for pool in Pool.objects.all()] == [
        (True, "2000000.00"), (False, "500000.00")]
    assert edition_validate(edition) == []
    projects = Project.objects.filter(component=component)
    assert projects.count() == 6
    assert set(projects.values_list("state", flat=True)) == {ProjectState.SUBMITTED}
    assert all(project.cost == sum(item.amount for item in project.cost_items.all())
               for project in projects)
