"""A resident signs up, confirms the e-mail (and is signed in), logs in again, reads a process
in Polish and logs out."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from participa.core.models import User

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser]

EMAIL = "maria.popescu@example.org"
CONFIRM_LINK = re.compile(r"https?://[^\s/]+(?P<path>/accounts/confirm-email/[^\s]+)")


def confirmation_path() -> str:
    assert mail.outbox, "no e-mail was sent after signing up"
    message = mail.outbox[-1]
    assert message.to == [EMAIL]
    match = CONFIRM_LINK.search(str(message.body))
    assert match, f"no confirmation link in the e-mail:\n{message.body}"
    return match.group("path")


def form_with(page: Any, field_name: str) -> Any:
    """The form in the main content that holds the input named ``field_name``."""
    return page.locator(f"main form:has([name='{field_name}'])")


def test_it_takes_a_resident_from_signing_up_to_reading_a_process_in_polish(
    journey: Any, site: Any, published_process: Any
) -> None:
    page = journey.page

    # Sign up.
    journey.goto("core:home")
    journey.follow(page.locator(f"header a[href='{reverse('account_signup')}']"))
    signup = form_with(page, "password1")
    signup.get_by_label("Public name").fill("Maria P.")
    signup.locator("[name='email']").fill(EMAIL)
    signup.locator("[name='password1']").fill(PASSWORD)
    signup.locator("[name='password2']").fill(PASSWORD)
    signup.locator("[name='accept_terms']").check()
    journey.follow(signup.locator("[type='submit']"))
    assert User.objects.filter(email=EMAIL, organization=site).exists()

    # Confirm the e-mail address with the link from the message.
    journey.goto(confirmation_path())
    journey.follow(page.locator("main form[method='post'] [type='submit']").first)
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.filter(email=EMAIL, verified=True).exists()

    # Confirming signed the resident in (same browser as the sign-up).
    logout_form = page.locator(f"header form[action='{reverse('account_logout')}']")
    assert logout_form.count() == 1, "not signed in after confirming the e-mail address"
    assert "Maria P." in page.locator("header").inner_text()

    # Log out and in again with the password.
    journey.follow(logout_form.locator("[type='submit']"))
    journey.goto("account_login")
    login = form_with(page, "password")
    login.locator("[name='login']").fill(EMAIL)
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))
    assert logout_form.count() == 1, "the header offers no way to log out after logging in"
    assert "Maria P." in page.locator("header").inner_text()

    # Open the process from the process list.
    journey.follow(page.locator(f"header a[href='{reverse('spaces:process_list')}']"))
    journey.follow(page.get_by_role("link", name="Participatory budget 2027"))
    assert page.locator("h1").inner_text().strip() == "Participatory budget 2027"

    # Switch the interface to Polish with the header language form.
    page.locator("header select[name='language']").select_option("pl")
    journey.follow(page.locator("header form:has(select[name='language']) [type='submit']"))
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.locator("h1").inner_text().strip() == published_process.title["pl"]
    assert page.url.endswith(reverse("spaces:space_detail", args=[published_process.slug]))
    assert User.objects.get(email=EMAIL).preferred_language == "pl"

    # Log out: the header offers logging in again, still in Polish.
    journey.follow(logout_form.locator("[type='submit']"))
    assert page.locator(f"header a[href='{reverse('account_login')}']").count() == 1
    assert page.locator("html").get_attribute("lang") == "pl"
