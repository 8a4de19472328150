"""The staff back office at /manage/: the dashboard and helpers shared by its screens.

The screens live in ``views_organization`` (settings, scopes, areas, roles, groups, audit log)
and ``views_spaces`` (spaces, phases, components, members). Every write goes through an audited
service; every access check through a permission function (missing and forbidden: 404).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from participa.core import permissions
from participa.core.http import AuthedRequest, organization_of
from participa.manage.access import (
    get_managed_component_or_404,
    get_managed_space_or_404,
    manage_view,
    space_list_manageable,
)
from participa.spaces import permissions as space_permissions

__all__ = [
    "confirm_action",
    "dashboard",
    "get_managed_component_or_404",
    "get_managed_space_or_404",
    "manage_permissions",
    "post_only",
    "render_manage",
]


def render_manage(request: HttpRequest, template: str, context: dict[str, Any],
                  nav: str) -> HttpResponse:
    """Render a back-office page; the side navigation shows only what the person may use."""
    org = organization_of(request)
    context = {
        **context,
        "manage_nav": nav,
        "manage_can": manage_permissions(request.user, org),
    }
    return render(request, template, context)


def manage_permissions(user: Any, org: Any) -> dict[str, bool]:
    return {
        "organization": permissions.can_manage_organization(user, org),
        "audit_log": permissions.can_view_audit_log(user, org),
        "create_space": space_permissions.can_create_space(user, org),
    }


def post_only(request: HttpRequest) -> HttpResponse | None:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def confirm_action(
    request: HttpRequest, *, obj: Any, cancel_url: str, nav: str,
    perform: Callable[[], None], success_url: str, success_message: str,
    blocked_reason: str | None = None, details: str = "", heading: str = "",
    confirm_label: str = "",
) -> HttpResponse:
    """A confirmation page (GET) and the destructive action itself (POST)."""
    if request.method == "POST" and not blocked_reason:
        try:
            perform()
        except ValidationError as error:
            blocked_reason = " ".join(str(m) for m in error.messages)
        else:
            messages.success(request, success_message)
            return redirect(success_url)
    return render_manage(request, "includes/confirm_delete.html", {
        "object": obj, "cancel_url": cancel_url, "blocked_reason": blocked_reason,
        "details": details, "heading": heading, "confirm_label": confirm_label,
    }, nav)


@manage_view()
def dashboard(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    user = request.user
    spaces = list(space_list_manageable(user, org)[:6])
    return render_manage(request, "manage/dashboard.html", {
        "spaces": spaces,
        "space_count": space_list_manageable(user, org).count(),
    }, "dashboard")

