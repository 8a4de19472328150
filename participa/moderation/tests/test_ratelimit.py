"""Rate limits per person and per IP address, with the time to wait."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from participa.moderation import ratelimit


def request(ip: str = "10.0.0.1", user=None):
    req = RequestFactory().post("/", REMOTE_ADDR=ip)
    req.user = user or AnonymousUser()
    return req


def test_it_allows_up_to_the_limit_then_says_when_to_retry(settings):
    settings.PARTICIPA_RATE_LIMITS = {"comment_post": [("ip", 2, 60)]}
    assert ratelimit.hit(request(), "comment_post") is None
    assert ratelimit.hit(request(), "comment_post") is None
    limited = ratelimit.hit(request(), "comment_post")
    assert limited is not None and 0 < limited.retry_after <= 60
    assert limited.retry_minutes == 1
    assert "1 minute" in ratelimit.limited_message(limited)


def test_it_counts_each_address_separately(settings):
    settings.PARTICIPA_RATE_LIMITS = {"report": [("ip", 1, 60)]}
    assert ratelimit.hit(request("10.0.0.1"), "report") is None
    assert ratelimit.hit(request("10.0.0.2"), "report") is None
    assert ratelimit.hit(request("10.0.0.1"), "report") is not None


def test_it_has_defaults_for_posting_and_reporting():
    assert ratelimit.limits_for("comment_post") and ratelimit.limits_for("report")
