"""Staff pages of the offline channels: register, review the redactions, publish, print the
receipt; turn a contribution answered out of scope into a proposal."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.consultations.models import Answer, Outcome
from participa.components.consultations.tests.conftest import (
    make_component as make_consultations_component,
)
from participa.components.consultations.tests.conftest import make_consultation, make_contribution
from participa.components.proposals.models import Proposal, ProposalState
from participa.conftest import make_user

pytestmark = pytest.mark.django_db


def manage_url(component, tail: str = "") -> str:
    return f"/manage/spaces/{component.space.slug}/proposals/{component.pk}/{tail}"


def form_data(**extra: str) -> dict[str, str]:
    received = timezone.localtime() - datetime.timedelta(days=1)
    data = {"channel": "letter", "received_at": received.strftime("%Y-%m-%dT%H:%M"),
            "author_name": "Maria Ionescu", "author_email": "", "title": "Bike racks",
            "body": "Maria Ionescu wants bike racks at the market.",
            "publication": "named"}
    data.update(extra)
    return data


def test_it_registers_reviews_publishes_and_prints_the_receipt(client, component, manager):
    client.force_login(manager)
    response = client.post(manage_url(component, "received/new/"), form_data())
    proposal = Proposal.objects.get()
    review = manage_url(component, f"{proposal.number}/review/")
    assert response.status_code == 302 and response["Location"] == review
    page = client.get(review).content.decode()
    assert proposal.registration_label in page
    assert "Maria Ionescu wants bike racks" not in page.split("Published text")[1]
    response = client.post(review, {"action": "hide", "words": "market", "kind": "address",
                                    "all_occurrences": "on"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert "market" not in proposal.body_public
    client.post(review, {"action": "publish"})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PUBLISHED
    receipt = client.get(manage_url(component, f"{proposal.number}/receipt/")).content.decode()
    assert f"Receipt No. {proposal.registration_label}" in receipt
    assert "Maria Ionescu" in receipt and "/proposals/journal/" in receipt


def test_it_says_what_is_wrong_and_keeps_the_input(client, component, manager):
    client.force_login(manager)
    future = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(manage_url(component, "received/new/"),
                           form_data(received_at=future, author_name=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert "The date received cannot be in the future" in page
    assert "Maria Ionescu wants bike racks" in page
    assert not Proposal.objects.exists()


def test_it_is_missing_for_residents(client, component, resident):
    client.force_login(resident)
    assert client.get(manage_url(component, "received/new/")).status_code == 404
    assert client.post(manage_url(component, "received/new/"), form_data()).status_code == 404
    assert not Proposal.objects.exists()


def test_it_turns_a_contribution_into_a_proposal_with_one_action(client, component, manager,
                                                                 space, org):
    consultation = make_consultation(make_consultations_component(space))
    contribution = make_contribution(consultation, body="Plant more trees.",
                                     author_name="Ion Ionescu", channel="post")
    Answer.objects.create(
        consultation=consultation, contribution=contribution, outcome=Outcome.OUT_OF_SCOPE,
        justification="Noted for the action plan.", drafted_by=manager,
        reviewed_by=make_user(org, "reviewer"), reviewed_at=timezone.now(),
        state=AnswerState.PUBLISHED, published_at=timezone.now())
    client.force_login(manager)
    listing = client.get(manage_url(component, "from-contributions/")).content.decode()
    assert "Plant more trees." in listing and "Make it a proposal here" in listing
    response = client.post(manage_url(component, f"from-contributions/{contribution.pk}/"))
    proposal = Proposal.objects.get()
    assert response["Location"] == manage_url(component, f"{proposal.number}/")
    listing = client.get(manage_url(component, "from-contributions/")).content.decode()
    assert f"Became proposal No. {proposal.number}" in listing
    again = client.post(manage_url(component, f"from-contributions/{contribution.pk}/"),
                        follow=True)
    assert "This contribution already became proposal No. 1." in again.content.decode()
    assert Proposal.objects.count() == 1
