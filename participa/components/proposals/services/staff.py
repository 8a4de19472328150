"""Who among the staff hears of a proposal: the people of its department."""

from __future__ import annotations

from participa.components.proposals.models import Proposal
from participa.core.models import Role, RoleKind
from participa.spaces.models import SpaceMembership


def staff_ids(proposal: Proposal) -> tuple[int, ...]:
    """The staff of the proposal's department: the officials of its assigned department (else
    of its area, else of its space's area) and the managers of its space. They hear of new
    proposals and of thresholds reached without following anything, each at the e-mail
    frequency they chose (``Notice(also=…)``)."""
    space = proposal.component.space
    area_id = proposal.department_id or proposal.area_id or space.area_id
    ids = set(SpaceMembership.objects.filter(space=space, role=SpaceMembership.Role.MANAGER)
              .values_list("user_id", flat=True))
    if area_id:
        ids |= set(Role.objects.filter(organization_id=space.organization_id,
                                       kind=RoleKind.OFFICIAL, area_id=area_id)
                   .values_list("user_id", flat=True))
    return tuple(sorted(ids))
