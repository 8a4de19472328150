"""The public comparison of two versions of a consultation's text, article by article, with
the contributions each change followed."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse

from participa.components.consultations.models import Consultation, ConsultationState
from participa.components.consultations.permissions import can_view_consultation
from participa.components.consultations.services import versions as services
from participa.core.http import OrgRequest
from participa.spaces.decorators import component_view
from participa.spaces.models import Component

COMPONENT_TYPE = "consultations"


def _announced_consultation(user: Any, component: Component, slug: str) -> Consultation | None:
    consultation = Consultation.objects.filter(component=component, slug=slug).exclude(
        state=ConsultationState.DRAFT).first()
    if consultation is not None:
        consultation.component = component
    return consultation


@component_view(COMPONENT_TYPE, item=_announced_consultation,
                item_permission=can_view_consultation)
def version_diff(request: OrgRequest, component: Component, consultation: Consultation, a: int,
                 b: int) -> HttpResponse:
    slug = consultation.slug
    versions = services.version_list(consultation)
    by_number = {version.number: version for version in versions}
    # The picker at the top of the page is a GET form.
    wanted_a, wanted_b = request.GET.get("a", ""), request.GET.get("b", "")
    if wanted_a.isdigit() and wanted_b.isdigit() and int(wanted_a) in by_number \
            and int(wanted_b) in by_number and (int(wanted_a), int(wanted_b)) != (a, b):
        return HttpResponseRedirect(reverse(
            "spaces:consultations:version_diff",
            args=[component.space.slug, component.pk, slug, int(wanted_a), int(wanted_b)]))
    old, new = by_number.get(a), by_number.get(b)
    if old is None or new is None:
        raise Http404
    rows = services.version_compare(old, new)
    show_all = request.GET.get("all") == "1"
    return render(request, "consultations/version_diff.html", {
        "component": component, "space": component.space, "consultation": consultation,
        "old": old, "new": new, "versions": versions, "show_all": show_all,
        "rows": rows if show_all else [row for row in rows if row.is_changed],
        "changed_count": sum(1 for row in rows if row.is_changed),
    })


urlpatterns: list[URLPattern] = [
    path("<slug:slug>/compare/<int:a>/<int:b>/", version_diff, name="version_diff"),
]
