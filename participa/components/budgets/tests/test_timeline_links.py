"""The edition page's timeline links each phase's page once the phase has started (issue
#13, point 11), and the project list filters the projects the results selected or not."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from participa.components.budgets.models import Edition, Pool, ProjectState
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.tests.conftest import make_project, move_to
from participa.components.budgets.timeline_links import phase_url
from participa.core.models import User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def page_url(component: Component, name: str) -> str:
    return reverse(f"spaces:budgets:{name}", args=[component.space.slug, component.pk])


def step_links(page: str) -> dict[str, str]:
    """Each step's heading: its address, or "" without a link."""
    links = {}
    for heading in re.findall(r"<h3>(.*?) ?<span class=\"badge", page):
        linked = re.fullmatch(r'<a href="([^"]+)">([^<]+)</a>', heading.strip())
        if linked:
            links[linked.group(2).replace("&amp;", "&")] = linked.group(1).replace("&amp;", "&")
        else:
            links[heading.strip()] = ""
    return links


def results_url(component: Component) -> str:
    try:  # the results pages, where they are installed
        return page_url(component, "results")
    except NoReverseMatch:
        return ""


def test_every_started_phase_links_its_page(client_for, component: Component,
                                            edition: Edition, pool: Pool):
    move_to(edition, EditionPhase.IMPLEMENTATION)
    page = text(client_for(None).get(page_url(component, "index")))
    assert step_links(page) == {
        "Submission of projects": page_url(component, "projects"),
        "Formal review": page_url(component, "projects"),
        "Appeals": page_url(component, "appeals"),
        "Voting": page_url(component, "voting"),
        "Results": results_url(component),
        "Implementation": page_url(component, "projects") + "?state=selected",
    }
    assert phase_url(EditionPhase.RESULTS, component) == results_url(component)


def test_phases_not_started_have_no_link(client_for, component: Component, edition: Edition,
                                         pool: Pool):
    move_to(edition, EditionPhase.REVIEW)
    page = text(client_for(None).get(page_url(component, "index")))
    assert step_links(page) == {
        "Submission of projects": page_url(component, "projects"),
        "Formal review": page_url(component, "projects"),
        "Appeals": "", "Voting": "", "Results": "", "Implementation": "",
    }


def test_the_list_filters_the_selected_and_the_not_selected(client_for, component: Component,
                                                           edition: Edition, pool: Pool,
                                                           resident: User):
    move_to(edition, EditionPhase.IMPLEMENTATION)
    make_project(component, author=resident, pool=pool, title="Won",
                 state=ProjectState.SELECTED)
    make_project(component, author=resident, pool=pool, title="Lost",
                 state=ProjectState.NOT_SELECTED)
    make_project(component, author=resident, pool=pool, title="Excluded",
                 state=ProjectState.NOT_ADMITTED)
    client = client_for(None)

    def titles(query: str) -> list[str]:
        page = client.get(page_url(component, "projects") + query).content.decode()
        return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', page)

    page = client.get(page_url(component, "projects")).content.decode()
    assert '<option value="selected">Selected for funding</option>' in page
    assert '<option value="not_selected">Not selected</option>' in page
    assert titles("?state=selected") == ["Won"]
    assert titles("?state=not_selected") == ["Lost"]
    assert titles("") == ["Won", "Lost", "Excluded"]
