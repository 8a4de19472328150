"""Staff view "Track the winning projects": a confirmation page listing the selected projects
(tracked already or not), then a tracked item for each one left (``services.tracking``).

It opens to those who review the edition (its officials and administrators, those who run the
space); the service tracks only the projects of the departments the person works for (all,
for an administrator) and the page lists the others."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.budgets.manage_views.common import edition_or_none, render_budget
from participa.components.budgets.manage_views.review import review_staff_view
from participa.components.budgets.services.tracking import winners_of, winners_track
from participa.core.http import AuthedRequest
from participa.spaces.models import Component


@review_staff_view
def track_winners(request: AuthedRequest, component: Component) -> HttpResponse:
    """GET: what will be tracked; POST: track it (running it twice tracks nothing new)."""
    edition = edition_or_none(component)
    if edition is None:
        raise Http404
    here = reverse("manage:budgets:track_winners", args=[component.space.slug, component.pk])
    if request.method == "POST":
        outcome = winners_track(acting_user=request.user, edition=edition)
        if outcome.created:
            messages.success(request, ngettext(
                "%(count)s winning project is now tracked. Add its milestones, then publish "
                "it.",
                "%(count)s winning projects are now tracked. Add their milestones, then "
                "publish them.", len(outcome.created)) % {"count": len(outcome.created)})
        else:
            messages.info(request, _("No project was left to track."))
        if outcome.refused:
            messages.warning(request, ngettext(
                "%(count)s project belongs to a department you do not work for: one of its "
                "officials or an administrator tracks it.",
                "%(count)s projects belong to departments you do not work for: their "
                "officials or an administrator track them.",
                len(outcome.refused)) % {"count": len(outcome.refused)})
        return HttpResponseRedirect(here)
    winners = list(winners_of(edition))
    left = [project for project in winners if vars(project).get("tracked_item_id") is None]
    return render_budget(request, "budgets/tracking/manage_track.html", component,
                         edition=edition, winners=winners, left=left)
