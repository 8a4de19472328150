"""Garbage posted to every form of the participatory budget and of tracked items (probe): never
a 500; a clear message in the person's language (Romanian and Polish too) next to what they
typed, which is shown again; tampered hidden ids of other rows refused; formula text defused
in the spreadsheets."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from participa.components.budgets.models import (
    Ballot,
    BudgetCategory,
    ChecklistItem,
    Edition,
    Pool,
    Project,
)
from participa.components.budgets.models_fraud import VoteAsMeReport, VoterQuarantine
from participa.components.budgets.models_paper import PaperBallot
from participa.components.budgets.models_report import EditionReport
from participa.components.budgets.models_results import PoolResult
from participa.components.budgets.models_review import Appeal
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.tests.conftest import (
    make_component,
    make_project,
    move_to,
)
from participa.components.budgets.tests.fraud_support import add_voters
from participa.components.budgets.tests.paper_support import clerks, polling_point
from participa.components.budgets.tests.test_appeals import exclude
from participa.components.budgets.tests.voting_support import (
    admitted,
    pool_for,
    resident_of,
    voting_edition,
)
from participa.components.budgets.urls import manage_urlpatterns, urlpatterns
from participa.core.models import Organization, User
from participa.spaces.models import Component
from participa.tracking.manage_urls import urlpatterns as tracking_manage_urlpatterns
from participa.tracking.models import Expense, Milestone, TrackedItem

pytestmark = pytest.mark.django_db

HUGE = "x" * 100_000
NUL = "Benches\x00in the park"
GARBAGE = ["", HUGE, NUL, "-1", "-99999999999999999999", "99999999999999999999", "1e400",
           "NaN", "inf", "abc", "0001-01-01", "9999-12-31", "2027-02-30", "[]", "{}",
           "javascript:alert(1)", "=HYPERLINK(\"http://evil.test\",\"x\")"]
KEYS = [
    "action", "address", "allow_ballot_change", "amount", "appeal_days",
    "appeal_decision_days", "area", "area_geojson", "ballot_ids", "birth_year", "category",
    "cluster", "correction_days", "corrected_cost", "corrected_cost_reason", "deadline",
    "decision", "department", "description", "document", "due_on", "email", "end_on",
    "fingerprint", "group", "identifier", "language", "latitude", "longitude", "max_projects",
    "max_project_cost", "message", "method", "min_age", "min_project_cost", "minors_with_consent",
    "name", "name_en", "name_ro", "note", "officials", "other", "outcome", "parent_name",
    "planned_cost", "points_total", "pool", "progress", "project", "public_key",
    "quota_percent", "reason", "reasons", "receipt", "residence", "rule", "scope", "scopes",
    "serial", "spent_on", "start_on", "state", "statement", "status", "support_threshold",
    "supports_enabled", "text_en", "threshold", "tie_breaking", "title", "user",
    "verification_methods", "voter", "voting_opens_at", "voting_closes_at", "submission_opens_at",
    "submission_closes_at", "review_ends_on", "results_on", "cost-TOTAL_FORMS",
    "cost-INITIAL_FORMS", "cost-0-description", "cost-0-amount", "legality", "feasibility",
    "formal_compliance", "justification", "position", "cost_reason", "item_1", "item_1_note",
    "legality_note", "name__ro", "name__en", "text__ro", "sort", "body", "target",
]


def _kwargs_of(pattern: URLPattern) -> list[str]:
    return list(pattern.pattern.converters)


def _urls(namespace: str, patterns: list[URLPattern], base: dict[str, Any],
          ids: dict[str, Any]) -> list[str]:
    urls = []
    for pattern in patterns:
        if not pattern.name:
            continue
        values = {**ids, "report_id": ids["vote_as_me_id"]} if (
            pattern.name == "manage_vote_as_me") else ids
        urls.append(reverse(f"{namespace}:{pattern.name}", kwargs={
            **base, **{key: values[key] for key in _kwargs_of(pattern)}}))
    return urls


@pytest.fixture
def world(org: Organization, component: Component, resident: User, area: Any
          ) -> dict[str, Any]:
    """An edition in its voting phase with a row of every kind a URL names."""
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "approval")
    projects = admitted(component, pool, ["10000", "20000"])
    mine = make_project(component, author=resident, pool=pool, number=9)
    a, b, _c = clerks(org)
    point = polling_point(edition, [a, b])
    ballot = PaperBallot.objects.create(edition=edition, polling_point=point, serial="A-1",
                                        pool=pool)
    vote_as_me = VoteAsMeReport.objects.create(edition=edition, reporter=resident,
                                               voter_key="k" * 64, statement="Not me")
    report = EditionReport.objects.create(edition=edition, language="en")
    item = TrackedItem.objects.create(organization=org, component=component, title="Works",
                                      department=area)
    milestone = Milestone.objects.create(item=item, title="Dig", position=0)
    expense = Expense.objects.create(item=item, amount=Decimal("10"),
                                     spent_on=timezone.localdate())
    return {
        "edition": edition, "pool": pool, "projects": projects, "mine": mine, "item": item,
        "ids": {"number": mine.number, "pool_id": pool.pk, "point_id": point.pk,
                "ballot_id": ballot.pk, "vote_as_me_id": vote_as_me.pk,
                "report_id": report.pk, "fmt": "html",
                "category_id": BudgetCategory.objects.create(edition=edition,
                                                             name={"en": "Parks"}).pk,
                "item_id": ChecklistItem.objects.create(edition=edition,
                                                        text={"en": "Legal"}).pk,
                "pk": item.pk, "milestone_id": milestone.pk, "expense_id": expense.pk},
    }


@pytest.mark.parametrize("value", GARBAGE)
def test_it_never_fails_on_garbage_posted_anywhere(
        client_for: Any, component: Component, world: dict[str, Any], admin: User,
        resident: User, value: str) -> None:
    base = {"space_slug": component.space.slug, "component_id": component.pk}
    staff = _urls("manage:budgets", manage_urlpatterns, base, world["ids"])
    staff += _urls("manage:tracking", tracking_manage_urlpatterns, {}, world["ids"])
    public = _urls("spaces:budgets", urlpatterns, base, world["ids"])
    data = dict.fromkeys(KEYS, value)
    for user, urls in ((admin, staff + public), (resident, public)):
        client = client_for(user)
        for url in urls:
            assert client.get(url, {"page": value, "state": value}).status_code < 500, url
            response = client.post(url, data)
            assert response.status_code < 500, (url, value[:40])


# --- each form: the message, in the person's language, with what was typed shown again ---------


def _page(response: Any) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def _in(client: Any, language: str) -> Any:
    client.cookies["django_language"] = language
    return client


def submission(chosen: Pool, **values: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Benches in the park", "description": "Ten benches along the alley.",
        "pool": str(chosen.pk), "address": "Parcul Rozelor", "latitude": "", "longitude": "",
        "area_geojson": "", "action": "submit", "cost-TOTAL_FORMS": "2",
        "cost-INITIAL_FORMS": "0", "cost-MIN_NUM_FORMS": "0", "cost-MAX_NUM_FORMS": "30",
        "cost-0-description": "Benches", "cost-0-amount": "4000.50",
        "cost-1-description": "", "cost-1-amount": ""}
    data.update(values)
    return data


DEEP = "[" * 30_000
HUGE_POINT = ('{"type": "Polygon", "coordinates": [[[1' + "0" * 400
              + ', 45], [21, 45], [21, 46], [1' + "0" * 400 + ', 45]]]}')
OFF_MAP = "A point of the area is off the map: the longitude goes from -180 to 180, the " \
          "latitude from -90 to 90."


@pytest.mark.parametrize(("field", "value", "sentence"), [
    ("title", "", "Give your project a title."),
    ("title", HUGE, "Ensure this value has at most 200 characters (it has 100000)."),
    ("title", NUL, "Null characters are not allowed."),
    ("description", HUGE, "Ensure this value has at most 10000 characters (it has 100000)."),
    ("cost-0-amount", "-5", "The amount cannot be negative."),
    ("cost-0-amount", "99999999999999999999", "This amount is too large."),
    ("cost-0-amount", "1e400", "This amount is too large."),
    ("cost-0-amount", "abc", "Write the amount as a number, e.g. 12500.50."),
    ("cost-0-amount", "NaN", "Write the amount as a number, e.g. 12500.50."),
    ("latitude", "inf", "Write the coordinate as a number with a dot, e.g. 45.753721."),
    ("area_geojson", "not json", "The area is not valid GeoJSON."),
    ("area_geojson", DEEP, "The area is not valid GeoJSON."),
    ("area_geojson", HUGE_POINT, OFF_MAP),
    ("area_geojson", '{"type": "Point", "coordinates": [21, 45]}',
     "The area must be a GeoJSON polygon."),
    ("pool", "99999999999999999999",
     "Select a valid choice. That choice is not one of the available choices."),
])
def test_the_submission_says_what_is_wrong_and_keeps_what_was_typed(
        client_for: Any, component: Component, edition: Edition, pool: Pool,
        resident: User, field: str, value: str, sentence: str) -> None:
    response = client_for(resident).post(
        reverse("spaces:budgets:submit", args=[component.space.slug, component.pk]),
        submission(pool, **{field: value}))
    page = _page(response)
    assert response.status_code == 400
    assert sentence in page
    assert ('value="Parcul Rozelor"' in page and 'value="4000.50"' in page) or field == (
        "cost-0-amount")
    if field != "pool" and "\x00" not in value and len(value) < 1000:
        assert html.unescape(html.escape(value)) in page
    assert not Project.objects.exists()


@pytest.mark.parametrize("values", [
    {"cost-TOTAL_FORMS": "abc"}, {"cost-TOTAL_FORMS": "99999999"},
    {"cost-INITIAL_FORMS": "-1"}, {"cost-TOTAL_FORMS": ""},
])
def test_a_tampered_count_of_cost_lines_loses_no_line(
        client_for: Any, component: Component, edition: Edition, pool: Pool,
        resident: User, values: dict[str, str]) -> None:
    response = client_for(resident).post(
        reverse("spaces:budgets:submit", args=[component.space.slug, component.pk]),
        submission(pool, **values))
    assert response.status_code == 302
    project = Project.objects.get()
    assert [(item.description, item.amount) for item in project.cost_items.all()] == [
        ("Benches", Decimal("4000.50"))]


def test_more_than_thirty_cost_lines_are_refused_with_a_sentence(
        client_for: Any, component: Component, edition: Edition, pool: Pool,
        resident: User) -> None:
    lines = {key: value for index in range(31) for key, value in (
        (f"cost-{index}-description", f"Line {index}"), (f"cost-{index}-amount", "10"))}
    response = client_for(resident).post(
        reverse("spaces:budgets:submit", args=[component.space.slug, component.pk]),
        submission(pool, **{**lines, "cost-TOTAL_FORMS": "31"}))
    page = _page(response)
    assert response.status_code == 400
    assert "A project has at most 30 cost lines." in page
    assert 'value="Line 0"' in page
    assert not Project.objects.exists()


@pytest.mark.parametrize(("language", "sentence"), [
    ("ro", "Zona nu este GeoJSON valid."),
    ("pl", "Obszar nie jest poprawnym GeoJSON."),
])
def test_the_submission_answers_in_the_persons_language(
        client_for: Any, org: Organization, component: Component, edition: Edition,
        pool: Pool, resident: User, language: str, sentence: str) -> None:
    client = _in(client_for(resident), language)
    response = client.post(
        reverse("spaces:budgets:submit", args=[component.space.slug, component.pk]),
        submission(pool, area_geojson=DEEP[:5000]))
    assert response.status_code == 400
    assert sentence in _page(response)


EDITION = {
    "submission_opens_at": "2027-01-01T10:00", "submission_closes_at": "2027-02-01T10:00",
    "review_ends_on": "2027-04-01", "voting_opens_at": "2027-05-01T10:00",
    "voting_closes_at": "2027-05-10T10:00", "results_on": "2027-06-01", "appeal_days": "7",
    "appeal_decision_days": "14", "correction_days": "7", "residence": "city",
    "tie_breaking": "votes, cost",
}


@pytest.mark.parametrize(("field", "value", "sentence"), [
    ("submission_opens_at", "0001-01-01T00:00",
     "Choose a date between the years 1900 and 2999."),
    ("voting_closes_at", "9999-12-31T23:59", "Choose a date between the years 1900 and 2999."),
    ("review_ends_on", "0001-01-01", "Choose a date between the years 1900 and 2999."),
    ("results_on", "2027-02-30", "Write the date as 2026-03-01."),
    ("appeal_days", "99999999999999999999",
     "Ensure this value is less than or equal to 32767."),
    ("correction_days", "-1", "Ensure this value is greater than or equal to 1."),
    ("tie_breaking", HUGE, "Ensure this value has at most 200 characters (it has 100000)."),
])
def test_the_edition_refuses_impossible_dates_and_numbers(
        client_for: Any, component: Component, edition: Edition, admin: User, field: str,
        value: str, sentence: str) -> None:
    url = reverse("manage:budgets:manage_index", args=[component.space.slug, component.pk])
    response = client_for(admin).post(url, {**EDITION, field: value})
    page = _page(response)
    assert response.status_code == 400
    assert sentence in page
    assert 'value="votes, cost"' in page or field == "tie_breaking"
    before = edition.submission_opens_at
    edition.refresh_from_db()
    assert (edition.appeal_days, edition.submission_opens_at) == (7, before)


def test_the_edition_says_so_in_romanian(client_for: Any, component: Component,
                                         edition: Edition, admin: User) -> None:
    url = reverse("manage:budgets:manage_index", args=[component.space.slug, component.pk])
    response = _in(client_for(admin), "ro").post(
        url, {**EDITION, "submission_opens_at": "0001-01-01T00:00"})
    assert response.status_code == 400
    assert "Alegeți o dată între anii 1900 și 2999." in _page(response)


POOL = {"name__ro": "Centru", "amount": "100000", "min_project_cost": "1000",
        "max_project_cost": "50000", "method": "approval", "max_projects": "3",
        "rule": "greedy", "support_threshold": "0"}


@pytest.mark.parametrize(("field", "value", "sentence"), [
    ("amount", "-100", "The amount cannot be negative."),
    ("amount", "99999999999999999999", "This amount is too large."),
    ("amount", "=HYPERLINK(\"http://evil.test\")", "Write the amount as a number"),
    ("max_projects", "99999999999999999999", "Ensure this value is less than or equal to 32767."),
    ("support_threshold", "99999999999",
     "Ensure this value is less than or equal to 2147483647."),
    ("name__ro", NUL, "Null characters are not allowed."),
    ("scope", "99999999999999999999",
     "Select a valid choice. That choice is not one of the available choices."),
])
def test_a_pool_refuses_garbage_money_and_counts(
        client_for: Any, component: Component, edition: Edition, pool: Pool, admin: User,
        field: str, value: str, sentence: str) -> None:
    url = reverse("manage:budgets:manage_pools", args=[component.space.slug, component.pk])
    response = client_for(admin).post(url, {**POOL, field: value})
    page = _page(response)
    assert response.status_code == 400
    assert sentence in page
    assert 'value="Centru"' in page or field == "name__ro"
    assert list(Pool.objects.values_list("pk", flat=True)) == [pool.pk]


@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "²", "abc"])
def test_district_pools_refuse_ids_of_no_district(
        client_for: Any, component: Component, edition: Edition, district: Any,
        admin: User, value: str) -> None:
    url = reverse("manage:budgets:manage_pools_split", args=[component.space.slug,
                                                             component.pk])
    response = _in(client_for(admin), "ro").post(url, {
        **POOL, "total": "300000", "scopes": [str(district.pk), value]})
    assert response.status_code == 400
    assert (f"Selectați o opțiune validă. {value} nu face parte din opțiunile disponibile."
            in _page(response))
    assert not Pool.objects.exists()


@pytest.mark.parametrize(("value", "sentence", "romanian"), [
    ("99999999999999999999", "This amount is too large.", "Suma este prea mare."),
    ("-5", "The amount cannot be negative.", None),
    ("=HYPERLINK(\"http://evil.test\")", "Write the amount as a number, e.g. 12500.50.", None),
])
def test_the_review_refuses_a_garbage_corrected_cost(
        client_for: Any, component: Component, edition: Edition, project: Project,
        official: User, area: Any, value: str, sentence: str, romanian: str | None) -> None:
    move_to(edition, EditionPhase.REVIEW)
    url = reverse("manage:budgets:review_assess", args=[component.space.slug, component.pk,
                                                       project.number])
    data = {"department": str(area.pk), "legality": "yes", "feasibility": "yes",
            "formal_compliance": "yes", "outcome": "admitted",
            "justification": "Within the city's competence.", "corrected_cost": value,
            "cost_reason": "The benches cost more."}
    for language, expected in (("en", sentence), ("ro", romanian)):
        response = _in(client_for(official), language).post(url, data)
        page = _page(response)
        assert response.status_code == 400
        assert expected is None or expected in page
        assert "Within the city's competence." in page and "The benches cost more." in page
    project.refresh_from_db()
    assert project.corrected_cost is None


@pytest.mark.parametrize(("value", "sentence"), [
    ("", "Say why the project should be admitted to the vote."),
    (HUGE, "Ensure this value has at most 10000 characters (it has 100000)."),
    (NUL, "Null characters are not allowed."),
])
def test_the_appeal_says_what_is_wrong(client_for: Any, component: Component,
                                       edition: Edition, project: Project, resident: User,
                                       official: User, area: Any, value: str,
                                       sentence: str) -> None:
    move_to(edition, EditionPhase.APPEALS)
    exclude(project, official, area)
    url = reverse("spaces:budgets:appeal", args=[component.space.slug, component.pk,
                                                 project.number])
    response = client_for(resident).post(url, {"reason": value})
    assert response.status_code == 400
    assert sentence in _page(response)
    romanian = _page(_in(client_for(resident), "ro").post(url, {"reason": ""}))
    assert "Spuneți de ce ar trebui admis proiectul la vot." in romanian
    assert not Appeal.objects.exists()


@pytest.fixture
def ballot_world(component: Component) -> dict[str, Any]:
    edition, _private = voting_edition(component)
    pool = pool_for(edition, "approval")
    other = pool_for(edition, "approval", name="North")
    return {"edition": edition, "pool": pool, "projects": admitted(component, pool,
                                                                   ["10000", "20000"]),
            "elsewhere": admitted(component, other, ["5000"])}


@pytest.mark.parametrize("tampered", ["other pool", "twice", "huge", "text"])
def test_a_ballot_with_a_project_not_on_it_is_refused_and_kept(
        client_for: Any, org: Organization, component: Component,
        ballot_world: dict[str, Any], tampered: str) -> None:
    pool, (first, _second) = ballot_world["pool"], ballot_world["projects"]
    wrong = {"other pool": str(ballot_world["elsewhere"][0].pk), "twice": str(first.pk),
             "huge": "99999999999999999999", "text": "javascript:alert(1)"}[tampered]
    voter = resident_of(org, "voter")
    url = reverse("spaces:budgets:vote", args=[component.space.slug, component.pk, pool.pk])
    response = _in(client_for(voter), "ro").post(url, {"project": [str(first.pk), wrong]})
    page = _page(response)
    assert response.status_code == 400
    assert ("Alegerile dumneavoastră includ un proiect care nu este pe acest buletin sau unul "
            "de două ori: alegeți din nou din listă.") in page
    assert f'value="{first.pk}" id="project-{first.pk}" checked' in page
    assert not Ballot.objects.exists()


def test_paper_keying_refuses_a_project_of_another_pool(
        client_for: Any, org: Organization, component: Component,
        ballot_world: dict[str, Any]) -> None:
    a, b, _c = clerks(org)
    point = polling_point(ballot_world["edition"], [a, b])
    pool = ballot_world["pool"]
    url = reverse("manage:budgets:paper_key", args=[component.space.slug, component.pk,
                                                    point.pk, pool.pk])
    response = _in(client_for(a), "ro").post(url, {
        "serial": "A-0009", "identifier": "1850101123456",
        "project": [str(ballot_world["elsewhere"][0].pk)]})
    page = _page(response)
    assert response.status_code == 400
    assert "Alegerile dumneavoastră includ un proiect" in page or "proiect" in page
    assert 'value="A-0009"' in page
    assert not PaperBallot.objects.exists()


def test_the_fraud_quarantine_refuses_a_vote_of_another_edition(
        client_for: Any, org: Organization, component: Component, space: Any,
        ballot_world: dict[str, Any], admin: User) -> None:
    elsewhere, _key = voting_edition(make_component(space))
    foreign = add_voters(elsewhere, pool_for(elsewhere, "approval"), 1, prefix="far")[0]
    url = reverse("manage:budgets:manage_fraud", args=[component.space.slug, component.pk])
    for value, language, sentence in (
            (str(foreign.pk), "ro", "Nu există un astfel de vot în acest buget participativ."),
            ("99999999999999999999", "en", "No such vote in this participatory budget."),
            ("", "en", "Choose a group of votes or give one vote's record number, not both.")):
        response = _in(client_for(admin), language).post(
            url, {"voter": value, "reason": "Borrowed identity numbers"})
        page = _page(response)
        assert response.status_code == 400
        assert sentence in page, value
        assert 'value="Borrowed identity numbers"' in page
    assert not VoterQuarantine.objects.exists()


def test_the_results_page_takes_only_its_own_buttons(
        client_for: Any, component: Component, ballot_world: dict[str, Any],
        admin: User) -> None:
    url = reverse("manage:budgets:manage_results", args=[component.space.slug, component.pk])
    for action in ("", "delete", "publish\x00", HUGE):
        assert client_for(admin).post(url, {"action": action}).status_code == 404
    response = _in(client_for(admin), "ro").post(url, {"action": "publish"})
    assert response.status_code == 400
    assert not PoolResult.objects.filter(published_at__isnull=False).exists()


@pytest.mark.parametrize(("path", "field", "value", "sentence"), [
    ("edit/", "progress", "101", "Ensure this value is less than or equal to 100."),
    ("edit/", "progress", "-1", "Ensure this value is greater than or equal to 0."),
    ("edit/", "start_on", "0001-01-01", "Choose a date between the years 1900 and 2999."),
    ("edit/", "planned_cost", "-5", "with at most two decimals and no minus sign."),
    ("edit/", "title", HUGE, "Ensure this value has at most 200 characters (it has 100000)."),
    ("milestones/", "due_on", "9999-12-31", "Choose a date between the years 1900 and 2999."),
    ("expenses/", "amount", "99999999999999999999",
     "with at most two decimals and no minus sign."),
    ("expenses/", "amount", "-1", "with at most two decimals and no minus sign."),
    ("expenses/", "spent_on", "0001-01-01", "Choose a date between the years 1900 and 2999."),
    ("expenses/", "spent_on", "2027-02-30", "Enter a valid date."),
])
def test_tracking_forms_say_what_is_wrong_and_keep_what_was_typed(
        client_for: Any, org: Organization, area: Any, official: User, path: str, field: str,
        value: str, sentence: str) -> None:
    item = TrackedItem.objects.create(organization=org, title="Benches", department=area)
    base = {"edit/": {"title": "Benches", "status": "planned", "progress": "10",
                      "department": str(area.pk), "description": "Ten benches"},
            "milestones/": {"title": "Order the benches", "due_on": "2027-01-01"},
            "expenses/": {"amount": "10", "spent_on": "2026-01-02",
                          "description": "Ten benches", "document": "F-1"}}[path]
    url = reverse("manage:tracking:detail", args=[item.pk]) + path
    response = client_for(official).post(url, {**base, field: value})
    page = _page(response)
    assert response.status_code in (200, 400)
    assert sentence in page
    kept = next(text for key, text in base.items() if key != field)
    assert f'value="{kept}"' in page or f">{kept}<" in page
    item.refresh_from_db()
    assert (item.progress, item.start_on, item.milestones.count(), item.expenses.count()) == (
        0, None, 0, 0)


def test_tracking_says_so_in_romanian(client_for: Any, org: Organization, area: Any,
                                      official: User) -> None:
    item = TrackedItem.objects.create(organization=org, title="Benches", department=area)
    url = reverse("manage:tracking:expenses", args=[item.pk])
    response = _in(client_for(official), "ro").post(
        url, {"amount": "-1", "spent_on": "0001-01-01"})
    page = _page(response)
    assert "Alegeți o dată între anii 1900 și 2999." in page
    assert ("Scrieți suma ca număr, de exemplu 1 234,50 sau 1234.50, cu cel mult două "
            "zecimale și fără semnul minus.") in page


FORMULA = '=HYPERLINK("http://evil.test","Click")'


def test_formula_text_is_defused_in_every_spreadsheet(
        client_for: Any, component: Component, edition: Edition, pool: Pool,
        resident: User, admin: User) -> None:
    make_project(component, author=resident, pool=pool, title=FORMULA, title_public=FORMULA,
                 description=f"+{FORMULA}", description_public=f"-{FORMULA}",
                 items=((f"@{FORMULA}", "5000"),))
    slug, pk = component.space.slug, component.pk
    # The staff's downloads of each export (the open-data archive is built from the same
    # rows by the same writers).
    for name, user in (("budget_projects", admin), ("budget_projects_staff", admin),
                       ("budget_project_reviews", admin)):
        base = reverse("opendata:component_export_download", args=[slug, pk, name, "csv"])
        response = client_for(user).get(base)
        assert response.status_code == 200, name
        cells = [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
                 for cell in row]
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")], name
        assert f"'{FORMULA}" in cells, name
        xlsx = client_for(user).get(base.replace("/csv/", "/xlsx/").replace(".csv", ".xlsx"))
        assert xlsx.status_code == 200, name
        with zipfile.ZipFile(io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming
                                        else xlsx.content)) as book:
            text = " ".join(book.read(n).decode() for n in book.namelist()
                            if n.endswith(".xml"))
        assert "<f>" not in text and "HYPERLINK" in text, name
        assert html.escape(f"'{FORMULA}", quote=False) in text.replace("&quot;", '"'), name
