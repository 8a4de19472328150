"""Proposals registered from a letter, an e-mail or a visit: numbers, receipt, redactions,
duplicates and refusals."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from participa.components.proposals.actions import ProposalAction
from participa.components.proposals.models import Channel, Proposal, ProposalState, Publication
from participa.components.proposals.services.intake import (
    proposal_hide_words,
    proposal_publish_registered,
    proposal_redact,
    proposal_redaction_remove,
    proposal_register,
)
from participa.components.proposals.tests.conftest import make_proposal
from participa.core.models import AuditEntry, JournalEntry, User
from participa.core.redaction import placeholder_for
from participa.spaces.models import Component

pytestmark = pytest.mark.django_db


def register(manager: User, component: Component, **extra: object) -> Proposal:
    values: dict = {
        "channel": Channel.LETTER,
        "received_at": timezone.now() - datetime.timedelta(days=2),
        "author_name": "Maria Ionescu",
        "author_email": "maria@example.org",
        "title": "A crossing near school 12",
        "body": "Maria Ionescu asks for a crossing; call 0722 123 456.",
        "publication": Publication.NAMED,
    }
    values.update(extra)
    return proposal_register(acting_user=manager, component=component, **values)


def test_it_numbers_registered_proposals_after_online_ones(manager, component, resident):
    make_proposal(component, author=resident)
    first = register(manager, component)
    second = register(manager, component, channel=Channel.IN_PERSON)
    assert (first.number, second.number) == (2, 3)
    year = timezone.localtime(first.received_at).year
    assert first.registration_label == f"{component.pk}/{year}-0002"


def test_it_keeps_the_original_private_and_proposes_redactions(manager, component):
    proposal = register(manager, component)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DRAFT
    assert proposal.author is None and proposal.registered_by == manager
    assert proposal.body == "Maria Ionescu asks for a crossing; call 0722 123 456."
    assert "Maria Ionescu" not in proposal.body_public
    assert "0722" not in proposal.body_public
    assert proposal.redactions["body"]
    assert AuditEntry.objects.filter(action=ProposalAction.PROPOSAL_REGISTER).count() == 1
    assert not JournalEntry.objects.exists()


def test_it_publishes_after_review_into_the_journal(manager, component):
    proposal = register(manager, component, body="Please fix the lights on Str. Lalelelor.")
    proposal_redact(acting_user=manager, proposal=proposal, title_spans=[],
                    body_spans=[[30, 39, "other"]])
    proposal.refresh_from_db()
    placeholder = placeholder_for(component.space.organization)
    assert proposal.body_public == f"Please fix the lights on Str. {placeholder}."
    assert proposal.body == "Please fix the lights on Str. Lalelelor."
    proposal_publish_registered(acting_user=manager, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PUBLISHED and proposal.published_at
    line = JournalEntry.objects.get()
    assert line.url == proposal.get_absolute_url()
    with pytest.raises(ValidationError, match="already published"):
        proposal_publish_registered(acting_user=manager, proposal=proposal)


def test_it_refuses_a_message_registered_twice(manager, component):
    register(manager, component, channel=Channel.EMAIL, source_id="<abc@mail>")
    with pytest.raises(ValidationError, match=r"already registered as proposal No\. 1\."):
        register(manager, component, channel=Channel.EMAIL, source_id="<abc@mail>")
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize(("extra", "field", "sentence"), [
    ({"received_at": timezone.now() + datetime.timedelta(days=2)}, "received_at",
     "cannot be in the future"),
    ({"channel": Channel.ONLINE}, "channel", "letter, e-mail or in person"),
    ({"author_name": " "}, "author_name", "sender's name"),
    ({"body": ""}, "body", "text of the proposal"),
    ({"publication": Publication.GROUP}, "publication", "named or to stay anonymous"),
])
def test_it_says_what_is_wrong(manager, component, extra, field, sentence):
    with pytest.raises(ValidationError) as error:
        register(manager, component, **extra)
    assert sentence in " ".join(error.value.message_dict[field])
    assert not Proposal.objects.exists()


def test_it_refuses_residents(resident, component):
    with pytest.raises(PermissionDenied):
        register(resident, component)


def test_it_refuses_a_redaction_outside_the_text(manager, component):
    proposal = register(manager, component)
    with pytest.raises(ValidationError, match="outside the text"):
        proposal_redact(acting_user=manager, proposal=proposal, title_spans=[],
                        body_spans=[[0, 999, "other"]])


def test_it_hides_typed_words_and_keeps_others_visible(manager, component):
    proposal = register(manager, component, title="Lights for Lalelelor street",
                        body="Please fix the lights on Lalelelor street.")
    count = proposal_hide_words(acting_user=manager, proposal=proposal, words="lalelelor",
                                kind="address")
    assert count == 2
    proposal.refresh_from_db()
    placeholder = placeholder_for(component.space.organization)
    assert proposal.title_public == f"Lights for {placeholder} street"
    assert proposal.body_public == f"Please fix the lights on {placeholder} street."
    assert proposal_redaction_remove(acting_user=manager, proposal=proposal, field="title",
                                     start=11, end=20)
    proposal.refresh_from_db()
    assert proposal.title_public == "Lights for Lalelelor street"
    assert not proposal_redaction_remove(acting_user=manager, proposal=proposal,
                                         field="title", start=11, end=20)
    with pytest.raises(ValidationError, match="does not appear in the original text"):
        proposal_hide_words(acting_user=manager, proposal=proposal, words="Brâncoveanu")
