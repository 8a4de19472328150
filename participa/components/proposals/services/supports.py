"""Supports: one per resident and proposal, given and withdrawn while the active phase opens
supports. Every write keyword-only, atomic and audited (the audit log, which only
administrators read, is the one place that says who supports what: no public journal line,
no notice names a supporter).

``Proposal.supports_count`` changes under the proposal's row lock, in the transaction that
adds or removes the support row (the database keeps one row per person — ``support_once`` —
and refuses a negative count). The support that reaches the component's threshold sets the
answer's deadline in the same transaction (:mod:`.thresholds`).

Who may support, when the component setting ``supports_verified_only`` is on: a person with a
granted verification of the organization (``participa.verifications``) that places them in the
proposal's district. Of the verification methods, only the declared address (confirmed by
staff) records a district: a resident of the district is a person whose confirmed address lies
in the proposal's district or in a neighbourhood inside it. The register, ID-number and e-mail
methods say that someone lives in the city, not where: they are enough only for a proposal
that names no district (then any verified resident of the organization may support).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.proposals import permissions
from participa.components.proposals.actions import ProposalAction
from participa.components.proposals.models import Proposal, ProposalState, Support
from participa.components.proposals.services.thresholds import reach_if_due
from participa.core import permissions as core_permissions
from participa.core.audit import audited_create, record
from participa.core.models import User
from participa.spaces import permissions as space_permissions
from participa.verifications.models import Authorization, Method, Status
from participa.verifications.permissions import is_verified


def is_resident_of_district(user: Any, proposal: Proposal) -> bool:
    """Whether ``user`` is verified as a resident of the proposal's district (of the
    organization, when the proposal names no district): see the module's text."""
    scope = proposal.scope
    if scope is None:
        return is_verified(user)
    if not getattr(user, "is_authenticated", False) or getattr(user, "deleted_at", None):
        return False
    return Authorization.objects.filter(
        user=user, organization_id=user.organization_id, status=Status.GRANTED,
        method=Method.ADDRESS, scope_id__in=scope.descendant_ids()).exists()


def _state_refusal(proposal: Proposal) -> ValidationError | None:
    if proposal.state == ProposalState.DRAFT:
        return ValidationError(_("A draft cannot be supported: it is not published yet."),
                               code="draft")
    if proposal.state == ProposalState.WITHDRAWN:
        return ValidationError(_("Its author withdrew this proposal: it takes no more "
                                 "supports."), code="withdrawn")
    if proposal.state == ProposalState.MERGED:
        return ValidationError(_("This proposal was merged into another one: support that "
                                 "one instead."), code="merged")
    if not proposal.component.phase_switch("supports_enabled"):
        return ValidationError(_("Supports are closed at the moment."), code="closed")
    return None


def support_refusal(user: Any, proposal: Proposal) -> ValidationError | None:
    """Why ``user`` may not support ``proposal`` now (None: they may). Whether they already
    support it is not checked here."""
    component = proposal.component
    refusal = _state_refusal(proposal)
    if refusal is not None:
        return refusal
    if not (core_permissions.belongs_to(user, component.space.organization)
            and space_permissions.can_view_component(user, component)):
        return ValidationError(_("Sign in with an account of this organization to support a "
                                 "proposal."), code="sign_in")
    if permissions.is_author(user, proposal):
        return ValidationError(_("You cannot support your own proposal: as its author you "
                                 "already stand behind it."), code="author")
    if component.setting("supports_verified_only") and not is_resident_of_district(
            user, proposal):
        if proposal.scope is not None:
            return ValidationError(
                _("Only residents verified as living in %(district)s can support this "
                  "proposal: confirm your address in your account's verifications.")
                % {"district": proposal.scope}, code="not_resident")
        return ValidationError(_("Only verified residents can support this proposal: verify "
                                 "your account first."), code="not_verified")
    return None


def _already() -> ValidationError:
    return ValidationError(_("You already support it."), code="already")


@transaction.atomic
def support_create(*, acting_user: User, proposal: Proposal) -> Support:
    """``acting_user`` supports ``proposal``: one support per person, counted under the
    proposal's row lock; the N-th support within the period reaches the threshold."""
    refusal = support_refusal(acting_user, proposal)
    if refusal is not None:
        raise refusal
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    locked.component = proposal.component
    refusal = _state_refusal(locked)  # withdrawn or merged meanwhile
    if refusal is not None:
        raise refusal
    if Support.objects.filter(proposal=locked, user=acting_user).exists():
        raise _already()
    now = timezone.now()
    org = proposal.component.space.organization
    try:
        with transaction.atomic():
            support: Support = audited_create(
                Support, organization=org, actor=acting_user,
                action=ProposalAction.SUPPORT_CREATE,
                values={"proposal": locked, "user": acting_user, "created_at": now})
    except IntegrityError as error:  # the database's last word: one support per person
        raise _already() from error
    Proposal.objects.filter(pk=locked.pk).update(supports_count=F("supports_count") + 1)
    locked.supports_count += 1
    proposal.supports_count = locked.supports_count
    reach_if_due(locked=locked, proposal=proposal, now=now)
    return support


@transaction.atomic
def support_withdraw(*, acting_user: User, proposal: Proposal) -> None:
    """``acting_user`` withdraws their support while supports are open. A threshold already
    reached stays reached: the city's obligation to answer does not go away."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    locked.component = proposal.component
    support = Support.objects.filter(proposal=locked, user=acting_user).first()
    if support is None:
        raise ValidationError(_("You do not support this proposal."), code="not_supporting")
    if locked.state != ProposalState.PUBLISHED or not proposal.component.phase_switch(
            "supports_enabled"):
        raise ValidationError(_("Supports are closed: a support can no longer be "
                                "withdrawn."), code="closed")
    record(organization=proposal.component.space.organization, actor=acting_user,
           action=ProposalAction.SUPPORT_WITHDRAW, obj=support,
           changes={"proposal": [locked.pk, None]})
    support.delete()
    Proposal.objects.filter(pk=locked.pk).update(supports_count=F("supports_count") - 1)
    proposal.supports_count = locked.supports_count - 1


def supports(user: Any, proposal: Proposal) -> bool:
    """Whether ``user`` supports ``proposal``."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Support.objects.filter(proposal=proposal, user=user).exists()


def viewer_supports(user: Any, proposal: Proposal) -> bool:
    """Whether the visitor supports ``proposal``, read with it by the page's query when it was
    (``supported_by_viewer``, selectors.proposal_get_for_user)."""
    known = getattr(proposal, "supported_by_viewer", None)
    return bool(known) if known is not None else supports(user, proposal)
