"""Rate limits on posting and reporting, per person and per IP address.

Counting is django-ratelimit's (``get_usage``: atomic counters in the cache, a window per key).
Limits come from ``settings.PARTICIPA_RATE_LIMITS`` (action -> list of (scope, count, seconds),
scope "user" or "ip"), falling back to ``DEFAULT_RATE_LIMITS``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django_ratelimit.core import get_usage

DEFAULT_RATE_LIMITS: dict[str, list[tuple[str, int, int]]] = {
    # Posting a comment (or a reply, or an edit): a burst per minute, a ceiling per hour.
    "comment_post": [("user", 5, 60), ("user", 60, 3600), ("ip", 20, 60), ("ip", 300, 3600)],
    # Reporting content.
    "report": [("user", 10, 3600), ("ip", 50, 3600)],
    # Sending a recommendation to a consultation, and requesting a public debate.
    "consultation_contribution": [("user", 5, 60), ("user", 30, 3600), ("ip", 20, 60),
                                  ("ip", 200, 3600)],
    "debate_request": [("user", 5, 3600), ("ip", 20, 3600)],
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


def _rules(request: HttpRequest, action: str) -> list[tuple[str, int, int]]:
    """The rules that apply: per-person limits only for people who are logged in."""
    user = getattr(request, "user", None)
    logged_in = user is not None and user.is_authenticated
    return [rule for rule in limits_for(action) if rule[0] == "ip" or logged_in]


def _usage(request: HttpRequest, action: str, rule: tuple[str, int, int],
           increment: bool) -> dict[str, Any] | None:
    scope, count, period = rule
    return get_usage(request, group=f"participa:{action}:{period}", key=scope,
                     rate=(count, period), method=get_usage.ALL, increment=increment)


def check(request: HttpRequest, action: str) -> Limited | None:
    """Whether ``action`` is over a limit now (counts nothing)."""
    worst = 0
    for rule in _rules(request, action):
        usage = _usage(request, action, rule, increment=False)
        if usage is not None and (usage["should_limit"] or usage["count"] >= usage["limit"]):
            worst = max(worst, usage["time_left"], 1)
    return Limited(worst) if worst else None


def hit(request: HttpRequest, action: str) -> Limited | None:
    """Count one ``action``; return ``Limited`` (and count nothing) when over a limit."""
    limited = check(request, action)
    if limited is not None:
        return limited
    for rule in _rules(request, action):
        _usage(request, action, rule, increment=True)
    return None


HONEYPOT_FIELD = "homepage"


def honeypot_filled(request: HttpRequest) -> bool:
    """A robot filled the field people never see (``moderation/_honeypot.html``)."""
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


def limited_message(limited: Limited) -> str:
    minutes = limited.retry_minutes
    return ngettext(
        "You have done this too often in a short time. Please try again in %(minutes)d "
        "minute; what you wrote is kept below.",
        "You have done this too often in a short time. Please try again in %(minutes)d "
        "minutes; what you wrote is kept below.",
        minutes,
    ) % {"minutes": minutes}


def honeypot_message() -> str:
    return gettext("Your message could not be accepted. Please leave the “Leave this field "
                   "empty” field empty and send it again.")
