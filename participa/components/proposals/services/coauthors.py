"""Co-authors of a proposal: its author invites people of the organization by e-mail address;
those who accept become co-authors (they edit the draft and may withdraw the proposal, and are
named with it when it is published "named"). Every write keyword-only, atomic and audited
(the audit names the people by id, never their address)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.proposals import permissions
from participa.components.proposals.actions import ProposalAction
from participa.components.proposals.models import CoauthorInvitation, Proposal, ProposalState
from participa.core.audit import record
from participa.core.models import User

# Co-authors and pending invitations of one proposal, together.
MAX_COAUTHORS = 10


def coauthor_invite(*, acting_user: User, proposal: Proposal, email: str) -> CoauthorInvitation:
    """Invite the person of the organization whose account has ``email``."""
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not permissions.is_author(acting_user, locked):
            raise ValidationError(_("Only its authors can invite co-authors."), code="author")
        if locked.state not in (ProposalState.DRAFT, ProposalState.PUBLISHED):
            raise ValidationError(_("A withdrawn or merged proposal takes no more co-authors."),
                                  code="final")
        address = email.strip()
        org = locked.component.space.organization
        person = (User.objects.filter(organization=org, email__iexact=address, is_active=True,
                                      deleted_at__isnull=True).first() if address else None)
        if person is None:
            raise ValidationError(
                {"email": _("Nobody of this organization has an account with this e-mail "
                            "address.")}, code="unknown")
        if person.pk == locked.author_id or locked.coauthors.filter(pk=person.pk).exists():
            raise ValidationError({"email": _("This person is already an author of the "
                                              "proposal.")}, code="author")
        if CoauthorInvitation.objects.filter(proposal=locked, user=person).exists():
            raise ValidationError({"email": _("This person is already invited.")},
                                  code="invited")
        taken = (locked.coauthors.count()
                 + CoauthorInvitation.objects.filter(proposal=locked).count())
        if taken >= MAX_COAUTHORS:
            raise ValidationError(
                {"email": ngettext("A proposal has at most %(count)d co-author.",
                                    "A proposal has at most %(count)d co-authors.",
                                    MAX_COAUTHORS) % {"count": MAX_COAUTHORS}}, code="too_many")
        invitation = CoauthorInvitation.objects.create(proposal=locked, user=person,
                                                       invited_by=acting_user)
        record(organization=org, actor=acting_user,
               action=ProposalAction.PROPOSAL_COAUTHOR_INVITE, obj=locked,
               changes={"invited": [None, person.pk]})
    return invitation


@transaction.atomic
def coauthor_accept(*, acting_user: User, proposal: Proposal) -> Proposal:
    """The invited person accepts: they become a co-author."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    invitation = CoauthorInvitation.objects.filter(proposal=locked, user=acting_user).first()
    if invitation is None:
        raise ValidationError(_("You have no invitation to co-author this proposal."),
                              code="not_invited")
    if locked.state not in (ProposalState.DRAFT, ProposalState.PUBLISHED):
        raise ValidationError(_("A withdrawn or merged proposal takes no more co-authors."),
                              code="final")
    invitation.delete()
    locked.coauthors.add(acting_user)
    record(organization=locked.component.space.organization, actor=acting_user,
           action=ProposalAction.PROPOSAL_COAUTHOR_ACCEPT, obj=locked,
           changes={"coauthors": [None, acting_user.pk]})
    return proposal
