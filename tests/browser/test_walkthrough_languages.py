"""The pages residents read most — home, a consultation, its contribution form, a synthesis
report — in Romanian, Polish and English, at 320 px and 1280 px, with axe-core on each.

Also what only a browser shows: the character counter of the contribution text, the table
regions reachable with the keyboard on a narrow screen, and the comment form's own errors.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from participa.components.consultations.models import Consultation
from participa.core.models import User

from .conftest import NARROW, WIDE

pytestmark = [pytest.mark.browser]

DEMO_PASSWORD = "participa-demo-2026"
LANGUAGES = ("ro", "pl", "en")
DATES = {"ro": r"\d{1,2} (ianuarie|februarie|martie|aprilie|mai|iunie|iulie|august|"
               r"septembrie|octombrie|noiembrie|decembrie) \d{4}",
         "pl": r"\d{2}\.\d{2}\.\d{4}",
         "en": r"\d{1,2} (Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec) \d{4}"}


@pytest.fixture
def demo_city(transactional_db: Any) -> None:
    call_command("seed_demo", stdout=io.StringIO())


def speak(journey: Any, language: str, user: User | None = None) -> None:
    journey.page.context.add_cookies([{"name": "django_language", "value": language,
                                       "url": journey.base_url}])
    if user is not None:
        User.objects.filter(pk=user.pk).update(preferred_language=language)


def log_in(journey: Any, email: str) -> None:
    journey.goto("account_login")
    form = journey.page.locator("main form:has([name='password'])")
    form.locator("[name='login']").fill(email)
    form.locator("[name='password']").fill(DEMO_PASSWORD)
    journey.follow(form.locator("[type='submit']"))


def test_it_reads_the_main_pages_in_every_language(journey: Any, demo_city: None) -> None:
    import re

    page = journey.page
    open_one = Consultation.objects.get(slug="regulament-parcare-zona-centrala")
    closed = Consultation.objects.get(slug="regulament-protectia-arborilor")
    assert closed.report_published_at is not None
    resident = User.objects.get(email="resident@demo.participa.example")
    for language in LANGUAGES:
        speak(journey, language)
        journey.goto("core:home")
        assert page.locator("html").get_attribute("lang") == language
        upcoming = page.locator("#upcoming").locator("xpath=..").inner_text()
        assert "Sala Mare a Primăriei" in upcoming
        journey.goto(open_one.get_absolute_url())
        facts = page.locator(".consultation-facts").inner_text()
        assert re.search(DATES[language], facts), (language, facts)
        journey.goto(open_one.get_absolute_url() + "?type=objection#contributions")
        journey.goto(closed.get_absolute_url() + "report/")
    log_in(journey, "resident@demo.participa.example")
    for language in LANGUAGES:
        speak(journey, language, resident)
        journey.goto(open_one.get_absolute_url() + "contribute/")
        assert page.locator("html").get_attribute("lang") == language


def test_it_counts_the_characters_left_while_typing(journey: Any, demo_city: None) -> None:
    page = journey.page
    open_one = Consultation.objects.get(slug="regulament-parcare-zona-centrala")
    log_in(journey, "resident@demo.participa.example")
    speak(journey, "en", User.objects.get(email="resident@demo.participa.example"))
    journey.goto(open_one.get_absolute_url() + "contribute/")
    counter = page.locator("#id_body_counter")
    assert counter.inner_text() == "Characters left: 20000 of 20000"
    page.locator("#id_body").fill("Mai multe locuri pentru biciclete.")
    assert counter.inner_text() == "Characters left: 19966 of 20000"


def test_it_lets_the_keyboard_scroll_wide_tables(journey: Any, demo_city: None) -> None:
    page = journey.page
    closed = Consultation.objects.get(slug="regulament-protectia-arborilor")
    page.set_viewport_size(NARROW)
    page.goto(journey.url(closed.get_absolute_url() + "report/"))
    journey.check()  # checks at 1280 px and leaves the page there
    page.set_viewport_size(NARROW)
    page.reload()
    page.wait_for_load_state("load")
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('.table-wrap'))
        .filter(el => el.scrollWidth > el.clientWidth + 1)
        .map(el => [el.getAttribute('tabindex'), el.getAttribute('role'),
                    el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')])""")
    assert wide, "no table is wider than 320 px on the report"
    for tabindex, role, name in wide:
        assert (tabindex, role) == ("0", "region") and name
    page.set_viewport_size(WIDE)
