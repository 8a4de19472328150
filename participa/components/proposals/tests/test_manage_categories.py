"""The staff page of the categories: add, rename, reorder, delete with a warning."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participa.components.proposals.models import ProposalCategory
from participa.components.proposals.services import categories as services
from participa.components.proposals.tests.conftest import make_proposal
from participa.core.models import AuditEntry, User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def url(component: Component, name: str, *args: Any) -> str:
    return reverse(f"manage:proposals:{name}", args=[component.space.slug, component.pk, *args])


def names(component: Component) -> list[str]:
    return [str(category) for category in ProposalCategory.objects.filter(component=component)]


def test_it_adds_renames_and_reorders(client_for: Any, component: Component,
                                      manager: User) -> None:
    client = client_for(manager)
    for name in ("Mobilitate", "Spații verzi"):
        response = client.post(url(component, "manage_categories"),
                               {"name__ro": name, "name__pl": "", "name__en": name})
        assert response.status_code == 302
    assert names(component) == ["Mobilitate", "Spații verzi"]
    green = ProposalCategory.objects.get(name__ro="Spații verzi")
    client.post(url(component, "manage_category_move", green.pk), {"direction": "up"})
    assert names(component) == ["Spații verzi", "Mobilitate"]
    client.post(url(component, "manage_category_edit", green.pk),
                {"name__ro": "Parcuri", "name__en": "Parks"})
    green.refresh_from_db()
    assert green.name == {"ro": "Parcuri", "en": "Parks"}
    assert AuditEntry.objects.filter(action="proposal_category.create").count() == 2
    assert AuditEntry.objects.filter(action="proposal_category.update").count() == 2


def test_it_asks_for_a_name(client_for: Any, component: Component, manager: User) -> None:
    response = client_for(manager).post(url(component, "manage_categories"), {"name__ro": " "})
    assert "Give the category a name." in response.content.decode()
    assert not ProposalCategory.objects.exists()


def test_it_warns_then_deletes_a_category_in_use(client_for: Any, component: Component,
                                                manager: User, resident: User) -> None:
    category = ProposalCategory.objects.create(component=component, name={"en": "Mobility"})
    proposal = make_proposal(component, author=resident, category=category)
    client = client_for(manager)
    page = client.get(url(component, "manage_category_delete", category.pk)).content.decode()
    assert "1 proposal is filed under this category: it will have no category." in page
    client.post(url(component, "manage_category_delete", category.pk))
    proposal.refresh_from_db()
    assert proposal.category is None
    assert not ProposalCategory.objects.exists()
    assert AuditEntry.objects.filter(action="proposal_category.delete").count() == 1


def test_it_is_for_those_who_run_the_space(client_for: Any, component: Component,
                                           resident: User) -> None:
    assert client_for(resident).get(url(component, "manage_categories")).status_code == 404
    with pytest.raises(ValidationError) as error:
        services.category_create(acting_user=resident, component=component,
                                 name={"en": "Mine"})
    assert error.value.messages == ["Only those who run the space can manage the categories."]
