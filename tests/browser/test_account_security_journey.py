"""Account security journeys: accepting the terms at sign-up, and an administrator whose
organization requires two-factor authentication setting up an authenticator app before the
back office opens."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.urls import reverse

from participa.core.models import TermsAcceptance, User

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser]


def form_with(page: Any, field_name: str) -> Any:
    """The form in the main content that holds the input named ``field_name``."""
    return page.locator(f"main form:has([name='{field_name}'])")


def test_it_asks_a_new_resident_to_accept_the_terms_of_this_version(journey: Any,
                                                                    site: Any) -> None:
    site.terms_version = "2026-03"
    site.save()
    page = journey.page
    journey.goto("account_signup")
    signup = form_with(page, "password1")
    signup.get_by_label("Public name").fill("Maria P.")
    signup.locator("[name='email']").fill("maria.p@example.org")
    signup.locator("[name='password1']").fill(PASSWORD)
    signup.locator("[name='password2']").fill(PASSWORD)
    terms = page.get_by_label(
        "I have read and accept the terms of use and the privacy notice (version 2026-03)")
    assert not terms.is_checked()

    # Without the tick: a clear message, and nothing typed is lost.
    journey.follow(signup.locator("[type='submit']"))
    assert page.get_by_text(
        "To create an account, accept the terms of use and the privacy notice.").first.is_visible()
    assert page.locator("[name='email']").input_value() == "maria.p@example.org"
    assert page.get_by_label("Public name").input_value() == "Maria P."
    assert not User.objects.filter(email="maria.p@example.org").exists()

    signup = form_with(page, "password1")
    signup.locator("[name='password1']").fill(PASSWORD)
    signup.locator("[name='password2']").fill(PASSWORD)
    page.get_by_label(
        "I have read and accept the terms of use and the privacy notice (version 2026-03)"
    ).check()
    journey.follow(signup.locator("[type='submit']"))
    user = User.objects.get(email="maria.p@example.org")
    acceptance = TermsAcceptance.objects.get(user=user)
    assert (acceptance.organization_id, acceptance.version) == (site.pk, "2026-03")


def test_it_sends_an_administrator_to_set_up_two_factor_authentication_first(
    journey: Any, site: Any, administrator: Any
) -> None:
    from allauth.mfa.totp.internal.auth import hotp_value

    site.require_staff_2fa = True
    site.save()
    page = journey.page

    journey.goto("account_login")
    login = form_with(page, "password")
    login.locator("[name='login']").fill(administrator.email)
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))

    # The back office is not open yet: the administrator is sent to set up a second step.
    journey.follow(page.locator(f"header a[href='{reverse('manage:dashboard')}']"))
    assert page.url.endswith(reverse("mfa_index"))
    assert page.get_by_text("Municipiul Demo asks its staff to use two-factor "
                            "authentication.").first.is_visible()

    # allauth confirms the password, then shows the QR code and the secret.
    journey.follow(page.locator(f"main a[href='{reverse('mfa_activate_totp')}']").first)
    if reverse("account_reauthenticate") in page.url:
        again = form_with(page, "password")
        again.locator("[name='password']").fill(PASSWORD)
        journey.follow(again.locator("[type='submit']"))
    assert page.url.endswith(reverse("mfa_activate_totp"))
    secret = page.locator("#authenticator_secret").input_value()
    code = f"{hotp_value(secret, int(time.time()) // 30):06d}"
    activate = form_with(page, "code")
    activate.locator("[name='code']").fill(code)
    journey.follow(activate.locator("[type='submit']"))

    # Now the back office opens.
    journey.goto("manage:dashboard")
    assert page.url.endswith(reverse("manage:dashboard"))
