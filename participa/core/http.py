"""Typed requests and the decorators that guarantee what the types promise.

``OrganizationMiddleware`` sets ``request.organization`` (404 for an unknown host), so every
view under an organization's host receives an ``OrgRequest``. A view that needs a signed-in
person takes an ``AuthedRequest`` and is wrapped by ``login_required`` below (or by a decorator
built on it, such as ``spaces.decorators.staff_view``): the person is then a ``User``, never
``AnonymousUser``, and ``acting_user=request.user`` type-checks.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase

from participa.core.models import Organization, User

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)


class OrgRequest(HttpRequest):
    """A request served for an organization (set by ``OrganizationMiddleware``)."""

    organization: Organization


class AuthedRequest(OrgRequest):
    """A request of a signed-in, active person (guaranteed by ``login_required``)."""

    user: User


def organization_of(request: HttpRequest) -> Organization:
    """The request's organization; 404 where none is served (the admin site, health)."""
    org = getattr(request, "organization", None)
    if org is None:
        raise Http404
    return org


def is_org_request(request: HttpRequest) -> bool:
    return getattr(request, "organization", None) is not None


def is_authenticated(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_active)


def as_org_request(request: HttpRequest) -> OrgRequest:
    """The same request, typed: 404 when no organization is served at this host."""
    organization_of(request)
    return cast(OrgRequest, request)  # checked just above: the one narrowing point


def as_authed_request(request: HttpRequest) -> AuthedRequest:
    """The same request, typed; the caller has checked ``is_authenticated(request)``."""
    if not is_authenticated(request):
        raise Http404
    return cast(AuthedRequest, as_org_request(request))  # checked just above


def org_view(view: Callable[Concatenate[OrgRequest, P], R]
             ) -> Callable[Concatenate[HttpRequest, P], R]:
    """A view of an organization's site: 404 where no organization is served."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R:
        return view(as_org_request(request), *args, **kwargs)

    return wrapper


def login_required(view: Callable[Concatenate[AuthedRequest, P], R]
                   ) -> Callable[Concatenate[HttpRequest, P], R | HttpResponse]:
    """Like Django's ``login_required`` (anonymous visitors are sent to the login page with
    ``next``), and the view receives an ``AuthedRequest``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R | HttpResponse:
        organization_of(request)
        if not is_authenticated(request):
            return redirect_to_login(request.get_full_path())
        return view(as_authed_request(request), *args, **kwargs)

    return wrapper


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in person, where the view has already refused anonymous visitors (through a
    permission that requires an account); 404 if that assumption ever fails."""
    return as_authed_request(request).user
