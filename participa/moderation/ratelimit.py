"""Rate limits on posting and reporting, per person and per IP address, kept in the cache.

Fixed windows counted with ``cache.add`` + ``cache.incr`` (atomic on Redis and in local
memory). Limits come from ``settings.PARTICIPA_RATE_LIMITS`` (action -> list of
(scope, count, seconds)), falling back to ``DEFAULT_RATE_LIMITS``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULT_RATE_LIMITS: dict[str, list[tuple[str, int, int]]] = {
    # Posting a comment (or a reply, or an edit): a burst per minute, a ceiling per hour.
    "comment_post": [("user", 5, 60), ("user", 60, 3600), ("ip", 20, 60), ("ip", 300, 3600)],
    # Reporting content.
    "report": [("user", 10, 3600), ("ip", 50, 3600)],
}


@dataclass(frozen=True)
class Limited:
    """A limit was reached; ``retry_after`` seconds until the next attempt is accepted."""

    retry_after: int

    @property
    def retry_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def limits_for(action: str) -> list[tuple[str, int, int]]:
    configured: dict[str, Any] = getattr(settings, "PARTICIPA_RATE_LIMITS", {}) or {}
    return [tuple(rule) for rule in configured.get(action, DEFAULT_RATE_LIMITS.get(action, []))]


def client_ip(request: HttpRequest) -> str:
    """The client's address (REMOTE_ADDR; a proxy in front must set it, e.g. gunicorn's
    forwarded-allow-ips), never a header the client could forge."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(action: str, scope: str, ident: str, period: int, window: int) -> str:
    return f"participa:rl:{action}:{scope}:{ident}:{period}:{window}"


def _identities(request: HttpRequest) -> dict[str, str]:
    user = getattr(request, "user", None)
    ids = {"ip": client_ip(request)}
    if user is not None and user.is_authenticated:
        ids["user"] = str(user.pk)
    return ids


def check(request: HttpRequest, action: str) -> Limited | None:
    """Whether ``action`` is over a limit now (counts nothing)."""
    now = time.time()
    ids = _identities(request)
    worst = 0
    for scope, count, period in limits_for(action):
        ident = ids.get(scope)
        if ident is None:
            continue
        window = int(now // period)
        used = cache.get(_key(action, scope, ident, period, window), 0)
        if used >= count:
            worst = max(worst, math.ceil((window + 1) * period - now))
    return Limited(worst) if worst else None


def hit(request: HttpRequest, action: str) -> Limited | None:
    """Count one ``action``; return ``Limited`` (and count nothing) when over a limit."""
    limited = check(request, action)
    if limited is not None:
        return limited
    now = time.time()
    ids = _identities(request)
    for scope, _count, period in limits_for(action):
        ident = ids.get(scope)
        if ident is None:
            continue
        key = _key(action, scope, ident, period, int(now // period))
        if not cache.add(key, 1, timeout=period + 1):
            try:
                cache.incr(key)
            except ValueError:
                cache.add(key, 1, timeout=period + 1)
    return None


HONEYPOT_FIELD = "homepage"


def honeypot_filled(request: HttpRequest) -> bool:
    """A robot filled the field people never see (``moderation/_honeypot.html``)."""
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


def limited_message(limited: Limited) -> str:
    from django.utils.translation import ngettext

    minutes = limited.retry_minutes
    return ngettext(
        "You have done this too often in a short time. Please try again in %(minutes)d "
        "minute; what you wrote is kept below.",
        "You have done this too often in a short time. Please try again in %(minutes)d "
        "minutes; what you wrote is kept below.",
        minutes,
    ) % {"minutes": minutes}


def honeypot_message() -> str:
    from django.utils.translation import gettext

    return gettext("Your message could not be accepted. Please leave the “Leave this field "
                   "empty” field empty and send it again.")
