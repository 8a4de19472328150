"""The back office's access checks and page helpers, shared by every staff screen.

Access helpers return the object the person may manage, or 404: "missing" and "not allowed"
answer the same 404. Components' staff views (``manage_views.py``) use
``get_managed_component_or_404``. They live in ``spaces`` (not in ``participa.manage``, the
back-office shell above the components) so that shared services and components can use them
without importing the shell.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render

from participa.core import permissions as core_permissions
from participa.core.http import (
    AuthedRequest,
    as_authed_request,
    is_authenticated,
    organization_of,
)
from participa.core.models import Organization
from participa.spaces import permissions as space_permissions
from participa.spaces.decorators import managed_component_or_404, managed_space_or_404
from participa.spaces.models import Space, SpaceMembership

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

__all__ = ["organization_of"]  # re-exported for the screens that import it from here


def manage_view(
    permission: Callable[[Any, Organization], bool] = core_permissions.can_access_manage,
) -> Callable[[Callable[Concatenate[AuthedRequest, P], R]],
              Callable[Concatenate[HttpRequest, P], R]]:
    """A back-office screen of the organization: the person must be signed in and pass
    ``permission(user, organization)`` (by default: open the back office); otherwise 404, as
    for everything in the back office. The view takes an ``AuthedRequest``."""

    def decorate(view: Callable[Concatenate[AuthedRequest, P], R]
                 ) -> Callable[Concatenate[HttpRequest, P], R]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R:
            org = organization_of(request)
            if not is_authenticated(request) or not permission(request.user, org):
                raise Http404
            return view(as_authed_request(request), *args, **kwargs)

        return wrapper

    return decorate


# Organization settings, scopes, areas, roles, groups' verification: administrators only.
admin_view = manage_view(core_permissions.can_manage_organization)
audit_log_view = manage_view(core_permissions.can_view_audit_log)


def require_manage_access(request: HttpRequest) -> Organization:
    org = organization_of(request)
    if not core_permissions.can_access_manage(request.user, org):
        raise Http404
    return org


def require_organization_admin(request: HttpRequest) -> Organization:
    """Organization settings, scopes, areas, roles, groups' verification."""
    org = organization_of(request)
    if not core_permissions.can_manage_organization(request.user, org):
        raise Http404
    return org


def require_audit_log(request: HttpRequest) -> Organization:
    org = organization_of(request)
    if not core_permissions.can_view_audit_log(request.user, org):
        raise Http404
    return org


def get_managed_space_or_404(request: HttpRequest, slug: str) -> Space:
    return managed_space_or_404(request.user, organization_of(request), slug)


def get_managed_component_or_404(request: HttpRequest, space_slug: str, component_id: int,
                                 component_type: str) -> Any:
    """The component of ``component_type`` if the person may manage its space; else 404."""
    organization_of(request)
    if not is_authenticated(request):
        raise Http404
    return managed_component_or_404(as_authed_request(request), space_slug, component_id,
                                    component_type)


def space_list_manageable(user: Any, org: Organization) -> QuerySet[Space]:
    """Spaces the person may manage: all for administrators; officials' areas; their spaces."""
    qs = Space.objects.filter(organization=org).select_related("scope", "area")
    if core_permissions.is_admin(user, org):
        return qs
    if not core_permissions.belongs_to(user, org):
        return qs.none()
    areas = core_permissions.official_area_ids(user, org)
    managed = SpaceMembership.objects.filter(
        user=user, role=SpaceMembership.Role.MANAGER, space__organization=org
    ).values("space_id")
    return qs.filter(Q(area_id__in=areas) | Q(pk__in=managed))


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
        "organization": core_permissions.can_manage_organization(user, org),
        "audit_log": core_permissions.can_view_audit_log(user, org),
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
