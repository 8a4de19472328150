"""Template tags of the proposal authoring partials: what the component page and the proposal
page show a person about writing proposals (their drafts, invitations, the author's links,
photos with their description as alternative text)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Exists, OuterRef, Q

from participa.attachments.permissions import can_view_file
from participa.attachments.selectors import attachments_of
from participa.components.proposals import permissions
from participa.components.proposals.models import (
    CoauthorInvitation,
    Proposal,
    ProposalState,
    Publication,
)
from participa.core.i18n import translated
from participa.spaces.models import Component

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def proposal_authoring_box(context: template.Context, component: Component) -> dict[str, Any]:
    """For the component page: may the person propose, their drafts and invitations."""
    user = _user(context)
    if not getattr(user, "is_authenticated", False):
        return {"can_create": False, "drafts": [], "invitations": []}
    # One query for both: the person's drafts and the proposals they are invited to co-author.
    rows = list(Proposal.objects.filter(component=component)
                .annotate(coauthoring=Exists(Proposal.coauthors.through.objects.filter(
                              proposal_id=OuterRef("pk"), user_id=user.pk)),
                          invited=Exists(CoauthorInvitation.objects.filter(
                              proposal_id=OuterRef("pk"), user_id=user.pk)))
                .filter(Q(state=ProposalState.DRAFT) & (Q(author_id=user.pk)
                                                        | Q(coauthoring=True))
                        | Q(invited=True))
                .order_by("-updated_at", "-id"))
    return {
        "can_create": permissions.can_create_proposal(user, component),
        "drafts": [row for row in rows if row.state == ProposalState.DRAFT
                   and (row.author_id == user.pk or row.coauthoring)],
        "invitations": [{"proposal": row} for row in rows if row.invited],
    }


@register.simple_tag(takes_context=True)
def proposal_authoring_links(context: template.Context, proposal: Proposal) -> dict[str, Any]:
    """For the proposal page: its co-authors (when published with names), its photos, and
    the author's or the invited person's links."""
    user = _user(context)
    is_author = permissions.is_author(user, proposal)
    invitation = None
    # Whether the visitor is invited is read with the page's proposal (``viewer_invited``).
    if (getattr(user, "is_authenticated", False) and not is_author
            and getattr(proposal, "viewer_invited", True)):
        invitation = CoauthorInvitation.objects.filter(proposal=proposal, user=user).first()
    coauthors: list[Any] = []
    if proposal.publication == Publication.NAMED or not proposal.is_public:
        coauthors = (list(proposal.coauthors.all())
                     if "coauthors" in getattr(proposal, "_prefetched_objects_cache", {})
                     else list(proposal.coauthors.order_by("display_name", "pk")))
    photos: list[dict[str, str]] = []
    for attachment in attachments_of(proposal):
        if attachment.is_image and can_view_file(user, attachment, proposal):
            photos.append({"url": attachment.get_absolute_url(),
                           "alt": translated(attachment.title) or attachment.original_name})
    return {"is_author": is_author and proposal.state in (ProposalState.DRAFT,
                                                          ProposalState.PUBLISHED),
            "invitation": invitation, "coauthors": coauthors, "photos": photos}
