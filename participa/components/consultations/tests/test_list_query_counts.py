"""Every list of consultations (public, per component, the back office's, the home page's
debates) runs the same number of queries however many rows it shows."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from participa.components.consultations.models import ConsultationState
from participa.components.consultations.tests.conftest import (
    days,
    make_component,
    make_consultation,
    make_contribution,
    make_debate,
    make_space,
)
from participa.core.models import Area, Scope
from participa.spaces.models import Phase, Space, SpaceKind, SpaceMembership, Visibility
from participa.testing import assert_constant_queries

ORG_LIST = reverse("consultations_list")
COUNTER = itertools.count()

# (opens, closes, extra): one of each status.
KINDS: list[tuple[int, int, dict[str, Any]]] = [
    (-5, 10, {}),
    (3, 30, {}),
    (-30, -1, {}),
    (-60, -40, {"state": ConsultationState.FINAL, "closed_at": timezone.now()}),
    (-60, -40, {"report_published_at": timezone.now()}),
]


def add_consultations(component, count, *, author, scope=None, department=None):
    """``count`` consultations of every status, each with contributions and a future debate,
    in a scope and a department of their own or their space's."""
    for index in range(count):
        opens, closes, extra = KINDS[index % len(KINDS)]
        number = next(COUNTER)
        consultation = make_consultation(
            component, slug=f"c-{number}", title=f"Consultation {number}", opens=opens,
            closes=closes, scope=scope if index % 2 else None,
            department=department if index % 3 else None, **extra)
        for _ in range(2):
            make_contribution(consultation, author=author)
        make_debate(consultation, place=f"Room {number}",
                    starts_at=timezone.now() + datetime.timedelta(days=2 + number))


def cards(response) -> int:
    return response.content.decode().count('class="consultation-status"')


@pytest.fixture
def world(org, component, resident):
    """A second space and component, a scope inside the space's scope and a department."""
    inner = Scope.objects.create(organization=org, code="inner", name={"en": "Inner"},
                                 parent=component.space.scope)
    department = Area.objects.create(organization=org, code="roads", name={"en": "Roads"})
    other = make_component(make_space(org, slug="other", area=component.space.area))
    return inner, department, other


@pytest.mark.parametrize("query", ["", "?status=open", "?scope={scope}&area={area}&q=Consultation"])
@pytest.mark.parametrize("where", ["org", "component"])
@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_the_public_lists_run_a_fixed_number_of_queries(client_for, request, component, resident,
                                                        world, query, where, who):
    inner, department, other = world
    client = client_for(None if who == "anonymous" else request.getfixturevalue(who))

    def grow():
        for target in (component, other):
            add_consultations(target, 15, author=resident, scope=inner, department=department)

    grow_first = [component, other] if where == "org" else [component]
    for target in grow_first:
        add_consultations(target, 5, author=resident, scope=inner, department=department)
    base = ORG_LIST if where == "org" else component.get_absolute_url()
    url = base + query.format(scope=component.space.scope_id, area=component.space.area_id)
    few, many = assert_constant_queries(client, url, grow)
    assert cards(many) > cards(few) > 0


@pytest.mark.parametrize("query", ["", "?status=draft", "?scope={scope}&area={area}"])
def test_the_back_office_list_runs_a_fixed_number_of_queries(client_for, component, manager,
                                                             resident, world, query):
    inner, department, _ = world

    def grow():
        add_consultations(component, 15, author=resident, scope=inner, department=department)
        for _ in range(3):
            make_consultation(component, slug=f"draft-{next(COUNTER)}",
                              state=ConsultationState.DRAFT)

    add_consultations(component, 5, author=resident, scope=inner, department=department)
    make_consultation(component, slug="draft", state=ConsultationState.DRAFT)
    url = reverse("manage:consultations:manage_index", args=[component.space.slug, component.pk])
    url += query.format(scope=component.space.scope_id, area=component.space.area_id)
    few, many = assert_constant_queries(client_for(manager), url, grow)
    rows = many.content.decode().count('<th scope="row">')
    assert rows > few.content.decode().count('<th scope="row">') > 0


def test_the_home_page_runs_a_fixed_number_of_queries(client_for, org, component, resident,
                                                      world):
    inner, department, _ = world
    client = client_for(resident)

    def grow():
        """Open processes (one for members), assemblies, and debates in each."""
        for number in range(4):
            space = make_space(org, slug=f"grown-{number}",
                               visibility=Visibility.MEMBERS if number % 2 else Visibility.PUBLIC)
            Phase.objects.create(space=space, title={"en": "Now"}, start_date=days(-3),
                                 end_date=days(3))
            SpaceMembership.objects.create(space=space, user=resident)
            add_consultations(make_component(space), 3, author=resident, scope=inner,
                              department=department)
            Space.objects.create(organization=org, kind=SpaceKind.ASSEMBLY,
                                 slug=f"assembly-{number}", title={"en": f"Assembly {number}"},
                                 published_at=timezone.now())

    add_consultations(component, 2, author=resident)
    Space.objects.create(organization=org, kind=SpaceKind.ASSEMBLY, slug="council",
                         title={"en": "Council"}, published_at=timezone.now())
    few, many = assert_constant_queries(client, "/", grow)
    for shown in ("Room ", 'class="card"'):
        assert many.content.decode().count(shown) > few.content.decode().count(shown) > 0
