"""Contributions answered "out of scope — noted for the action plan" turned into proposals:
the link both ways, the published text and author, and the refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from participa.answers.models import AnswerState
from participa.components.consultations.models import Answer, Contribution, Outcome
from participa.components.consultations.models import Publication as ContributionPublication
from participa.components.consultations.tests.conftest import (
    make_component as make_consultations_component,
)
from participa.components.consultations.tests.conftest import make_consultation, make_contribution
from participa.components.proposals.actions import ProposalAction
from participa.components.proposals.models import Channel, Proposal, ProposalState, Publication
from participa.components.proposals.services.from_contributions import (
    proposal_from_contribution,
)
from participa.components.proposals.tests.conftest import make_proposal
from participa.conftest import make_user
from participa.core.models import AuditEntry, JournalEntry, User
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(space):
    return make_consultation(make_consultations_component(space))


def answered(consultation, manager: User, outcome: str = Outcome.OUT_OF_SCOPE,
             state: str = AnswerState.PUBLISHED, **extra: object) -> Contribution:
    values: dict = {"body": "Plant trees on Calea Șagului.\nThe heat is unbearable.",
                    "author_name": "Ion Ionescu", "channel": "post"}
    values.update(extra)
    contribution = make_contribution(consultation, **values)
    Answer.objects.create(
        consultation=consultation, contribution=contribution, outcome=outcome,
        justification="Not part of this regulation; noted for the action plan.",
        drafted_by=manager, state=state,
        reviewed_by=None if state == AnswerState.DRAFT else make_user(
            consultation.component.space.organization, f"reviewer{contribution.pk}"),
        reviewed_at=None if state == AnswerState.DRAFT else timezone.now(),
        published_at=timezone.now() if state == AnswerState.PUBLISHED else None)
    return contribution


def test_it_turns_the_contribution_into_a_published_proposal(consultation, component,
                                                              manager, resident):
    make_proposal(component, author=resident)
    contribution = answered(consultation, manager,
                            body="Plant trees on [removed].\nThe heat is unbearable.")
    Contribution.objects.filter(pk=contribution.pk).update(
        body="Plant trees on Calea Șagului 12.\nThe heat is unbearable.")
    proposal = proposal_from_contribution(acting_user=manager, contribution=contribution,
                                          component=component)
    proposal.refresh_from_db()
    contribution.refresh_from_db()
    assert contribution.proposal == proposal and proposal.from_contribution == contribution
    assert proposal.number == 2 and proposal.state == ProposalState.PUBLISHED
    assert proposal.channel == Channel.CONSULTATION
    assert proposal.title_public == "Plant trees on [removed]."
    assert proposal.body_public == "Plant trees on [removed].\nThe heat is unbearable."
    assert "Calea" not in proposal.body
    assert (proposal.author_name, proposal.publication) == ("Ion Ionescu", Publication.NAMED)
    assert AuditEntry.objects.filter(action=ProposalAction.PROPOSAL_FROM_CONTRIBUTION).count() == 1
    line = JournalEntry.objects.get()
    assert line.url == proposal.get_absolute_url()


def test_it_keeps_an_anonymous_author_anonymous(consultation, component, manager):
    contribution = answered(consultation, manager,
                            publication=ContributionPublication.ANONYMOUS)
    proposal = proposal_from_contribution(acting_user=manager, contribution=contribution,
                                          component=component)
    assert (proposal.author_name, proposal.publication) == ("", Publication.ANONYMOUS)


def test_it_refuses_twice(consultation, component, manager):
    contribution = answered(consultation, manager)
    proposal_from_contribution(acting_user=manager, contribution=contribution,
                               component=component)
    with pytest.raises(ValidationError, match=r"already became proposal No\. 1\."):
        proposal_from_contribution(acting_user=manager, contribution=contribution,
                                   component=component)
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize(("outcome", "state"), [
    (Outcome.REJECTED, AnswerState.PUBLISHED),
    (Outcome.ACCEPTED, AnswerState.PUBLISHED),
    (Outcome.OUT_OF_SCOPE, AnswerState.DRAFT),
])
def test_it_refuses_other_outcomes_and_unpublished_answers(consultation, component, manager,
                                                           outcome, state):
    contribution = answered(consultation, manager, outcome=outcome, state=state)
    with pytest.raises(ValidationError, match="out of scope — noted for the action plan"):
        proposal_from_contribution(acting_user=manager, contribution=contribution,
                                   component=component)
    assert not Proposal.objects.exists()


def test_it_refuses_a_hidden_contribution(consultation, component, manager):
    contribution = answered(consultation, manager,
                            publication=ContributionPublication.NOT_PUBLISHED)
    with pytest.raises(ValidationError, match="not published"):
        proposal_from_contribution(acting_user=manager, contribution=contribution,
                                   component=component)


def test_it_refuses_residents_and_other_components(consultation, component, manager, resident,
                                                    space):
    contribution = answered(consultation, manager)
    with pytest.raises(PermissionDenied):
        proposal_from_contribution(acting_user=resident, contribution=contribution,
                                   component=component)
    with pytest.raises(PermissionDenied):
        proposal_from_contribution(acting_user=manager, contribution=contribution,
                                   component=Component.objects.get(type="consultations"))


def test_its_pages_link_both_ways(client, consultation, component, manager):
    contribution = answered(consultation, manager)
    proposal = proposal_from_contribution(acting_user=manager, contribution=contribution,
                                          component=component)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert (f'From the consultation <a href="{consultation.get_absolute_url()}'
            f'#contribution-{contribution.number}">“Parking rules”</a>, contribution No. '
            f'{contribution.number}.') in page
    public = client.get(consultation.get_absolute_url()).content.decode()
    link = f'Became proposal No. 1: <a href="{proposal.get_absolute_url()}">'

    assert link in public
    client.force_login(manager)
    staff = client.get(
        f"/manage/spaces/{consultation.component.space.slug}/consultations/"
        f"{consultation.component.pk}/{consultation.pk}/contributions/{contribution.number}/")
    assert link in staff.content.decode()
