"""The public pages at /tracking/: the list (filters, pages, empty state, a fixed number of
queries) and an item's page (status, progress, money, milestones, history, source)."""

from __future__ import annotations

import decimal
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from participa.core.models import Area, Scope
from participa.testing import assert_constant_queries
from participa.tracking.models import Expense, Milestone, TrackedItem, TrackingUpdate
from participa.tracking.tests.conftest import days, make_item
from participa.tracking.views import ITEMS_PER_PAGE

D = decimal.Decimal


def titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/tracking/\d+/">([^<]+)</a></h3>', html)


def test_it_says_when_nothing_is_tracked(client_for, org):
    html = client_for(None).get("/tracking/").content.decode()
    assert "<h1>Implementation tracking</h1>" in html
    assert "Nothing is tracked here yet." in html


def test_it_lists_published_items_only_to_the_public(client_for, item, published_item,
                                                     official):
    assert titles(client_for(None).get("/tracking/").content.decode()) == [
        "A playground in Parcul Rozelor"]
    # Those who run an item see it before publication.
    assert sorted(titles(client_for(official).get("/tracking/").content.decode())) == [
        "A playground in Parcul Rozelor", "Benches along the main alley"]


def test_a_card_shows_status_progress_and_money_in_words(client_for, published_item, org):
    Expense.objects.create(item=published_item, amount=D("1234.5"), spent_on=days(0))
    TrackedItem.objects.filter(pk=published_item.pk).update(spent=D("1234.50"))
    html = client_for(None).get("/tracking/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<strong class="badge">In progress</strong>' in html
    assert (f'<progress id="progress-{published_item.pk}" max="100" value="40">40%</progress>'
            in html)
    assert "40% done" in html
    assert "Spent: 1,234.50\u00a0lei of 250,000.00\u00a0lei planned" in html


def test_it_formats_money_as_the_language_writes_it(client_for, published_item, org):
    client = client_for(None)
    client.cookies["django_language"] = "ro"
    html = client.get(published_item.get_absolute_url()).content.decode()
    assert "250\u00a0000,00\u00a0lei" in html


@pytest.mark.parametrize(("query", "expected"), [
    ("status=completed", ["Done"]),
    ("status=in_progress", ["Doing"]),
    ("area={roads}", ["Doing"]),
    ("scope={city}", ["Doing", "Done"]),
    ("scope={north}", ["Done"]),
    ("source={area_type}", ["Done"]),
    ("", ["Doing", "Done", "Plain"]),
])
def test_it_filters_by_status_department_district_and_source(client_for, org, area, scope,
                                                             query, expected):
    roads = Area.objects.create(organization=org, code="roads", name={"en": "Roads"})
    city = scope.parent
    area_type = ContentType.objects.get_for_model(Area)
    make_item(org, title="Done", status="completed", progress=100, department=area,
              scope=scope, published=True, content_type=area_type, object_id=area.pk)
    make_item(org, title="Doing", status="in_progress", department=roads, scope=city,
              published=True)
    make_item(org, title="Plain", published=True)
    url = "/tracking/?" + query.format(roads=roads.pk, city=city.pk, north=scope.pk,
                                       area_type=area_type.pk)
    assert sorted(titles(client_for(None).get(url).content.decode())) == expected


def test_the_source_filter_offers_the_kinds_tracked(client_for, org, area):
    make_item(org, title="Done", published=True,
              content_type=ContentType.objects.get_for_model(Area), object_id=area.pk)
    html = client_for(None).get("/tracking/").content.decode()
    assert re.search(r'<option value="\d+">Areas</option>', html)


def test_it_paginates(client_for, org):
    for n in range(ITEMS_PER_PAGE + 1):
        make_item(org, title=f"Item {n:02d}", published=True)
    first = client_for(None).get("/tracking/").content.decode()
    assert len(titles(first)) == ITEMS_PER_PAGE
    assert "21 items found" in first
    assert "Page 1 of 2" in first
    assert len(titles(client_for(None).get("/tracking/?page=2").content.decode())) == 1


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_list_runs_a_fixed_number_of_queries(client_for, org, area, scope, resident,
                                                 signed_in):
    make_item(org, title="First", published=True, department=area, scope=scope)

    def grow():
        roads = Area.objects.create(organization=org, code="roads", name={"en": "Roads"})
        south = Scope.objects.create(organization=org, code="south", name={"en": "South"})
        for n in range(5):
            make_item(org, title=f"More {n}", published=True, department=roads, scope=south,
                      content_type=ContentType.objects.get_for_model(Area), object_id=n + 100)

    _first, second = assert_constant_queries(client_for(resident if signed_in else None),
                                             "/tracking/", grow)
    assert "More 4" in second.content.decode()


def test_the_item_page_shows_milestones_history_money_and_source(client_for, published_item,
                                                                 org, area):
    Milestone.objects.create(item=published_item, title="Design", position=0,
                             done_on=days(-2))
    Milestone.objects.create(item=published_item, title="Works", position=1, due_on=days(30))
    Expense.objects.create(item=published_item, amount=D("5000"), spent_on=days(-1),
                           description="Design study", document="Invoice 7/2026")
    TrackedItem.objects.filter(pk=published_item.pk).update(
        spent=D("5000"), content_type=ContentType.objects.get_for_model(Area),
        object_id=area.pk)
    TrackingUpdate.objects.create(item=published_item, text="The design is approved.",
                                  status_before="planned", status_after="in_progress",
                                  progress_before=10, progress_after=40,
                                  created_at=timezone.now())
    html = client_for(None).get(published_item.get_absolute_url()).content.decode()
    assert '<h1 id="item-title">A playground in Parcul Rozelor</h1>' in html
    assert "Status: In progress" in html
    assert "<strong>Done</strong> · Design" in html
    assert "<strong>Upcoming</strong> · Works · due by" in html
    assert "Invoice 7/2026" in html and "Design study" in html
    assert "2% of the planned cost" in html
    assert "Status: Planned → In progress" in html
    assert "Progress: 10% → 40%" in html
    assert "The design is approved." in html
    assert "Comes from: Area “Urbanism”" in html


def test_a_resident_may_follow_a_published_item(client_for, published_item, resident):
    html = client_for(resident).get(published_item.get_absolute_url()).content.decode()
    assert f'name="target" value="tracking.trackeditem:{published_item.pk}"' in html


def test_an_unpublished_item_is_missing_for_the_public(client_for, item, official, resident):
    assert client_for(None).get(item.get_absolute_url()).status_code == 404
    assert client_for(resident).get(item.get_absolute_url()).status_code == 404
    html = client_for(official).get(item.get_absolute_url()).content.decode()
    assert "This item is not published" in html


def test_another_organizations_item_is_missing(client_for, other_org):
    foreign = make_item(other_org, title="Elsewhere", published=True)
    assert client_for(None).get(foreign.get_absolute_url()).status_code == 404
    assert client_for(None).get("/tracking/nope/").status_code == 404


def test_every_page_links_to_the_tracked_items_in_its_footer(client_for, org):
    html = client_for(None).get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">'):]
    assert '<li><a href="/tracking/">Implementation tracking</a></li>' in footer
