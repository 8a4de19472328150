"""The map of a component's proposals: a page listing every proposal with a point (complete
without JavaScript), and its data as GeoJSON, clustered on the server into grid cells per zoom
level (``cluster``) so that the browser draws a few markers whatever the number of
proposals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from participa.components.proposals.filters import ProposalFilterSet
from participa.components.proposals.selectors import proposals_visible
from participa.core.http import OrgRequest
from participa.core.maps import cluster, tile_attribution, zoom_of
from participa.core.pagecache import cache_for_visitors
from participa.spaces.decorators import component_view
from participa.spaces.models import Component


def _located(request: OrgRequest, component: Component) -> tuple[ProposalFilterSet, Any]:
    proposals = (proposals_visible(request.user, request.organization)
                 .filter(component=component, latitude__isnull=False,
                         longitude__isnull=False))
    params = {key: value for key, value in request.GET.items()
              if key not in ("page", "seed", "sort", "zoom") and value}
    filterset = ProposalFilterSet(params or None, proposals, organization=request.organization,
                                  request=request, component=component, user=request.user)
    return filterset, filterset.filtered_qs.order_by("-published_at", "-id")


@cache_for_visitors
@component_view("proposals")
def proposal_map(request: OrgRequest, component: Component) -> HttpResponse:
    """The proposals with a place, as a list of links (Leaflet draws the map beside it)."""
    filterset, located = _located(request, component)
    if "sort" in filterset.form.fields:
        del filterset.form.fields["sort"]
    items = list(located)
    query = request.GET.urlencode()
    return render(request, "proposals/map.html", {
        "component": component, "space": component.space, "items": items,
        "form": filterset.form, "filtered": filterset.is_bound,
        "data_url": reverse("spaces:proposals:map_data",
                            args=[component.space.slug, component.pk])
        + (f"?{query}" if query else ""),
        "tile_url": settings.MAP_TILE_URL, "attribution": tile_attribution(),
        "default_view": settings.MAP_DEFAULT_VIEW,
        "nav": "processes" if component.space.is_process else "assemblies",
    })


@cache_for_visitors
@component_view("proposals")
def proposal_map_data(request: OrgRequest, component: Component) -> HttpResponse:
    """The map's GeoJSON at ``?zoom=`` (13 by default), with the list's filters."""
    _filterset, located = _located(request, component)
    base = reverse("spaces:proposals:index", args=[component.space.slug, component.pk])
    points = [{**row, "latitude": Decimal(row["latitude"]), "url": f"{base}{row['number']}/"}
              for row in located.values("number", "title_public", "latitude", "longitude")]
    return JsonResponse(cluster(points, zoom_of(request.GET.get("zoom"))),
                        content_type="application/geo+json")
