"""After the period: the timeline shows the real stage, the page no longer offers to send
recommendations; staff are warned about a record that does not add up; an answer is sent back
only with a comment."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from participa.components.consultations import selectors
from participa.components.consultations.models import (
    AnswerState,
    Consultation,
    ConsultationState,
)
from participa.components.consultations.services.answers import (
    answer_review,
    answer_save_draft,
)
from participa.components.consultations.tests.conftest import (
    days,
    make_consultation,
    make_contribution,
)


def current(consultation: Consultation) -> str:
    steps = [step for step in selectors.timeline(consultation) if step.is_current]
    assert len(steps) == 1
    return steps[0].key


@pytest.fixture
def ended(component) -> Consultation:
    return make_consultation(component, slug="ended", announced=-60, opens=-45, closes=-2)


def test_the_timeline_shows_the_stage_after_closing(ended):
    assert "closed" not in [step.key for step in selectors.timeline(ended)]
    Consultation.objects.filter(pk=ended.pk).update(
        state=ConsultationState.FINAL, closed_at=timezone.now() - datetime.timedelta(days=1))
    ended.refresh_from_db()
    assert current(ended) == "closed"
    assert [s.label for s in selectors.timeline(ended) if s.key == "closed"] == [
        "Consultation closed"]
    Consultation.objects.filter(pk=ended.pk).update(report_published_at=timezone.now())
    ended.refresh_from_db()
    assert current(ended) == "report"
    states = {step.key: step.state for step in selectors.timeline(ended)}
    assert states["comments"] == "past" and states["closed"] == "past"


def test_the_public_page_no_longer_offers_to_send_recommendations(client_for, ended):
    Consultation.objects.filter(pk=ended.pk).update(
        state=ConsultationState.FINAL, closed_at=timezone.now())
    page = client_for(None).get(ended.get_absolute_url()).text
    assert "Recommendations are no longer accepted" in page
    assert "Bd. C.D. Loga 1, Timișoara" not in page  # the postal channel is not offered
    current_step = page.split('aria-current="step"')[1].split("</li>")[0]
    assert "Consultation closed" in current_step


def test_an_open_consultation_still_lists_its_channels(client_for, consultation):
    page = client_for(None).get(consultation.get_absolute_url()).text
    assert "Bd. C.D. Loga 1, Timișoara" in page
    assert "Recommendations are no longer accepted" not in page


def hub(consultation: Consultation) -> str:
    component = consultation.component
    return reverse("manage:consultations:manage_detail",
                   args=[component.space.slug, component.pk, consultation.pk])


def test_staff_are_warned_of_contributions_dated_before_the_announcement(client_for,
                                                                        consultation, manager):
    make_contribution(consultation, channel="email",
                      received_at=timezone.now() - datetime.timedelta(days=45))
    make_contribution(consultation, channel="email")
    page = client_for(manager).get(hub(consultation)).text
    assert "1 contribution is dated before the announcement" in page


def test_staff_are_warned_of_milestones_out_of_order(client_for, consultation, manager):
    Consultation.objects.filter(pk=consultation.pk).update(adoption_on=days(5))
    page = client_for(manager).get(hub(consultation)).text
    assert "is not after the end of the period for recommendations" in page
    assert "Check the record" in page


def test_a_consistent_record_has_no_warning(client_for, consultation, manager):
    make_contribution(consultation, channel="email")
    assert "Check the record" not in client_for(manager).get(hub(consultation)).text


def test_sending_back_needs_a_comment(consultation, manager, second_official):
    answer = answer_save_draft(acting_user=manager, contribution=make_contribution(consultation,
                                                                              channel="email"),
                               outcome="rejected", justification="Not possible.")
    with pytest.raises(ValidationError) as error:
        answer_review(acting_user=second_official, answer=answer, approve=False, comment=" ")
    assert "comment" in error.value.message_dict


def test_the_answers_page_asks_for_the_comment_and_keeps_the_page(client_for, consultation,
                                                                 manager, second_official):
    contribution = make_contribution(consultation, channel="email")
    answer = answer_save_draft(acting_user=manager, contribution=contribution,
                               outcome="rejected", justification="Not possible.")
    component = consultation.component
    url = reverse("manage:consultations:manage_answers",
                  args=[component.space.slug, component.pk, consultation.pk])
    response = client_for(second_official).post(url, {
        "action": "send_back", "answer": answer.pk,
        f"review-c{contribution.number}-comment": ""})
    assert response.status_code == 200
    assert "Write what should change before sending the answer back" in response.text
    answer.refresh_from_db()
    assert answer.state == AnswerState.DRAFT
