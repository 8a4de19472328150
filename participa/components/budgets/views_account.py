"""The organization-wide pages of participatory budgets at /budgets/: the editions (with their
current phase) and a resident's own projects (drafts included)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from participa.components.budgets.phases import edition_phase
from participa.components.budgets.selectors import editions_visible, own_projects
from participa.components.budgets.views import project_list_page
from participa.core.http import AuthedRequest, OrgRequest, login_required, org_view
from participa.core.pagecache import cache_for_visitors


@cache_for_visitors
@org_view
def edition_list(request: OrgRequest) -> HttpResponse:
    """Every participatory budget edition the visitor may see, latest first."""
    editions = editions_visible(request.user, request.organization)
    rows = [{"edition": edition, "component": edition.component,
             "phase": edition_phase(edition)} for edition in editions]
    return render(request, "budgets/editions.html", {"rows": rows, "nav": "budgets"})


@login_required
def my_projects(request: AuthedRequest) -> HttpResponse:
    """The projects the resident wrote or co-wrote, drafts included."""
    return project_list_page(
        request, own_projects(request.user, request.organization), component=None,
        extra={"show_space": True, "page_title": _("My projects"),
                             "empty_text": _("You have not written any project yet.")})
