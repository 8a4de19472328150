"""A consultation's page and the list of consultations in the page cache for anonymous
visitors: served without running the views again, and fresh after every declared write."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from participa.components.consultations.models import Consultation, Publication
from participa.components.consultations.services import consultations as services
from participa.components.consultations.services.moderation import redaction_approve
from participa.components.consultations.tests.conftest import make_contribution
from participa.components.consultations.tests.test_legal_publication import publish, ready
from participa.components.consultations.tests.test_services_consultations import (
    _attachment_root,  # noqa: F401  (autouse fixture: attachments in a temporary folder)
)
from participa.core.models import User
from participa.spaces.models import Component

pytestmark = pytest.mark.usefixtures("page_cache")

# A cached page costs no query: the organization served at the host is cached too
# (participa/core/middleware.py).
CACHED_PAGE_QUERIES = 0


def url(consultation: Consultation) -> str:
    component = consultation.component
    return f"/spaces/{component.space.slug}/consultations/{component.pk}/{consultation.slug}/"


def test_it_serves_the_second_visit_of_a_consultation_from_the_cache(
        consultation: Consultation, django_assert_num_queries: Any) -> None:
    client = Client()
    first = client.get(url(consultation))
    assert first.status_code == 200
    with django_assert_num_queries(CACHED_PAGE_QUERIES):
        second = client.get(url(consultation))
    assert second.status_code == 200
    assert second.content == first.content
    assert "Parking rules" in second.content.decode()


def test_it_keeps_each_page_of_contributions_apart(consultation: Consultation) -> None:
    client = Client()
    first = client.get(url(consultation)).content
    assert client.get(url(consultation) + "?page=2").content != first
    assert client.get(url(consultation) + "?type=question").content != first


def test_it_lists_a_consultation_once_it_is_published(component: Component,
                                                      manager: User) -> None:
    client = Client()
    draft = ready(component, manager, slug="parking-fees")
    assert "Parking rules" not in client.get("/consultations/").content.decode()
    publish(draft, manager)
    assert "Parking rules" in client.get("/consultations/").content.decode()


def test_it_shows_a_new_title_at_the_next_visit(consultation: Consultation,
                                                manager: User) -> None:
    client = Client()
    assert "Parking rules" in client.get(url(consultation)).content.decode()
    assert "Parking rules" in client.get("/consultations/").content.decode()
    services.consultation_update(acting_user=manager, consultation=consultation,
                                 title={"en": "Parking fees in the centre"})
    assert "Parking fees in the centre" in client.get(url(consultation)).content.decode()
    assert "Parking fees in the centre" in client.get("/consultations/").content.decode()


def test_it_shows_a_contribution_once_its_text_is_approved(
        consultation: Consultation, manager: User, resident: User) -> None:
    contribution = make_contribution(consultation, author=resident,
                                     body="Plant more trees on the square.",
                                     publication=Publication.ANONYMOUS, approved=False)
    client = Client()
    assert "Plant more trees" not in client.get(url(consultation)).content.decode()
    redaction_approve(acting_user=manager, contribution=contribution)
    assert "Plant more trees" in client.get(url(consultation)).content.decode()
