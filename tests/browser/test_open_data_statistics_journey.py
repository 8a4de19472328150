"""A visitor finds the statistics and the open data from the footer; an administrator rebuilds
the open data and opens a component's exports. Every page visited is checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from participa.comments.models import Comment
from participa.opendata.models import OpenDataBuild

from .conftest import PASSWORD, make_person

pytestmark = [pytest.mark.browser]


@pytest.fixture
def commented_page(published_process: Any) -> Any:
    from participa.components.pages.models import Page
    from participa.spaces.models import Component

    component = Component.objects.create(
        space=published_process, type="pages", name={"en": "About"},
        published_at=timezone.now(),
    )
    page = Page.objects.create(component=component, slug="rules",
                               title={"en": "Rules of the budget"},
                               body={"en": "Every resident may propose a project."})
    author = make_person(published_process.organization, "Ioana R.", "ioana@example.org")
    for text in ("More trees", "Fewer cars"):
        Comment.objects.create(
            organization=published_process.organization, space=published_process,
            target_type=ContentType.objects.get_for_model(Page), target_id=page.pk,
            author=author, body=text,
        )
    return page


def test_it_finds_statistics_and_open_data_and_rebuilds_them(
    journey: Any, site: Any, administrator: Any, commented_page: Any, settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    page = journey.page
    space = commented_page.component.space

    journey.goto("/")
    journey.follow(page.locator("footer a", has_text="Statistics"))
    assert page.locator("main svg[role='img'] rect.bar").count() == 12
    assert "Comments per month" in page.locator("main table caption").first.inner_text()
    journey.follow(page.locator("main table a", has_text="Participatory budget 2027"))
    block = page.locator("section.space-statistics")
    assert "2" in block.locator("div.card", has_text="Comments").inner_text()

    journey.follow(page.locator("footer a", has_text="Open data"))
    assert "has not been built yet" in page.locator("main").inner_text()

    journey.goto("account_login")
    login = page.locator("main form:has([name='password'])")
    login.locator("[name='login']").fill(administrator.email)
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))

    journey.goto("opendata:index")
    journey.follow(page.get_by_role("button", name="Rebuild the open data now"))
    assert "being rebuilt" in page.locator("main").inner_text()
    assert OpenDataBuild.objects.get(organization=site).row_counts["comments"] == 2
    assert page.locator("main a[href='/open-data/latest.zip']").count() == 1

    journey.goto("manage:component_list", space.slug)
    exports_url = reverse("opendata:component_exports",
                          args=[space.slug, commented_page.component.pk])
    journey.follow(page.locator(f"main a[href='{exports_url}']"))
    assert page.locator("main a", has_text="XLSX").count() == 1
