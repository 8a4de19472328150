"""An accepted proposal's implementation, tracked in public: "Track implementation" makes a
tracked item of the shared tracking module (``participa/tracking``) with the proposal as its
source, once the proposal's current answer says the city will do it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from participa.answers.models import AnswerState
from participa.components.proposals import permissions
from participa.components.proposals.models import Outcome, Proposal
from participa.core.models import User
from participa.tracking.models import TrackedItem
from participa.tracking.services import tracked_item_create

# The outcomes of a current answer that commit the city to carry the proposal out.
TRACKABLE_OUTCOMES = frozenset({Outcome.ACCEPTED.value, Outcome.INTEGRATED.value})


def current_outcome(proposal: Proposal) -> str | None:
    """The outcome of the proposal's latest published answer (None: not answered)."""
    answer = (proposal.answers.filter(state=AnswerState.PUBLISHED)
              .order_by("-published_at", "-id").values_list("outcome", flat=True).first())
    return answer


def can_be_tracked(proposal: Proposal) -> bool:
    return proposal.is_public and current_outcome(proposal) in TRACKABLE_OUTCOMES


@transaction.atomic
def proposal_track(*, acting_user: User, proposal: Proposal) -> TrackedItem:
    """Track the implementation of an accepted (or integrated) proposal: a tracked item, not
    published yet, with the proposal's published title and text, its department (else its
    area, else its space's), district, estimated cost and place. A proposal is tracked once.

    Those who run the proposals and may track for that department (administrators, its
    officials) may do it: ``PermissionDenied`` otherwise."""
    component = proposal.component
    if not permissions.can_manage_proposals(acting_user, component):
        raise PermissionDenied
    if not can_be_tracked(proposal):
        raise ValidationError(_("Only a proposal whose answer is “Accepted” or “Integrated "
                                "into the action plan” can be tracked."), code="not_accepted")
    space = component.space
    return tracked_item_create(
        acting_user=acting_user, organization=space.organization, source=proposal,
        component=component, title=proposal.title_public or proposal.title,
        description=proposal.body_public,
        department=proposal.department or proposal.area or space.area,
        scope=proposal.scope or space.scope, planned_cost=proposal.cost_estimate,
        latitude=proposal.latitude, longitude=proposal.longitude)
