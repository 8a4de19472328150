"""The staff back office at /manage/. (Being built.)"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from participa.core import permissions


def dashboard(request: HttpRequest) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
    if not permissions.can_access_manage(request.user, org):
        raise Http404
    return render(request, "manage/dashboard.html", {})


def space_edit(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
