from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from participa.spaces.views import get_component_or_404


def index(request: HttpRequest, space_slug: str, component_id: int) -> HttpResponse:
    component = get_component_or_404(request, space_slug, component_id, "pages")
    return render(request, "pages/index.html", {"component": component,
                                                "space": component.space})
