"""An official imports e-mails from a mailbox export in the browser, axe-core on every page:
upload, preview, untick spam, confirm; the registration runs in the background, shows its
progress, is interrupted half-way and resumed with one button."""

from __future__ import annotations

from typing import Any

import pytest

from participa.components.consultations.models import Contribution
from participa.intake.models import IntakeBatch
from participa.lib.mailbox.tests.test_mailbox import (
    NO_DATE,
    ROMANIAN,
    polish_latin2,
)
from participa.spaces.models import SpaceMembership

from .conftest import make_person
from .test_consultation_journeys import build, form_with, log_in

pytestmark = [pytest.mark.browser]

SPAM = (b"From: offers@spam.example\r\nSubject: Cheap parking permits\r\n"
        b"Message-ID: <spam-1@spam.example>\r\nDate: Tue, 3 Mar 2026 11:00:00 +0200\r\n"
        b"Content-Type: text/plain; charset=us-ascii\r\n\r\nBuy now.\r\n")


def test_it_imports_e_mails_in_the_background_and_resumes_an_interrupted_batch(
        journey: Any, site: Any, settings: Any, tmp_path: Any, monkeypatch: Any) -> None:
    from participa.components.consultations.services import contributions as services

    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    page = journey.page
    space, component, consultation = build(site, opens=-20, closes=5)
    official = make_person(site, "Cristina Dobre", "cristina@example.org")
    SpaceMembership.objects.create(space=space, user=official,
                                   role=SpaceMembership.Role.MANAGER)
    args = [space.slug, component.pk, consultation.pk]
    log_in(journey, official.email)

    journey.goto("manage:consultations:manage_mailbox_import", *args)
    form = form_with(page, "files")
    form.locator("[name='files']").set_input_files([
        {"name": name, "mimeType": "message/rfc822", "buffer": data}
        for name, data in [("ro.eml", ROMANIAN), ("pl.eml", polish_latin2()),
                           ("nodate.eml", NO_DATE), ("spam.eml", SPAM)]])
    journey.follow(form.locator("[type='submit']"))
    main = page.inner_text("main")
    assert "Ștefan Bălănescu" in main and "Łukasz Żółkiewski" in main
    assert "Cheap parking permits" in main

    # Spam unticked; the worker dies on the second message registered.
    page.locator("input[name='include'][value='spam-1@spam.example']").uncheck()
    register = services.contribution_register_offline
    calls: list[str] = []

    def dies_on_the_second(**kwargs: Any) -> Any:
        calls.append(kwargs["source_id"])
        if len(calls) == 2:
            raise RuntimeError("worker stopped")
        return register(**kwargs)

    monkeypatch.setattr(services, "contribution_register_offline", dies_on_the_second)
    form = page.locator("#confirm-form")
    form.locator("[name='publication'][value='anonymous']").check()
    journey.follow(form.locator("[type='submit']"))
    assert ("The registration was interrupted: 1 of 3 messages registered."
            in page.inner_text("main"))
    assert Contribution.objects.count() == 1

    monkeypatch.setattr(services, "contribution_register_offline", register)
    journey.follow(page.get_by_role("button", name="Resume the registration"))
    main = page.inner_text("main")
    assert "3 messages registered as contributions." in main
    assert "1 message was left out, as you chose, and was not registered." in main
    assert sorted(Contribution.objects.values_list("author_email", flat=True)) == [
        "lukasz@example.pl", "plain@example.org", "stefan.balanescu@example.ro"]
    assert not IntakeBatch.objects.exists()


def test_it_shows_the_progress_of_a_queued_registration(
        journey: Any, site: Any, settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    page = journey.page
    space, component, consultation = build(site, opens=-20, closes=5)
    official = make_person(site, "Cristina Dobre", "cristina@example.org")
    SpaceMembership.objects.create(space=space, user=official,
                                   role=SpaceMembership.Role.MANAGER)
    args = [space.slug, component.pk, consultation.pk]
    log_in(journey, official.email)
    journey.goto("manage:consultations:manage_mailbox_import", *args)
    form = form_with(page, "files")
    form.locator("[name='files']").set_input_files([
        {"name": "ro.eml", "mimeType": "message/rfc822", "buffer": ROMANIAN},
        {"name": "pl.eml", "mimeType": "message/rfc822", "buffer": polish_latin2()}])
    journey.follow(form.locator("[type='submit']"))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    form = page.locator("#confirm-form")
    form.locator("[name='publication'][value='anonymous']").check()
    journey.follow(form.locator("[type='submit']"))
    assert ("Registering the messages: 0 of 2 messages registered… This page refreshes by "
            "itself." in page.inner_text("main"))
    # The page reloads by itself (no timed <meta> refresh, which axe-core refuses) ...
    with page.expect_navigation(timeout=10_000):
        pass
    journey.check()
    # ... until the official stops it.
    journey.page.get_by_role("button", name="Stop refreshing").click()
    assert page.get_by_text("The page no longer refreshes by itself.").is_visible()
    page.evaluate("window.stillHere = true")
    page.wait_for_timeout(4_500)
    assert page.evaluate("window.stillHere === true")
    assert not Contribution.objects.exists()
