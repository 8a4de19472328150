"""The organization's list of proposals (``/proposals/``) and a resident's own pages: "my
proposals" (drafts included) and "my supports"."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from participa.components.proposals.models import Support
from participa.components.proposals.selectors import proposals_visible
from participa.components.proposals.views_lists import own_proposals, proposal_list_page
from participa.core.http import AuthedRequest, OrgRequest, login_required, org_view
from participa.core.pagecache import cache_for_visitors


@cache_for_visitors
@org_view
def organization_list(request: OrgRequest) -> HttpResponse:
    """Every proposal of the organization the visitor may see, whatever its space."""
    proposals = proposals_visible(request.user, request.organization).filter(
        component__published_at__isnull=False)
    return proposal_list_page(request, proposals, component=None, extra={"show_space": True})


@login_required
def my_proposals(request: AuthedRequest) -> HttpResponse:
    """The proposals the resident wrote or co-wrote, drafts included."""
    return proposal_list_page(
        request, own_proposals(request.user, request.organization), component=None,
        extra={"show_space": True, "page_title": _("My proposals"),
               "empty_text": _("You have not written any proposal yet.")})


@login_required
def my_supports(request: AuthedRequest) -> HttpResponse:
    """The proposals the resident supports (those they may still see)."""
    proposals = proposals_visible(request.user, request.organization).filter(
        pk__in=Support.objects.filter(user=request.user).values("proposal_id"))
    return proposal_list_page(
        request, proposals, component=None,
        extra={"show_space": True, "page_title": _("Proposals I support"),
               "empty_text": _("You do not support any proposal yet.")})
