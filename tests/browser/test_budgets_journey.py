"""A resident submits a participatory-budget project with two cost items on a phone-sized
screen (320 px) and finds it in the list of projects; axe-core checks every page visited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from participa.components.budgets.models import Project, ProjectState
from participa.components.budgets.tests.conftest import (
    make_component,
    make_edition,
    make_pool,
    make_space,
)

from .conftest import NARROW, PASSWORD, make_person

pytestmark = [pytest.mark.browser]


def narrow(journey: Any) -> None:
    """Back to a phone-sized screen (the check looks at both widths)."""
    journey.page.set_viewport_size(NARROW)


def test_it_takes_a_resident_from_the_edition_page_to_a_submitted_project(
        journey: Any, site: Any) -> None:
    page = journey.page
    component = make_component(make_space(site))
    edition = make_edition(component)
    pool = make_pool(edition, name="Proiecte pentru tot orașul")
    make_person(site, "Maria P.", "maria@example.org")

    narrow(journey)
    journey.goto("account_login")
    narrow(journey)
    login = page.locator("main form:has([name='password'])")
    login.locator("[name='login']").fill("maria@example.org")
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))
    narrow(journey)

    journey.goto("spaces:budgets:index", component.space.slug, component.pk)
    narrow(journey)
    assert "Current phase: Submission of projects." in page.locator("main").inner_text()
    journey.follow(page.get_by_role("link", name="Submit a project"))
    narrow(journey)

    form = page.locator("main form#project-form")
    form.get_by_label("Title").fill("Bănci în Parcul Rozelor")
    form.get_by_label("Description").fill("Zece bănci la umbră pe aleea principală.")
    form.get_by_label("Pool").select_option(str(pool.pk))
    form.locator("[name='cost-0-description']").fill("Bănci")
    form.locator("[name='cost-0-amount']").fill("4000.50")
    form.locator("[name='cost-1-description']").fill("Montaj")
    form.locator("[name='cost-1-amount']").fill("1999.25")
    form.get_by_label("Address or place").fill("Parcul Rozelor")
    journey.follow(form.get_by_role("button", name="Submit the project"))
    narrow(journey)

    project = Project.objects.get()
    assert project.state == ProjectState.SUBMITTED
    assert project.cost == Decimal("5999.75")
    main = page.locator("main").inner_text()
    assert "Bănci în Parcul Rozelor" in main and "5,999.75" in main

    journey.follow(page.locator("main nav.breadcrumbs").get_by_role("link", name="Projects"))
    narrow(journey)
    assert page.url.endswith(reverse("spaces:budgets:projects",
                                     args=[component.space.slug, component.pk]))
    assert "1 project found" in page.locator("main").inner_text()
    assert page.locator("main .cards").get_by_role(
        "link", name="Bănci în Parcul Rozelor").count() == 1

    # The map view: the accessible list beside the map (the project has no point yet).
    journey.follow(page.get_by_role("link", name="See the projects on a map"))
    narrow(journey)
    assert "0 projects with a place" in page.locator("main").inner_text()


def test_it_takes_staff_through_the_set_up_pages(journey: Any, site: Any) -> None:
    from participa.spaces.models import SpaceMembership

    page = journey.page
    component = make_component(make_space(site))
    edition = make_edition(component)
    make_pool(edition)
    manager = make_person(site, "Ion Manager", "ion@example.org")
    SpaceMembership.objects.create(space=component.space, user=manager,
                                   role=SpaceMembership.Role.MANAGER)

    journey.goto("account_login")
    login = page.locator("main form:has([name='password'])")
    login.locator("[name='login']").fill("ion@example.org")
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))

    journey.goto("manage:budgets:manage_index", component.space.slug, component.pk)
    assert "Write the checklist of the formal review." in page.locator("main").inner_text()
    journey.follow(page.locator("main").get_by_role("link", name="Review checklist"))
    form = page.locator("main form:has([name='text__ro'])")
    form.locator("[name='text__ro']").fill("Proiectul este de competența primăriei")
    journey.follow(form.get_by_role("button", name="Add the point"))
    journey.follow(page.locator("main").get_by_role("link", name="Civic budget"))
    assert "The set-up is complete" in page.locator("main").inner_text()
    journey.follow(page.locator("main").get_by_role("link", name="Pools"))
    journey.follow(page.locator("main").get_by_role(
        "link", name="Create one pool per district with equal amounts"))
    journey.goto("manage:budgets:manage_categories", component.space.slug, component.pk)


def test_it_shows_a_projects_point_and_area_on_its_map(journey: Any, site: Any) -> None:
    from participa.components.budgets.tests.conftest import make_project

    page = journey.page
    component = make_component(make_space(site))
    pool = make_pool(make_edition(component))
    author = make_person(site, "Maria P.", "maria@example.org")
    project = make_project(component, author=author, pool=pool, title="Parcul Rozelor",
                           latitude=Decimal("45.751000"), longitude=Decimal("21.231200"),
                           area_geojson={"type": "Polygon", "coordinates": [[
                               [21.230, 45.750], [21.232, 45.750], [21.232, 45.752],
                               [21.230, 45.750]]]})
    journey.goto(project.get_absolute_url())
    box = page.locator("#project-map")
    assert box.is_visible()
    assert box.locator(".leaflet-marker-icon").count() == 1
    assert box.locator("path.leaflet-interactive").count() == 1
