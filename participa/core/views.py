"""Public organization pages: home, language choice, accessibility statement, privacy,
terms of use."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from participa.core.http import OrgRequest, org_view
from participa.core.services import user_set_language


@csrf_exempt
@require_POST
@org_view
def set_language(request: OrgRequest) -> HttpResponse:
    """Switch the interface language (a plain form POST; works without JavaScript).

    Anonymous visitors' pages are shared through the page cache (participa/core/pagecache.py),
    so their language form carries no CSRF token (it would be one visitor's). For them the only
    effect is a language cookie, and a form posted from another site is refused by the browser's
    Origin and Sec-Fetch-Site headers. A signed-in person's choice is saved on the account:
    their form carries a token, checked as everywhere else."""
    if request.user.is_authenticated:
        return _set_language_checked(request)
    if not _same_origin(request):
        raise PermissionDenied
    return _set_language(request)


def _same_origin(request: HttpRequest) -> bool:
    if request.headers.get("Sec-Fetch-Site", "") == "cross-site":
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return origin in {f"{request.scheme}://{request.get_host()}",
                      *settings.CSRF_TRUSTED_ORIGINS}


def _set_language(request: OrgRequest) -> HttpResponse:
    org = request.organization
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in org.languages:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600,
            samesite="Lax", secure=request.is_secure(), httponly=True,
        )
        user = request.user
        if user.is_authenticated and getattr(user, "preferred_language", None) != language:
            user_set_language(user=user, language=language)
    return response


_set_language_checked = csrf_protect(_set_language)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def organization_stylesheet(request: HttpRequest) -> HttpResponse:
    """The organization's accent colour as a stylesheet, so that no page needs an inline style
    (the Content-Security-Policy allows none). The page links it with the colour in the query
    string, so a new colour is a new address and the file can be cached for long."""
    organization = getattr(request, "organization", None)
    colour = organization.accent_colour if organization is not None else "#1d4e89"
    response = HttpResponse(f":root {{ --accent: {colour}; }}\n",
                            content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {})


def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "core/terms.html", {})
