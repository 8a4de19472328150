"""Closing a consultation as final: after its period, every contribution answered (RO rule)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from participa.components.consultations.models import (
    Campaign,
    Channel,
    ConsultationState,
    Outcome,
)
from participa.components.consultations.services.answers import (
    answer_review,
    answer_save_draft,
    answers_publish_all,
    consultation_close_final,
    consultation_mark_adopted,
)
from participa.components.consultations.tests.conftest import make_consultation
from participa.components.consultations.tests.conftest import make_contribution as _make
from participa.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def make_contribution(consultation, **extra):
    return _make(consultation, channel=Channel.EMAIL, **extra)


@pytest.fixture
def ended(component):
    """A consultation whose comment period ended yesterday."""
    return make_consultation(component, slug="ended", announced=-60, opens=-30, closes=-1)


def answer_and_publish(consultation, drafter, reviewer, *, contribution=None, campaign=None):
    answer = answer_save_draft(acting_user=drafter, contribution=contribution,
                               campaign=campaign, outcome=Outcome.REJECTED,
                               justification="Against the law on parking.")
    answer_review(acting_user=reviewer, answer=answer, approve=True)
    answers_publish_all(acting_user=drafter, consultation=consultation)


def url(consultation):
    component = consultation.component
    return reverse("manage:consultations:manage_close",
                   args=[component.space.slug, component.pk, consultation.pk])


@pytest.mark.parametrize("profile", ["ro-law-52-2003", "pl-art-5a", "eu-better-regulation"])
def test_it_refuses_while_contributions_lack_a_published_answer(component, manager,
                                                                second_official, profile):
    consultation = make_consultation(component, slug=f"c-{profile}", announced=-60, opens=-30,
                                     closes=-1, profile=profile)
    answered = make_contribution(consultation)
    make_contribution(consultation)
    make_contribution(consultation)
    answer_and_publish(consultation, manager, second_official, contribution=answered)
    with pytest.raises(ValidationError) as error:
        consultation_close_final(acting_user=manager, consultation=consultation)
    assert "2 contributions still lack a published answer" in str(error.value)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.PUBLISHED
    assert consultation.closed_at is None


def test_an_approved_but_unpublished_answer_is_not_enough(ended, manager, second_official):
    contribution = make_contribution(ended)
    answer = answer_save_draft(acting_user=manager, contribution=contribution,
                               outcome=Outcome.ACCEPTED, justification="")
    answer_review(acting_user=second_official, answer=answer, approve=True)
    with pytest.raises(ValidationError, match="1 contribution still lacks a published answer"):
        consultation_close_final(acting_user=manager, consultation=ended)


def test_it_refuses_before_the_comment_period_ended(consultation, manager):
    with pytest.raises(ValidationError, match="close the consultation after that date"):
        consultation_close_final(acting_user=manager, consultation=consultation)


def test_it_closes_when_every_contribution_has_a_published_answer(ended, manager,
                                                                  second_official):
    campaign = Campaign.objects.create(consultation=ended, label="Same letter")
    make_contribution(ended, campaign=campaign)
    make_contribution(ended, campaign=campaign)
    single = make_contribution(ended)
    answer_and_publish(ended, manager, second_official, campaign=campaign)
    answer_and_publish(ended, manager, second_official, contribution=single)
    consultation_close_final(acting_user=manager, consultation=ended)
    ended.refresh_from_db()
    assert ended.state == ConsultationState.FINAL
    assert ended.closed_at is not None
    assert AuditEntry.objects.filter(action="consultation.close_final",
                                     object_id=str(ended.pk)).exists()
    with pytest.raises(ValidationError, match="already closed"):
        consultation_close_final(acting_user=manager, consultation=ended)


def test_an_organization_may_switch_the_rule_off(ended, manager, org):
    org.legal_parameters = {"answer_every_contribution": False}
    org.save()
    make_contribution(ended)
    consultation_close_final(acting_user=manager, consultation=ended)
    ended.refresh_from_db()
    assert ended.state == ConsultationState.FINAL


def test_only_managers_close(ended, resident):
    with pytest.raises(PermissionDenied):
        consultation_close_final(acting_user=resident, consultation=ended)


def test_adoption_is_recorded_once_final(ended, manager):
    with pytest.raises(ValidationError):
        consultation_mark_adopted(acting_user=manager, consultation=ended)
    consultation_close_final(acting_user=manager, consultation=ended)
    consultation_mark_adopted(acting_user=manager, consultation=ended)
    ended.refresh_from_db()
    assert ended.adopted


def test_the_page_shows_how_many_are_missing_with_a_link(ended, manager, client_for):
    make_contribution(ended)
    make_contribution(ended)
    response = client_for(manager).get(url(ended))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 contributions still lack a published answer" in html
    assert "?state=missing" in html
    assert "Yes, close as final" not in html


def test_the_page_closes_the_consultation(ended, manager, second_official, client_for):
    answer_and_publish(ended, manager, second_official, contribution=make_contribution(ended))
    client = client_for(manager)
    assert "Yes, close as final" in client.get(url(ended)).content.decode()
    response = client.post(url(ended), follow=True)
    assert "closed as final" in response.content.decode()
    ended.refresh_from_db()
    assert ended.state == ConsultationState.FINAL


def test_a_refused_post_says_why(ended, manager, client_for):
    make_contribution(ended)
    response = client_for(manager).post(url(ended), follow=True)
    assert "1 contribution still lacks a published answer" in response.content.decode()
    ended.refresh_from_db()
    assert ended.state == ConsultationState.PUBLISHED


def test_the_page_is_for_managers_only(ended, resident, outsider, client_for):
    assert client_for(resident).get(url(ended)).status_code == 404
    assert client_for(outsider).get(url(ended)).status_code == 404
    assert client_for(outsider, "other.test").get(url(ended)).status_code == 404
    assert client_for(resident).post(url(ended)).status_code == 404
