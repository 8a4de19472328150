"""People and groups: account settings, public profiles, user groups. (Being built.)"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


def account(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {})


def profile(request: HttpRequest, username: str) -> HttpResponse:
    raise Http404


def group_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {})


def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
