"""Browser journeys: Playwright (sync API) on the system Chromium against pytest-django's
live server, with axe-core run on every page the journey visits.

- ``journey`` drives one ``page``; call ``journey.goto(...)`` / ``journey.follow(...)`` for every
  navigation: each lands on a page that is checked with axe-core (zero violations of WCAG 2.1 A/AA
  and axe best practices; at the page's current size, or at each of ``journey.axe_widths``),
  for horizontal scrolling at 320 px, and screenshotted at 320 px and
  1280 px into ``test-artifacts/`` when ``SCREENSHOTS=1``. A page the browser reached without
  being checked fails the test. Each page must also have exactly one h1.
- The live server answers at "localhost": ``site`` is the organization served there.
- Chromium is the system one (``chromium`` on the PATH or ``CHROMIUM_PATH``); ``playwright
  install`` is never needed. Without it the tests skip, or fail when ``REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from participa.core.models import Organization, Role, RoleKind, User

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright + ORM in one thread

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
WIDEST_ELEMENTS = """() => Array.from(document.querySelectorAll("body *"))
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.right > document.documentElement.clientWidth + 1)
  .filter(([el]) => !el.parentElement || el.parentElement.getBoundingClientRect().right
                    <= document.documentElement.clientWidth + 1)
  .slice(0, 8)
  .map(([el, box]) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
       + (el.className && typeof el.className === "string" ? "." + el.className.trim()
          .replace(/\\s+/g, ".") : "") + " (right edge " + Math.round(box.right) + " px)")"""
PASSWORD = "Tramvaiul-de-noapte-2026"


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        message = "needs Chromium: install `chromium` or set CHROMIUM_PATH"
        if env_flag("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but Chromium is missing ({message}).")
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def _plain_http_server() -> Iterator[None]:
    """The live server's middleware reads these once, when the server starts (session-wide)."""
    from django.test.utils import override_settings

    with override_settings(
        ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False,
        # People are created and log in many times: a fast hasher (never in production).
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture(scope="session")
def live_server(_plain_http_server: None, live_server: Any) -> Any:
    """pytest-django's live server, started with the plain-HTTP settings above."""
    return live_server


@pytest.fixture(scope="session")
def base_url() -> str | None:
    """No --base-url: journeys open absolute live-server addresses (see ``Journey.url``)."""
    return None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # An English browser: the site starts in English until the visitor picks a language.
    return {**browser_context_args, "viewport": WIDE, "locale": "en-GB"}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"\n* {violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation.get("nodes", [])[:10]:
            target = " ".join(str(part) for part in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            lines.append(f"    - {target}\n      {node.get('html', '')[:200]}\n      {summary}")
    return "\n".join(lines)


@dataclass
class Journey:
    """One visitor's path through the site; every page reached gets checked."""

    page: Any
    base_url: str
    name: str
    checked: set[str] = field(default_factory=set)
    reached: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    step: int = 0
    # The viewports axe-core runs at (the layout changes with the width: menus, tables);
    # empty: the page's current one.
    axe_widths: tuple[dict[str, int], ...] = ()

    def url(self, name_or_path: str, *args: Any) -> str:
        path = name_or_path if name_or_path.startswith("/") else reverse(name_or_path, args=args)
        return self.base_url + path

    def goto(self, name_or_path: str, *args: Any) -> None:
        """Open a URL name (with args) or a path, then check the page."""
        response = self.page.goto(self.url(name_or_path, *args))
        assert response is not None and response.ok, (
            f"{name_or_path} answered {response.status if response else 'nothing'}"
        )
        self.check()

    def follow(self, locator: Any) -> None:
        """Click a link or submit button that loads a new page, then check that page."""
        with self.page.expect_navigation() as navigation:
            locator.click()
        response = navigation.value
        assert response is None or response.ok, f"{self.page.url} answered {response.status}"
        self.check()

    def check(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        page = self.page
        page.wait_for_load_state("load")
        url = page.url
        self.step += 1
        slug = re.sub(r"[^a-z0-9]+", "-", url.split("://", 1)[-1].split("/", 1)[-1].lower())
        stem = f"{self.name}-{self.step:02d}-{slug.strip('-') or 'home'}"[:120]

        violations: list[dict[str, Any]] = []
        for width in self.axe_widths or (page.viewport_size,):
            page.set_viewport_size(width)
            results = Axe().run(page, options={
                "runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"],
            })
            violations += [{**violation, "help": f"{violation['help']} (at {width['width']} px)"}
                           for violation in results.response.get("violations", [])]
        headings = page.locator("h1").all_inner_texts()

        page.set_viewport_size(NARROW)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        too_wide = page.evaluate(WIDEST_ELEMENTS) if scroll_width > NARROW["width"] else []
        if env_flag("SCREENSHOTS"):
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{stem}-320.png"), full_page=True)
        page.set_viewport_size(WIDE)
        if env_flag("SCREENSHOTS"):
            page.screenshot(path=str(ARTIFACTS / f"{stem}-1280.png"), full_page=True)

        self.checked.add(url)
        # The Content-Security-Policy must not block anything the pages need (axe runs
        # through page.evaluate, which the policy does not cover).
        assert not self.csp_violations, f"{url}: Content-Security-Policy violations: " + (
            "; ".join(self.csp_violations))
        assert not violations, format_violations(url, violations)
        assert len(headings) == 1, f"{url} has {len(headings)} h1 headings: {headings}"
        assert scroll_width <= NARROW["width"], (
            f"{url} scrolls sideways at 320 px: the page is {scroll_width} px wide; "
            f"elements reaching past 320 px: {too_wide}"
        )

    def unchecked_pages(self) -> list[str]:
        return [url for url in self.reached if url not in self.checked]


@pytest.fixture
def journey(page: Any, live_server: Any, transactional_db: Any,
            request: pytest.FixtureRequest) -> Iterator[Journey]:
    name = re.sub(r"[^A-Za-z0-9_]+", "-", request.node.name.removeprefix("test_it_")).strip("-")
    if env_flag("SCREENSHOTS"):
        for old in ARTIFACTS.glob(f"{name}-*.png"):
            old.unlink()
    trip = Journey(page=page, base_url=live_server.url, name=name)
    page.set_default_timeout(15_000)

    def on_navigation(frame: Any) -> None:
        if frame == page.main_frame and frame.url.startswith("http"):
            trip.reached.append(frame.url)

    page.on("framenavigated", on_navigation)

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            trip.csp_violations.append(message.text)

    page.on("console", on_console)
    yield trip
    report = getattr(request.node, "report_call", None)
    if report is not None and report.passed:
        assert not trip.unchecked_pages(), (
            f"pages reached without an accessibility check: {trip.unchecked_pages()}"
        )


@pytest.fixture
def site(transactional_db: Any) -> Organization:
    """The organization the live server serves (its host is "localhost")."""
    return Organization.objects.create(
        name="Municipiul Demo", host="localhost", languages=["ro", "pl", "en"],
        default_language="en", time_zone="Europe/Bucharest",
    )


def make_person(org: Organization, name: str, email: str) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(
        username=User.new_username(), email=email, password=PASSWORD, organization=org,
        display_name=name,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def administrator(site: Organization) -> User:
    user = make_person(site, "Ana Admin", "ana.admin@example.org")
    Role.objects.create(organization=site, user=user, kind=RoleKind.ADMIN)
    return user


@pytest.fixture
def published_process(site: Organization) -> Any:
    import datetime

    from participa.spaces.models import Phase, Space, SpaceKind

    today = timezone.localdate()
    space = Space.objects.create(
        organization=site, kind=SpaceKind.PROCESS, slug="buget-participativ-2027",
        title={"en": "Participatory budget 2027", "ro": "Buget participativ 2027",
               "pl": "Budżet obywatelski 2027"},
        subtitle={"en": "Propose and vote projects for your district.",
                  "ro": "Propune și votează proiecte pentru cartierul tău.",
                  "pl": "Zgłaszaj i wybieraj projekty dla swojej dzielnicy."},
        published_at=timezone.now(),
    )
    Phase.objects.create(
        space=space, position=1, title={"en": "Proposals", "ro": "Propuneri", "pl": "Wnioski"},
        start_date=today - datetime.timedelta(days=5), end_date=today + datetime.timedelta(days=20),
    )
    Phase.objects.create(
        space=space, position=2, title={"en": "Vote", "ro": "Vot", "pl": "Głosowanie"},
        start_date=today + datetime.timedelta(days=21),
        end_date=today + datetime.timedelta(days=40),
    )
    return space
