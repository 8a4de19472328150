"""Per-request organization (by host name), time zone, interface language, and the
staff two-factor requirement of the back office."""

from __future__ import annotations

import hashlib
import time
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from participa.core.auth import has_second_step, must_use_second_step
from participa.core.i18n import fallback_languages
from participa.core.models import Organization

LANGUAGE_SESSION_KEY = "participa_language"


# The organization of a host name, kept in the default cache (Redis when configured, shared by
# every worker) so that a page does not start with a query. Any write to an organization drops
# the entry of every host (``forget_organizations``, connected in core/apps.py) at once and
# again on commit; with a per-process cache (no REDIS_URL) another worker may keep an old copy
# for at most ORGANIZATION_CACHE_SECONDS.
ORGANIZATION_CACHE_SECONDS = 60
_ORGANIZATIONS_VERSION_KEY = "organizations:version"


def _organization_key(host: str) -> str | None:
    version = cache.get(_ORGANIZATIONS_VERSION_KEY)
    if version is None:
        return None
    digest = hashlib.sha256(host.encode()).hexdigest()[:32]
    return f"organizations:{version}:{digest}"


def forget_organizations(**_kwargs: object) -> None:
    """Drop every cached host → organization entry (now and when the write commits)."""

    def bump() -> None:
        cache.set(_ORGANIZATIONS_VERSION_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)


def organization_for_host(host: str) -> Organization | None:
    """The organization served at ``host`` (its main host name or one of its other ones)."""
    host = host.split(":")[0].lower().rstrip(".")
    if host.startswith("[") and "]" in host:
        host = host[1 : host.index("]")]
    key = _organization_key(host)
    if key is None:
        forget_organizations()
        key = _organization_key(host)
    org = cache.get(key) if key is not None else None
    if org is None:
        org = _organization_from_database(host)
        # Unknown hosts are not remembered: anyone can send any Host header.
        if org is not None and key is not None:
            cache.set(key, org, ORGANIZATION_CACHE_SECONDS)
    return org


def _organization_from_database(host: str) -> Organization | None:
    org = Organization.objects.filter(host=host).first()
    if org is not None:
        return org
    # A deployment serves a handful of organizations: scanning their aliases is cheap.
    for candidate in Organization.objects.exclude(secondary_hosts=[]):
        if host in (candidate.secondary_hosts or []):
            return candidate
    return None


class OrganizationMiddleware:
    """Select the organization from the host name; unknown hosts get a 404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        org = organization_for_host(request.get_host())
        request.organization = org  # type: ignore[attr-defined]
        if org is None and not request.path.startswith(("/django-admin/", "/static/", "/health")):
            raise Http404("No organization is served at this address.")
        if org is not None:
            try:
                timezone.activate(zoneinfo.ZoneInfo(org.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        languages = [org.default_language, *org.languages] if org is not None else []
        try:
            with fallback_languages(languages):
                return self.get_response(request)
        finally:
            timezone.deactivate()


def choose_language(request: HttpRequest, org: Organization | None) -> str:
    available = list(org.languages) if org else [code for code, _ in settings.LANGUAGES]
    default = org.default_language if org else settings.LANGUAGE_CODE
    candidates = [request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)]
    header = request.headers.get("Accept-Language", "")
    candidates += [code for code, _quality in parse_accept_lang_header(header)]
    for code in candidates:
        if code and code.split("-")[0] in available:
            return code.split("-")[0]
    return default


class LanguageMiddleware:
    """Activate the visitor's language, limited to the organization's languages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        org = getattr(request, "organization", None)
        language = choose_language(request, org)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language() or language)
        response.headers["Vary"] = ", ".join(
            filter(None, [response.headers.get("Vary"), "Accept-Language", "Cookie"])
        )
        translation.deactivate()
        return response


class UserLanguageMiddleware:
    """A signed-in person's saved language wins over the browser's (not over an explicit choice)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        org = getattr(request, "organization", None)
        if (
            user is not None
            and user.is_authenticated
            and user.preferred_language
            and not request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            and (org is None or user.preferred_language in org.languages)
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class NullCharacterMiddleware:
    """A NUL character in the address (``/people/%00/``) names nothing: 404, before any view
    passes it to the database (PostgreSQL refuses NUL in text and the view would fail)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404
        return self.get_response(request)


class StaffTwoFactorMiddleware:
    """Send staff without a second step to set one up before the back office opens, when
    their organization requires it. Residents, and every page outside /manage/, are not
    affected."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/manage/"):
            org = getattr(request, "organization", None)
            user = getattr(request, "user", None)
            if org is not None and must_use_second_step(user, org) and not has_second_step(user):
                messages.warning(request, _(
                    "%(organization)s asks its staff to use two-factor authentication. Set up "
                    "an authenticator app or a security key to open the back office."
                ) % {"organization": org.name})
                return HttpResponseRedirect(reverse("mfa_index"))
        return self.get_response(request)
