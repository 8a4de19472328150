"""A consultation's status is computed once, in the database (``with_status()``): the status
filter of every list returns exactly the rows that show that status, at the boundary instants
of the organization's day (not the server's)."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from participa.components.consultations.models import Consultation, ConsultationState
from participa.components.consultations.tests.conftest import make_consultation

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")  # the server's default is Europe/Bucharest
DAY = datetime.date(2026, 3, 11)
# The last instant of 11 March in Warsaw (already 12 March in Bucharest), and the instant the
# day ends there (still 11 March in UTC).
LAST_MOMENT = datetime.datetime(2026, 3, 11, 23, 59, 59, 999999, tzinfo=WARSAW)
DAY_OVER = datetime.datetime(2026, 3, 12, 0, 0, tzinfo=WARSAW)
ORG_LIST = reverse("consultations_list")


def on(day: int, month: int = 3) -> datetime.date:
    return datetime.date(2026, month, day)


def make_fixture(component) -> None:
    """One consultation per status and per boundary: (slug, opens, closes, extra)."""
    rows: list[tuple[str, datetime.date, datetime.date, dict[str, Any]]] = [
        ("upcoming", on(13), on(30), {}),
        ("opens-tomorrow", on(12), on(30), {}),
        ("deadline-today", on(1), on(11), {}),
        ("open", on(1), on(30), {}),
        ("past", on(1, 2), on(20, 2), {}),
        ("final", on(1), on(30), {"state": ConsultationState.FINAL,
                                  "closed_at": datetime.datetime(2026, 3, 5, tzinfo=WARSAW)}),
        ("reported", on(1, 2), on(20, 2),
         {"report_published_at": datetime.datetime(2026, 3, 1, tzinfo=WARSAW)}),
    ]
    for slug, opens, closes, extra in rows:
        consultation = make_consultation(component, slug=slug, title=f"Title {slug}", **extra)
        Consultation.objects.filter(pk=consultation.pk).update(
            announced_on=on(20, 1), opens_on=opens, closes_on=closes)
    make_consultation(component, slug="draft", title="Title draft",
                      state=ConsultationState.DRAFT)


EXPECTED = {
    LAST_MOMENT: {
        "upcoming": {"upcoming", "opens-tomorrow"},
        "open": {"deadline-today", "open"},
        "closed": {"past", "final"},
        "report": {"reported"},
    },
    DAY_OVER: {
        "upcoming": {"upcoming"},
        "open": {"opens-tomorrow", "open"},
        "closed": {"deadline-today", "past", "final"},
        "report": {"reported"},
    },
}


@pytest.fixture
def frozen(monkeypatch, org):
    org.time_zone = "Europe/Warsaw"
    org.save()

    def freeze(instant: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: instant)

    return freeze


def shown(response) -> dict[str, str]:
    """{slug: status} of the rows of a public list, as its cards show them."""
    return {item["consultation"].slug: item["status"] for item in response.context["items"]}


def badges(response) -> list[str]:
    return re.findall(r'<span class="badge badge-([a-z]+)">', response.content.decode())


@pytest.mark.parametrize("instant", [LAST_MOMENT, DAY_OVER], ids=["last-moment", "day-over"])
@pytest.mark.parametrize("list_url", ["org", "component"])
def test_it_filters_each_status_to_exactly_the_rows_showing_it(client_for, component, frozen,
                                                               instant, list_url):
    frozen(instant)
    make_fixture(component)
    url = ORG_LIST if list_url == "org" else component.get_absolute_url()
    client = client_for(None)
    expected = EXPECTED[instant]
    everything = shown(client.get(url))
    assert everything == {slug: status for status, slugs in expected.items() for slug in slugs}
    for status, slugs in expected.items():
        response = client.get(url, {"status": status})
        assert shown(response) == dict.fromkeys(slugs, status)
        assert badges(response) == [status] * len(slugs)


@pytest.mark.parametrize("instant", [LAST_MOMENT, DAY_OVER], ids=["last-moment", "day-over"])
def test_the_back_office_list_agrees_with_its_filter_drafts_included(client_for, component,
                                                                     manager, frozen, instant):
    frozen(instant)
    make_fixture(component)
    url = reverse("manage:consultations:manage_index",
                  args=[component.space.slug, component.pk])
    client = client_for(manager)
    expected = {**EXPECTED[instant], "draft": {"draft"}}
    for status, slugs in expected.items():
        response = client.get(url, {"status": status})
        rows = response.context["consultations"]
        assert {row.slug for row in rows} == slugs
        assert {row.status() for row in rows} == {status}


@pytest.mark.parametrize("instant", [LAST_MOMENT, DAY_OVER], ids=["last-moment", "day-over"])
def test_the_model_reads_the_same_rule_with_or_without_the_annotation(component, frozen,
                                                                      instant):
    frozen(instant)
    make_fixture(component)
    today = instant.astimezone(WARSAW).date()
    expected = {slug: status for status, slugs in EXPECTED[instant].items() for slug in slugs}
    expected["draft"] = "draft"
    annotated = {c.slug: c.status() for c in Consultation.objects.with_status(today)}
    plain = {c.slug: c.status(today) for c in Consultation.objects.all()}
    assert annotated == plain == expected


def test_a_date_other_than_the_annotated_one_asks_the_database(component,
                                                               django_assert_num_queries):
    make_consultation(component, slug="soon", opens=3, closes=30)
    consultation = Consultation.objects.with_status().get(slug="soon")
    with django_assert_num_queries(0):
        assert consultation.status() == "upcoming"
    with django_assert_num_queries(1):
        assert consultation.status(timezone.localdate() + datetime.timedelta(days=3)) == "open"


def test_an_unsaved_consultation_has_no_status(component):
    with pytest.raises(ValueError, match="unsaved consultation"):
        Consultation(component=component, state=ConsultationState.DRAFT).status()
