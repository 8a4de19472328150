"""Content-Security-Policy on every page: scripts only from this site's static files, styles
from them or from ``<style nonce="{{ request.csp_nonce }}">`` blocks, nothing inline otherwise.

Django 5.2 has no built-in CSP (it arrives in Django 6.0), so this small middleware sets the
header. A view that needs another policy (the sandboxed HTML report) sets its own header; it is
kept as it is.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"

# A standalone document served from our origin but written from data (the HTML report): no
# scripts at all, its own inline styles, opened as a sandboxed page (an opaque origin that
# cannot read cookies nor call the site as the signed-in person).
SANDBOX_POLICY = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def policy(nonce: str) -> str:
    """The site's policy, with extra image origins (e.g. an S3 bucket) from settings."""
    images = " ".join(["'self'", "data:", *getattr(settings, "CSP_IMG_SRC", [])])
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' 'nonce-{nonce}'",
        f"img-src {images}",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy(nonce)
        return response
