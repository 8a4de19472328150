"""Evaluation of proposals: department, evaluator, cost, feasibility and internal notes."""

from __future__ import annotations

import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from participa.components.proposals.actions import ProposalAction
from participa.components.proposals.models import Feasibility, Proposal
from participa.components.proposals.services.evaluation import (
    evaluators,
    notes_newest_first,
    parse_amount,
    proposal_assign,
    proposal_evaluate,
    proposal_note_add,
)
from participa.core.models import Area, AuditEntry, Organization, User


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("1 234,50", "ro", "1234.50"),
    ("1\u00a0234,50", "pl", "1234.50"),
    ("1234.50", "ro", "1234.50"),
    ("1234.50", "en", "1234.50"),
    ("1,234.50", "en", "1234.50"),
    ("1.234,50", "ro", "1234.50"),
    ("12,5", "pl", "12.5"),
    ("1 234 567", "ro", "1234567"),
    ("1,234", "en", "1234"),
])
def test_it_reads_amounts_as_each_language_writes_them(text: str, language: str,
                                                       expected: str) -> None:
    with translation.override(language):
        assert parse_amount(text) == decimal.Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "-5", "1.2.3", "12,345", "1,5e3", "12.345,6,7"])
def test_it_refuses_what_is_not_an_amount(text: str) -> None:
    with translation.override("ro"), pytest.raises(ValueError):
        parse_amount(text)


def test_it_assigns_a_department_and_an_official(proposal: Proposal, manager: User,
                                                  official: User, area: Area) -> None:
    proposal_assign(acting_user=manager, proposal=proposal, department=area, evaluator=official)
    proposal.refresh_from_db()
    assert (proposal.department, proposal.evaluator) == (area, official)
    entry = AuditEntry.objects.get(action=ProposalAction.PROPOSAL_ASSIGN)
    assert entry.changes["evaluator"] == [None, official.pk]


def test_it_refuses_an_evaluator_who_is_not_an_official(proposal: Proposal, manager: User,
                                                         resident: User) -> None:
    with pytest.raises(ValidationError) as error:
        proposal_assign(acting_user=manager, proposal=proposal, department=None,
                        evaluator=resident)
    assert error.value.message_dict == {
        "evaluator": ["The evaluator must be an official of the organization."]}


def test_it_lists_officials_and_admins_as_evaluators(org: Organization, official: User,
                                                      admin: User, resident: User) -> None:
    assert list(evaluators(org)) == [admin, official]


def test_it_refuses_a_department_of_another_organization(
        proposal: Proposal, manager: User, other_org: Organization) -> None:
    elsewhere = Area.objects.create(organization=other_org, code="x", name={"en": "X"})
    with pytest.raises(ValidationError) as error:
        proposal_assign(acting_user=manager, proposal=proposal, department=elsewhere,
                        evaluator=None)
    assert "department" in error.value.message_dict


def test_it_records_cost_and_feasibility(proposal: Proposal, manager: User) -> None:
    proposal_evaluate(acting_user=manager, proposal=proposal,
                      cost_estimate=decimal.Decimal("1234.50"),
                      feasibility=Feasibility.PARTLY)
    proposal.refresh_from_db()
    assert proposal.cost_estimate == decimal.Decimal("1234.50")
    assert proposal.feasibility == Feasibility.PARTLY
    assert AuditEntry.objects.filter(action=ProposalAction.PROPOSAL_EVALUATE).count() == 1


def test_it_refuses_a_negative_cost(proposal: Proposal, manager: User) -> None:
    with pytest.raises(ValidationError) as error:
        proposal_evaluate(acting_user=manager, proposal=proposal,
                          cost_estimate=decimal.Decimal("-1"), feasibility="")
    assert error.value.message_dict == {"cost_estimate": ["The estimated cost cannot be "
                                                          "negative."]}


def test_the_database_refuses_a_negative_cost(proposal: Proposal) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(cost_estimate=decimal.Decimal("-0.01"))


def test_residents_cannot_evaluate(proposal: Proposal, resident: User) -> None:
    with pytest.raises(PermissionDenied):
        proposal_evaluate(acting_user=resident, proposal=proposal, cost_estimate=None,
                          feasibility="")
    with pytest.raises(PermissionDenied):
        proposal_note_add(acting_user=resident, proposal=proposal, body="Hm")


def test_it_keeps_internal_notes_newest_first(proposal: Proposal, manager: User,
                                              official: User) -> None:
    proposal_note_add(acting_user=manager, proposal=proposal, body="Ask the parks office.")
    proposal_note_add(acting_user=official, proposal=proposal, body="  Costed at 12 000.  ")
    assert [note.body for note in notes_newest_first(proposal)] == [
        "Costed at 12 000.", "Ask the parks office."]
    entry = AuditEntry.objects.filter(action=ProposalAction.PROPOSAL_NOTE_CREATE).first()
    assert entry is not None and entry.changes["body"] is None  # never the text


def test_it_refuses_an_empty_note(proposal: Proposal, manager: User) -> None:
    with pytest.raises(ValidationError) as error:
        proposal_note_add(acting_user=manager, proposal=proposal, body="   ")
    assert error.value.message_dict == {"body": ["Write the note."]}
