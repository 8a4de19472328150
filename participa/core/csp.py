"""The one Content-Security-Policy that differs from the site's (``CONTENT_SECURITY_POLICY`` in
settings, set on every response by django-csp's middleware, which keeps a header a view set).

A standalone document served from our origin but written from data (the HTML report) gets no
scripts at all, its own inline styles, and opens as a sandboxed page: an opaque origin that
cannot read cookies nor call the site as the signed-in person.
"""

from __future__ import annotations

from csp.constants import HEADER

__all__ = ["HEADER", "SANDBOX_POLICY"]

SANDBOX_POLICY = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
