"""Send people who are not logged in (or whose session expired) from the back office to the
login page, and back where they were afterwards.

Every address under ``/manage/`` answers the same to them, existing or not, so the redirect
reveals nothing; logged-in people without access still get 404 from the views.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url

MANAGE_PREFIX = "/manage/"


class ManageLoginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(MANAGE_PREFIX) and not request.user.is_authenticated:
            # After a POST the form cannot be sent again: come back to the page instead.
            target = request.get_full_path() if request.method == "GET" else request.path
            login = resolve_url(settings.LOGIN_URL)
            return HttpResponseRedirect(f"{login}?{urlencode({'next': target})}")
        return self.get_response(request)
