"""Evaluation of proposals by staff: the department and the evaluator in charge, internal
notes (never public), the cost estimate and the feasibility. Every write keyword-only, atomic
and audited; only those who run the component's space may evaluate.
"""

from __future__ import annotations

import decimal
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from participa.components.proposals import permissions
from participa.components.proposals.actions import ProposalAction
from participa.components.proposals.models import (
    Feasibility,
    Proposal,
    ProposalNote,
    ProposalState,
)
from participa.core import permissions as core_permissions
from participa.core.audit import audited_create, audited_update
from participa.core.models import Area, RoleKind, User

# Spaces a person may type between thousands: ordinary, no-break and narrow no-break.
_GROUPING = re.compile(r"[\s\u00a0\u202f'\u2019]")
_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_amount(text: str, *, decimal_separator: str | None = None) -> decimal.Decimal:
    """An amount of money typed by a person, as the active language writes it ("1 234,50" in
    Romanian or Polish, "1,234.50" in English) or plainly ("1234.50"); ValueError otherwise.

    The last "," or "." followed by one or two digits is the decimal separator; groups of
    three digits after the other one are thousands.
    """
    separator = decimal_separator or str(formats.get_format("DECIMAL_SEPARATOR"))
    cleaned = _GROUPING.sub("", text or "")
    if not cleaned or cleaned.startswith("-"):
        raise ValueError(text)
    last = max(cleaned.rfind(","), cleaned.rfind("."))
    if last >= 0:
        tail = cleaned[last + 1:]
        head = cleaned[:last]
        mark = cleaned[last]
        if len(tail) in (1, 2) or (mark == separator and len(tail) != 3) or (
                mark == separator and not re.search(r"[.,]", head)):
            integer, fraction = head, tail
        else:
            integer, fraction = cleaned, ""
        if not re.fullmatch(r"\d{1,3}([.,]\d{3})*|\d+", integer):
            raise ValueError(text)
        cleaned = re.sub(r"[.,]", "", integer) + (f".{fraction}" if fraction else "")
    if not _AMOUNT.match(cleaned):
        raise ValueError(text)
    return decimal.Decimal(cleaned)


def evaluators(org: Any) -> Any:
    """The people who may evaluate proposals: the organization's officials and
    administrators."""
    return (User.objects.filter(organization=org, is_active=True,
                                roles__organization=org,
                                roles__kind__in=[RoleKind.OFFICIAL, RoleKind.ADMIN])
            .distinct().order_by("display_name", "username"))


def _org(proposal: Proposal) -> Any:
    return proposal.component.space.organization


def _check_staff(acting_user: User, proposal: Proposal) -> None:
    if not permissions.can_manage_proposals(acting_user, proposal.component):
        raise PermissionDenied


def _check_evaluable(proposal: Proposal) -> None:
    """Neither a draft (its authors have not published it) nor a merged duplicate."""
    if proposal.state == ProposalState.DRAFT:
        raise ValidationError(_("A draft proposal cannot be evaluated: its authors have not "
                                "published it yet."), code="draft")
    if proposal.state == ProposalState.MERGED:
        raise ValidationError(_("This proposal was merged into another one: evaluate that "
                                "one instead."), code="merged")


@transaction.atomic
def proposal_assign(*, acting_user: User, proposal: Proposal, department: Area | None,
                    evaluator: User | None) -> Proposal:
    """Give the proposal to a department and an evaluator (either may be none)."""
    _check_staff(acting_user, proposal)
    _check_evaluable(proposal)
    org = _org(proposal)
    errors: dict[str, str] = {}
    if department is not None and department.organization_id != org.pk:
        errors["department"] = _("Choose a department of the organization.")
    if evaluator is not None and not (
            core_permissions.is_admin(evaluator, org)
            or core_permissions.official_area_ids(evaluator, org)):
        errors["evaluator"] = _("The evaluator must be an official of the organization.")
    if errors:
        raise ValidationError(errors)
    Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    audited_update(proposal, organization=org, actor=acting_user,
                   action=ProposalAction.PROPOSAL_ASSIGN,
                   values={"department": department, "evaluator": evaluator,
                           "updated_at": timezone.now()})
    return proposal


@transaction.atomic
def proposal_evaluate(*, acting_user: User, proposal: Proposal,
                      cost_estimate: decimal.Decimal | None, feasibility: str) -> Proposal:
    """Record the cost estimate (never negative: the database refuses it too) and the
    feasibility."""
    _check_staff(acting_user, proposal)
    _check_evaluable(proposal)
    errors: dict[str, str] = {}
    if cost_estimate is not None and (not cost_estimate.is_finite() or cost_estimate < 0):
        errors["cost_estimate"] = _("The estimated cost cannot be negative.")
    elif cost_estimate is not None and cost_estimate >= decimal.Decimal(10) ** 12:
        errors["cost_estimate"] = _("The estimated cost is too large.")
    if feasibility not in Feasibility.values:
        errors["feasibility"] = _("Choose the feasibility.")
    if errors:
        raise ValidationError(errors)
    Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    audited_update(proposal, organization=_org(proposal), actor=acting_user,
                   action=ProposalAction.PROPOSAL_EVALUATE,
                   values={"cost_estimate": cost_estimate, "feasibility": feasibility,
                           "updated_at": timezone.now()})
    return proposal


@transaction.atomic
def proposal_note_add(*, acting_user: User, proposal: Proposal, body: str) -> ProposalNote:
    """An internal note of the evaluating staff (never public)."""
    _check_staff(acting_user, proposal)
    _check_evaluable(proposal)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the note.")})
    note: ProposalNote = audited_create(
        ProposalNote, organization=_org(proposal), actor=acting_user,
        action=ProposalAction.PROPOSAL_NOTE_CREATE,
        values={"proposal": proposal, "author": acting_user, "body": body})
    return note


def notes_newest_first(proposal: Proposal) -> Any:
    return (ProposalNote.objects.filter(proposal=proposal).select_related("author")
            .order_by("-created_at", "-id"))
