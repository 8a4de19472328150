"""Similar proposals while typing, in Romanian and Polish, in a fixed number of queries."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from participa.components.proposals.models import ProposalState
from participa.components.proposals.similar import similar_proposals
from participa.components.proposals.tests.conftest import make_proposal
from participa.core.models import User
from participa.spaces.models import Component
from participa.testing import assert_constant_queries

pytestmark = pytest.mark.django_db


def similar_url(component: Component, title: str, body: str = "") -> str:
    base = reverse("spaces:proposals:similar", args=[component.space.slug, component.pk])
    return f"{base}?{urlencode({'title': title, 'body': body})}"


class TestSimilarProposals:
    def test_it_finds_a_romanian_duplicate_whatever_the_diacritics(
            self, component: Component, resident: User) -> None:
        bikes = make_proposal(component, author=resident,
                              title="Pistă de biciclete pe bulevardul Revoluției",
                              body="O pistă separată de trotuar, de la gară până în centru.")
        make_proposal(component, author=resident, title="Mai multe bănci în parcul Rozelor",
                      body="Bănci la umbră pe aleea principală.")
        found = similar_proposals(component, "pista biciclete Revolutiei")
        assert [item.proposal for item in found] == [bikes]

    def test_it_finds_a_polish_duplicate(self, component: Component, resident: User) -> None:
        trees = make_proposal(component, author=resident,
                              title="Posadzić drzewa wzdłuż ulicy Długiej",
                              body="Więcej zieleni i cienia dla pieszych latem.")
        make_proposal(component, author=resident, title="Nowy przystanek autobusowy",
                      body="Przystanek przy szkole podstawowej.")
        found = similar_proposals(component, "Drzewa na ulicy Dlugiej")
        assert [item.proposal for item in found] == [trees]

    def test_it_ignores_drafts_and_too_short_texts(
            self, component: Component, resident: User) -> None:
        make_proposal(component, author=resident, state=ProposalState.DRAFT,
                      title="Pistă de biciclete pe bulevardul Revoluției")
        assert similar_proposals(component, "pistă biciclete Revoluției") == []
        make_proposal(component, author=resident,
                      title="Pistă de biciclete pe bulevardul Revoluției")
        assert similar_proposals(component, "pistă") == []

    def test_it_shows_at_most_five(self, component: Component, resident: User) -> None:
        for index in range(7):
            make_proposal(component, author=resident,
                          title=f"Parcare pentru biciclete la școala {index}")
        assert len(similar_proposals(component, "parcare biciclete școala")) == 5


class TestEndpoint:
    def test_it_returns_a_fragment_with_a_link_and_the_hint(
            self, client_for: Any, component: Component, resident: User) -> None:
        bikes = make_proposal(component, author=resident,
                              title="Pistă de biciclete pe bulevardul Revoluției")
        response = client_for(resident).get(similar_url(component, "Pistă biciclete",
                                                        "pe bulevardul Revoluției"))
        page = response.content.decode()
        assert response.status_code == 200
        assert f'href="{bikes.get_absolute_url()}"' in page
        assert "support it instead" in page
        assert "<html" not in page

    def test_it_is_empty_when_nothing_is_similar(
            self, client_for: Any, component: Component, resident: User) -> None:
        make_proposal(component, author=resident, title="Bănci în parc")
        response = client_for(None).get(similar_url(component, "Iluminat stradal nou"))
        assert response.content.decode().strip() == ""

    def test_it_runs_a_fixed_number_of_queries(
            self, client_for: Any, component: Component, resident: User) -> None:
        for index in range(3):
            make_proposal(component, author=resident,
                          title=f"Pistă de biciclete pe strada {index}")

        def grow() -> None:
            for index in range(3, 9):
                make_proposal(component, author=resident,
                              title=f"Pistă de biciclete pe strada {index}")

        _, after = assert_constant_queries(
            client_for(resident), similar_url(component, "Pistă de biciclete strada"), grow)
        assert after.content.decode().count("#supports\">support it instead<") == 5

    def test_it_shows_the_similar_ones_after_preview_without_javascript(
            self, client_for: Any, component: Component, resident: User) -> None:
        bikes = make_proposal(component, author=resident,
                              title="Pistă de biciclete pe bulevardul Revoluției")
        response = client_for(resident).post(
            reverse("spaces:proposals:propose", args=[component.space.slug, component.pk]),
            {"title": "Pistă pentru biciclete", "body": "Pe bulevardul Revoluției.",
             "publication": "named", "action": "preview"})
        assert f'href="{bikes.get_absolute_url()}"' in response.content.decode()
