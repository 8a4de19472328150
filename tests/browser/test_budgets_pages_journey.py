"""Every page of the participatory budget, with realistic data, checked with axe-core at
320 px AND at 1280 px (issue #13, point 11): during the vote (edition, project list, map,
project page, appeals, voting page with its refused ballot, receipt and its check, the
knapsack total, paper keying, mismatch resolution, fraud dashboard) and once the results are
published (results, recount, the staff results and report pages, the report itself)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from participa.components.budgets.models import Edition, Pool, Project, ProjectState, Voter
from participa.components.budgets.models_paper import PaperBallot, PaperBallotState
from participa.components.budgets.models_review import (
    Appeal,
    AppealOutcome,
    Assessment,
    Outcome,
)
from participa.components.budgets.phases import EditionPhase
from participa.components.budgets.services.fraud import votes_quarantine
from participa.components.budgets.services.paper import paper_ballot_key
from participa.components.budgets.services.report import (
    edition_report_publish,
    edition_report_request,
)
from participa.components.budgets.services.results import results_compute, results_publish
from participa.components.budgets.services.voting import ballot_cast
from participa.components.budgets.tests.conftest import (
    make_component,
    make_pool,
    make_project,
    make_space,
    move_to,
)
from participa.components.budgets.tests.fraud_support import add_voters
from participa.components.budgets.tests.paper_support import polling_point
from participa.components.budgets.tests.voting_support import resident_of, voting_edition
from participa.core.models import Area, Organization, Role, RoleKind, Scope
from participa.spaces.models import Component, SpaceMembership
from participa.verifications.models import Authorization, Method, Status

from .conftest import NARROW, PASSWORD, WIDE, make_person

pytestmark = [pytest.mark.browser]

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
       b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05"
       b"\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

CITY_PROJECTS = [
    ("Parcări acoperite pentru biciclete la cele cinci școli din centru", "75000",
     ("45.755100", "21.228900")),
    ("Grădină de polenizatori în Parcul Central", "20000", ("45.752700", "21.221300")),
    ("Bibliotecă în aer liber pe malul Begăi", "30000", ("45.750200", "21.236900")),
    ("Iluminat cu senzori de mișcare pe aleile din Parcul Rozelor", "140000",
     ("45.751000", "21.231200")),
]
DISTRICT_PROJECTS = [
    ("Loc de joacă incluziv în Piața Iosefin", "90000"),
    ("Pomi pe strada Ion Ionescu de la Brad", "35000"),
    ("Fântână de apă potabilă lângă piață", "25000"),
]


@dataclass
class Budget:
    component: Component
    edition: Edition
    city: Pool
    district: Pool
    scope: Scope
    city_projects: list[Project]
    district_projects: list[Project]
    excluded: Project


def realistic_budget(site: Organization) -> Budget:
    """An edition in its voting phase: a city-wide approval pool and a district knapsack pool
    with admitted projects (their places on the map), one project excluded after an appeal
    that was rejected, and one published assessment."""
    component = make_component(make_space(site))
    scope = Scope.objects.create(organization=site, code="iosefin",
                                 name={"en": "Iosefin", "ro": "Iosefin"})
    edition, _private = voting_edition(component, allow_ballot_change=True,
                                       tie_breaking=["votes", "cost"])
    city = make_pool(edition, name="Proiecte pentru tot orașul", amount="250000",
                     max_project_cost=Decimal("150000"), max_projects=2)
    district = make_pool(edition, name="Cartierul Iosefin", amount="120000",
                         max_project_cost=Decimal("100000"), method="knapsack",
                         max_projects=None, scope=scope, rule="greedy")
    city_projects = [
        make_project(component, author=None, pool=city, state=ProjectState.ADMITTED,
                     title=title, items=(("Lucrări și materiale", cost),),
                     latitude=Decimal(point[0]), longitude=Decimal(point[1]))
        for title, cost, point in CITY_PROJECTS]
    district_projects = [
        make_project(component, author=None, pool=district, state=ProjectState.ADMITTED,
                     title=title, items=(("Lucrări", cost),))
        for title, cost in DISTRICT_PROJECTS]
    urbanism = Area.objects.create(organization=site, code="urbanism",
                                   name={"en": "Urbanism", "ro": "Urbanism"})
    reviewer = make_person(site, "Radu Reviewer", "radu@example.org")
    decider = make_person(site, "Ioana Appeals", "ioana@example.org")
    author = make_person(site, "Maria P.", "maria@example.org")
    Assessment.objects.create(
        project=city_projects[0], reviewer=reviewer, department=urbanism, legality="yes",
        feasibility="yes", formal_compliance="yes", outcome=Outcome.ADMITTED,
        published_at=timezone.now(), published_by=reviewer)
    excluded = make_project(component, author=author, pool=city,
                            state=ProjectState.NOT_ADMITTED,
                            title="Patinoar în Piața Victoriei",
                            items=(("Patinoar", "150000"),))
    Assessment.objects.create(
        project=excluded, reviewer=reviewer, department=urbanism, legality="yes",
        feasibility="no", formal_compliance="yes", outcome=Outcome.NOT_ADMITTED,
        justification="Piața este monument istoric: nu se pot monta structuri.",
        published_at=timezone.now(), published_by=reviewer)
    today = timezone.localdate()
    Appeal.objects.create(
        project=excluded, author=author, reason="Patinoarul este demontabil.",
        window_closes_on=today, deadline=today, decided_by=decider,
        decided_at=timezone.now(), outcome=AppealOutcome.DISMISSED,
        reasons="Avizul Direcției pentru Cultură este negativ.", published_at=timezone.now())
    return Budget(component=component, edition=edition, city=city, district=district,
                  scope=scope, city_projects=city_projects,
                  district_projects=district_projects, excluded=excluded)


def sign_in(journey: Any, email: str) -> None:
    page = journey.page
    page.context.clear_cookies()
    journey.goto("account_login")
    login = page.locator("main form:has([name='password'])")
    login.locator("[name='login']").fill(email)
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))


def unsandboxed(headers: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in headers.items()
            if name.lower() != "content-security-policy"}


def both_widths(journey: Any) -> None:
    journey.axe_widths = (NARROW, WIDE)


def test_it_passes_axe_at_both_widths_on_every_page_of_the_vote(
        journey: Any, site: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    both_widths(journey)
    page = journey.page
    budget = realistic_budget(site)
    slug, pk = budget.component.space.slug, budget.component.pk
    first, second, third, _fourth = budget.city_projects

    # What anyone reads.
    journey.goto("spaces:budgets:index", slug, pk)
    journey.goto("spaces:budgets:projects", slug, pk)
    journey.goto("spaces:budgets:map", slug, pk)
    assert "4 projects with a place" in page.locator("main").inner_text()
    journey.goto(first.get_absolute_url())
    journey.goto(budget.excluded.get_absolute_url())
    journey.goto("spaces:budgets:appeals", slug, pk)
    assert "Avizul Direcției pentru Cultură este negativ." in page.locator("main").inner_text()

    # A resident of Iosefin votes in both pools.
    resident = make_person(site, "Elena V.", "elena@example.org")
    Authorization.objects.create(organization=site, user=resident, method=Method.ADDRESS,
                                 status=Status.GRANTED, granted_at=timezone.now(),
                                 address="Strada Mare 1", scope=budget.scope)
    sign_in(journey, "elena@example.org")
    journey.goto("spaces:budgets:voting", slug, pk)
    journey.goto("spaces:budgets:vote", slug, pk, budget.city.pk)
    ballot = page.locator("main form")
    for project in (first, second, third):
        ballot.locator(f"#project-{project.pk}").check()
    with page.expect_navigation() as refused:
        ballot.get_by_role("button", name="Cast my vote").click()
    assert refused.value is not None and refused.value.status == 400
    journey.check()
    page.locator(f"#project-{third.pk}").uncheck()
    journey.follow(page.locator("main form").get_by_role("button", name="Cast my vote"))
    receipt = page.locator("#receipt-code").inner_text()
    journey.goto("spaces:budgets:receipt_check", slug, pk)
    check = page.locator("main form")
    check.get_by_label("Receipt code").fill(receipt)
    journey.follow(check.get_by_role("button", name="Check"))
    journey.goto("spaces:budgets:ballot_change", slug, pk, budget.city.pk)
    journey.goto("spaces:budgets:vote", slug, pk, budget.district.pk)
    knapsack = page.locator("main form")
    for project in budget.district_projects[:2]:
        knapsack.locator(f"#project-{project.pk}").check()
    journey.follow(knapsack.get_by_role("button", name="Add up my choices"))
    assert page.locator("#running-total").inner_text() == (
        "Chosen: 125,000.00\xa0lei, 5,000.00\xa0lei more than the pool. Remove some projects.")

    # Paper ballots: two officials disagree on ballot A-0001; a third resolves it.
    clerk_a, clerk_b, clerk_c = (make_person(site, name, f"{name.lower()}@example.org")
                                 for name in ("Andrei", "Bianca", "Cezar"))
    point = polling_point(budget.edition, [clerk_a, clerk_b, clerk_c],
                          name="Școala Gimnazială nr. 5")
    common: dict[str, Any] = {"polling_point": point, "pool": budget.city,
                              "serial": "A-0001", "identifier": "1850101123456"}
    paper_ballot_key(acting_user=clerk_a, choices={first.pk: 1}, **common,
                     scan=SimpleUploadedFile("ballot.png", PNG, content_type="image/png"))
    paper_ballot_key(acting_user=clerk_b, choices={second.pk: 1}, **common)
    mismatch = PaperBallot.objects.get()
    assert mismatch.state == PaperBallotState.MISMATCH
    sign_in(journey, "cezar@example.org")
    journey.goto("manage:budgets:paper_index", slug, pk)
    journey.goto("manage:budgets:paper_point", slug, pk, point.pk)
    journey.goto("manage:budgets:paper_key", slug, pk, point.pk, budget.city.pk)
    journey.goto("manage:budgets:paper_resolve", slug, pk, point.pk, mismatch.pk)
    journey.goto("manage:budgets:paper_tallies", slug, pk)

    # Fraud signals: 40 votes from one address with 9 phone numbers, 12 "aged 97".
    add_voters(budget.edition, budget.city, 40, prefix="wro", ip="83.24.17.5", phones=9)
    add_voters(budget.edition, budget.city, 12, prefix="old", birth_year=1929,
               minutes_apart=0.2)
    admin = make_person(site, "Ana Admin", "ana.admin@example.org")
    Role.objects.create(organization=site, user=admin, kind=RoleKind.ADMIN)
    sign_in(journey, "ana.admin@example.org")
    journey.goto("manage:budgets:manage_fraud", slug, pk)
    assert "40 votes from one internet address." in page.locator("main").inner_text()


def test_it_passes_axe_at_both_widths_on_every_page_of_the_results(
        journey: Any, site: Any) -> None:
    both_widths(journey)
    page = journey.page
    budget = realistic_budget(site)
    slug, pk = budget.component.space.slug, budget.component.pk
    edition = budget.edition
    first, second, third, fourth = budget.city_projects
    for n, chosen in enumerate([[first, second], [first, third], [second, fourth],
                                [first, fourth], [third], [first, second]]):
        ballot_cast(acting_user=resident_of(site, f"city{n}"), edition=edition,
                    pool=budget.city, choices={p.pk: 1 for p in chosen})
    a, b, c = budget.district_projects
    for n, chosen in enumerate([[a], [b, c], [a, c], [b]]):
        ballot_cast(acting_user=resident_of(site, f"district{n}", budget.scope),
                    edition=edition, pool=budget.district, choices={p.pk: 1 for p in chosen})
    manager = make_person(site, "Ion Manager", "ion@example.org")
    SpaceMembership.objects.create(space=budget.component.space, user=manager,
                                   role=SpaceMembership.Role.MANAGER)
    admin = make_person(site, "Ana Admin", "ana.admin@example.org")
    Role.objects.create(organization=site, user=admin, kind=RoleKind.ADMIN)
    # One suspicious vote set aside, so the results say what was excluded and why.
    votes_quarantine(acting_user=admin, edition=edition,
                     voter_ids=[Voter.objects.filter(pool=budget.city).values_list(
                         "pk", flat=True)[0]],
                     reason="Adresă suspectă")
    move_to(edition, EditionPhase.RESULTS)
    results_compute(acting_user=manager, edition=edition)  # runs as it commits
    results_publish(acting_user=manager, edition=edition)
    built = edition_report_request(acting_user=manager, edition=edition)
    built.refresh_from_db()
    edition_report_publish(acting_user=manager, report_build=built)

    journey.goto("spaces:budgets:index", slug, pk)
    journey.goto("spaces:budgets:results", slug, pk)
    assert "Selected for funding" in page.locator("main").inner_text()
    # The chart's text reads like text on a phone and on a wide screen (12 to 24 px).
    chart = page.locator("svg.results-chart").first
    for size in (NARROW, WIDE):
        page.set_viewport_size(size)
        box = chart.bounding_box()  # 14-unit text in a 320-unit-wide drawing
        assert box is not None and 12 <= 14 * box["width"] / 320 <= 24, (size, box)
    journey.goto("spaces:budgets:recount", slug, pk)
    journey.goto(first.get_absolute_url())
    # The published HTML report is served sandboxed (no script at all): axe-core can only
    # run in it once the browser is handed the same file without that header.
    report = reverse("spaces:budgets:report_file", args=[slug, pk, "html"])

    def without_sandbox(route: Any) -> None:
        fetched = route.fetch()
        route.fulfill(response=fetched, headers=unsandboxed(fetched.headers))

    page.route(journey.base_url + report, without_sandbox)
    journey.goto(report)
    sign_in(journey, "ion@example.org")
    journey.goto("manage:budgets:manage_results", slug, pk)
    journey.goto("manage:budgets:manage_reports", slug, pk)
