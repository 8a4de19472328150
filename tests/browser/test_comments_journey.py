"""A resident comments on a page and replies; a neighbour reports the comment; a moderator
hides it from the moderation queue. Every page visited is checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from participa.comments.models import Comment
from participa.core.models import Role, RoleKind
from participa.moderation.models import Moderation, Report

from .conftest import PASSWORD, make_person

pytestmark = [pytest.mark.browser]


def form_with(page: Any, field_name: str) -> Any:
    """The form in the main content that holds the input named ``field_name``."""
    return page.locator(f"main form:has([name='{field_name}'])")


def log_in(journey: Any, email: str) -> None:
    page = journey.page
    journey.goto("account_login")
    login = form_with(page, "password")
    login.locator("[name='login']").fill(email)
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))


def log_out(journey: Any) -> None:
    page = journey.page
    journey.follow(page.locator(f"header form[action='{reverse('account_logout')}'] "
                                "[type='submit']"))


@pytest.fixture
def commented_page(published_process: Any) -> Any:
    from participa.components.pages.models import Page
    from participa.spaces.models import Component

    phase = published_process.active_phase()
    component = Component.objects.create(
        space=published_process, type="pages", name={"en": "About"},
        published_at=timezone.now(),
        phase_settings={str(phase.pk): {"comments_enabled": True}},
    )
    Page.objects.create(component=component, slug="rules", title={"en": "Rules of the budget"},
                        body={"en": "Every resident may propose a project."})
    return Page.objects.get(component=component)


def test_it_takes_a_comment_from_writing_to_being_hidden_by_a_moderator(
    journey: Any, site: Any, commented_page: Any
) -> None:
    page = journey.page
    resident = make_person(site, "Ioana R.", "ioana@example.org")
    make_person(site, "Piotr N.", "piotr@example.org")
    moderator = make_person(site, "Mona Moderator", "mona@example.org")
    Role.objects.create(organization=site, user=moderator, kind=RoleKind.MODERATOR)
    url = commented_page.get_absolute_url()

    # The resident comments on the page.
    log_in(journey, resident.email)
    journey.goto(url)
    comment_form = form_with(page, "body")
    comment_form.get_by_label("Your comment").fill("The deadline is too **short**.")
    comment_form.get_by_label("Your position (optional)").select_option("against")
    journey.follow(comment_form.locator("[type='submit']"))
    comment = Comment.objects.get(author=resident)
    assert page.url.endswith(f"#comment-{comment.pk}")
    assert "Your comment is published." in page.locator("main").inner_text()
    assert page.locator(f"#comment-{comment.pk} strong", has_text="short").count() == 1

    # ... and replies to their own comment, which adds to the same thread.
    journey.follow(page.locator(f"#comment-{comment.pk} a[href='"
                                f"{reverse('comments:reply', args=[comment.pk])}']"))
    form_with(page, "body").get_by_label("Your comment").fill("Two more weeks would help.")
    journey.follow(form_with(page, "body").locator("[type='submit']"))
    reply = Comment.objects.get(parent=comment)
    assert page.locator(f"#comment-{comment.pk} #comment-{reply.pk}").count() == 1
    log_out(journey)

    # A neighbour reports the comment.
    log_in(journey, "piotr@example.org")
    journey.goto(url)
    journey.follow(page.locator(f"a[href='{reverse('comments:report', args=[comment.pk])}']"))
    report_form = form_with(page, "reason")
    report_form.get_by_label("Offensive, insulting or hateful").check()
    report_form.get_by_label("Details (optional)").fill("Aggressive tone.")
    journey.follow(report_form.locator("[type='submit']"))
    assert Report.objects.filter(reason="offensive").count() == 1
    assert "moderators will review" in page.locator("main").inner_text()
    log_out(journey)

    # The moderator hides it from the queue with a reason shown publicly.
    log_in(journey, moderator.email)
    journey.follow(page.locator(f"header a[href='{reverse('manage:dashboard')}']"))
    journey.follow(page.locator(f"nav a[href='{reverse('moderation:queue')}']"))
    moderation = Moderation.objects.get()
    journey.follow(page.locator(f"main a[href='"
                                f"{reverse('moderation:detail', args=[moderation.pk])}']"))
    # From there, the comment's personal data can be reviewed side by side.
    journey.follow(page.get_by_role("link", name="Review the personal data in this comment"))
    assert "Publish the redacted text" in page.locator("main").inner_text()
    journey.goto("moderation:detail", moderation.pk)
    hide_form = form_with(page, "reason")
    hide_form.get_by_label("Reason shown in place of the content").fill("personal attack")
    journey.follow(hide_form.locator("[type='submit']"))
    moderation.refresh_from_db()
    assert moderation.is_hidden and moderation.hidden_by == moderator

    journey.goto(url)
    text = page.locator(f"#comment-{comment.pk}").inner_text()
    assert "Hidden by the moderators: personal attack" in text
    assert "too short" not in text and "Two more weeks would help." in text
