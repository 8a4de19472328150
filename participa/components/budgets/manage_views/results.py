"""Staff page of the vote and its results: open voting (with what still stops it), close it,
count the votes in the background (the page shows the progress), review the HELD results
pool by pool and publish them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.budgets.manage_views.common import (
    budget_staff_view,
    edition_or_none,
    render_budget,
)
from participa.components.budgets.models import Project
from participa.components.budgets.models_results import PoolResult, ResultsBuild
from participa.components.budgets.services import results as services
from participa.components.budgets.views_results import pool_view
from participa.core.http import AuthedRequest
from participa.reports.models import BuildState
from participa.spaces.models import Component

ACTIONS: dict[str, Callable[..., Any]] = {
    "open": services.voting_open, "close": services.voting_close,
    "count": services.results_compute, "publish": services.results_publish,
}


def results_url(component: Component) -> str:
    return reverse("manage:budgets:manage_results", args=[component.space.slug, component.pk])


def _success(action: str) -> str:
    return {
        "open": _("Voting is open: the set-up is frozen."),
        "close": _("Voting is closed."),
        "count": _("The votes are being counted. This page shows the progress."),
        "publish": _("The results are published."),
    }[action]


@budget_staff_view
def manage_results(request: AuthedRequest, component: Component) -> HttpResponse:
    edition = edition_or_none(component)
    if edition is None:
        raise Http404
    edition.component = component
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404
        try:
            ACTIONS[action](acting_user=request.user, edition=edition)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _success(action))
            return HttpResponseRedirect(results_url(component))
    results = list(PoolResult.objects.filter(edition=edition)
                   .select_related("pool__scope").order_by("pool__position", "pool_id"))
    ids = [int(row["id"]) for result in results for row in result.projects]
    projects = {str(p.pk): p for p in Project.objects.filter(pk__in=ids)} if ids else {}
    for project in projects.values():
        project.component = component
    build = ResultsBuild.objects.filter(edition=edition).order_by("-created_at", "-id").first()
    now = timezone.now()
    response = render_budget(
        request, "budgets/results/manage.html", component, edition=edition, errors=errors,
        open_problems=[] if edition.frozen_at else services.voting_open_problems(edition),
        voting_running=edition.frozen_at is not None and now < edition.voting_closes_at,
        build=build, running=build is not None and build.state in (BuildState.QUEUED,
                                                                   BuildState.RUNNING),
        failed_state=BuildState.FAILED, pools=[pool_view(r, projects) for r in results],
        published=any(r.published_at for r in results))
    if errors:
        response.status_code = 400
    return response
