"""The edition report: its numbers for a seeded edition, what never appears in it (unpublished
assessments, undecided appeals, personal data), its HTML, PDF and XLSX files built in the
background, its publication, and the open data of the review."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participa.components.budgets import report
from participa.components.budgets.component import SPEC
from participa.components.budgets.models import (
    BudgetCategory,
    Edition,
    Pool,
    Project,
    ProjectState,
)
from participa.components.budgets.models_report import EditionReport
from participa.components.budgets.models_review import (
    Appeal,
    AppealOutcome,
    Assessment,
    Outcome,
)
from participa.components.budgets.services.report import (
    edition_report_build,
    edition_report_file,
    edition_report_publish,
    edition_report_request,
    published_edition_report,
)
from participa.components.budgets.tests.conftest import make_official, make_project
from participa.conftest import make_user
from participa.core.models import Area, AuditEntry, Organization, User
from participa.reports.models import BuildState
from participa.spaces.models import Component

# Personal data that must appear in no file of the report and no open-data row.
AUTHOR_EMAILS = ("anna_author@example.org", "bogdan_author@example.org")
PERSONAL = (*AUTHOR_EMAILS, "Anna Author", "Bogdan Author", "Ioana Reviewer",
            "ioana_reviewer@example.org", "Marek Decider")
# Text of records that are not public yet.
UNPUBLISHED = ("DRAFT justification never public", "DRAFT cost reason",
               "Pending appeal reason", "Draft project")


def _assess(project: Project, reviewer: User, area: Area, outcome: str, *,
            justification: str = "", published: bool = True,
            corrected_cost: str | None = None, cost_reason: str = "") -> Assessment:
    return Assessment.objects.create(
        project=project, reviewer=reviewer, department=area, legality="yes",
        feasibility="yes", formal_compliance="yes", outcome=outcome,
        justification=justification,
        corrected_cost=Decimal(corrected_cost) if corrected_cost else None,
        cost_reason=cost_reason,
        published_at=timezone.now() if published else None,
        published_by=reviewer if published else None)


def _appeal(project: Project, author: User, reason: str, *, decider: User | None = None,
            outcome: str = "", reasons: str = "") -> Appeal:
    filed = timezone.make_aware(datetime.datetime(2027, 5, 3, 10, 0))
    decided = timezone.make_aware(datetime.datetime(2027, 5, 10, 12, 0)) if decider else None
    return Appeal.objects.create(
        project=project, author=author, reason=reason, filed_at=filed,
        window_closes_on=datetime.date(2027, 5, 7), deadline=datetime.date(2027, 5, 17),
        decided_by=decider, decided_at=decided, outcome=outcome, reasons=reasons,
        published_at=decided)


@pytest.fixture
def seeded(org: Organization, component: Component, edition: Edition, pool: Pool,
           district_pool: Pool, categories: list[BudgetCategory], area: Area) -> dict[str, Any]:
    """8 submitted projects (and a draft): 3 admitted (one on appeal), 2 not admitted (one
    appeal dismissed, one pending), 1 withdrawn, 1 merged, 1 under review with a draft
    assessment."""
    parks, streets = categories
    anna = make_user(org, "anna_author")
    bogdan = make_user(org, "bogdan_author")
    reviewer = make_official(org, "ioana_reviewer", area)
    decider = make_official(org, "marek_decider", area)

    def project(title: str, state: str, pool_: Pool, category: BudgetCategory | None,
                author: User = anna, **values: Any) -> Project:
        return make_project(component, author=author, pool=pool_, state=state, title=title,
                            category=category, **values)

    p1 = project("Benches in the park", ProjectState.ADMITTED, pool, parks)
    _assess(p1, reviewer, area, Outcome.ADMITTED)
    p2 = project("Cycle lane", ProjectState.ADMITTED, pool, streets, author=bogdan,
                 corrected_cost=Decimal("7500"),
                 corrected_cost_reason="Paint costs more than estimated.")
    _assess(p2, reviewer, area, Outcome.ADMITTED, corrected_cost="7500",
            cost_reason="Paint costs more than estimated.")
    p3 = project("Playground on Oak Street", ProjectState.ADMITTED, district_pool, parks)
    _assess(p3, reviewer, area, Outcome.NOT_ADMITTED, justification="Private land.")
    _appeal(p3, anna, "The owner agrees.", decider=decider, outcome=AppealOutcome.UPHELD,
            reasons="The owner agreed to lend the land.")
    p4 = project("Repave the county road", ProjectState.NOT_ADMITTED, pool, streets,
                 author=bogdan)
    _assess(p4, reviewer, area, Outcome.NOT_ADMITTED,
            justification="Outside the city's competence.")
    _appeal(p4, bogdan, "The city repaired it before.", decider=decider,
            outcome=AppealOutcome.DISMISSED, reasons="The county owns the road.")
    p5 = project("Skate park", ProjectState.APPEALED, district_pool, None)
    _assess(p5, reviewer, area, Outcome.NOT_ADMITTED,
            justification="Too expensive for the pool.")
    _appeal(p5, anna, "Pending appeal reason")
    project("Fountain", ProjectState.WITHDRAWN, pool, parks)
    p7 = project("Trees on Main Street", ProjectState.IN_REVIEW, pool, parks)
    _assess(p7, reviewer, area, Outcome.NOT_ADMITTED, published=False,
            justification="DRAFT justification never public", corrected_cost="99999",
            cost_reason="DRAFT cost reason")
    project("More benches", ProjectState.MERGED, pool, parks, merged_into=p1)
    project("Draft project", ProjectState.DRAFT, pool, parks)
    return {"projects": [p1, p2, p3, p4, p5, p7], "pool": pool, "district": district_pool}


def _table(sections: list[report.Section], sheet: str) -> report.Table:
    return next(table for section in sections for table in section.tables
                if table.sheet == sheet)


# --- the numbers --------------------------------------------------------------------------


def test_it_counts_the_projects_by_pool_and_category(edition: Edition, seeded: Any):
    sections = report.report_sections(edition)
    assert [section.key for section in sections] == [
        "edition", "counts", "not_admitted", "corrected_costs", "appeals"]
    # Pool | submitted, withdrawn, merged, awaiting, admitted, not admitted
    assert _table(sections, "By pool").rows == [
        ["City-wide", 6, 1, 1, 1, 2, 1],
        ["North", 2, 0, 0, 0, 1, 1],
        ["All projects", 8, 1, 1, 1, 3, 2],
    ]
    assert _table(sections, "By category").rows == [
        ["Parks", 5, 1, 1, 1, 2, 0],
        ["Streets", 2, 0, 0, 0, 1, 1],
        ["No category", 1, 0, 0, 0, 0, 1],
        ["All projects", 8, 1, 1, 1, 3, 2],
    ]


def test_it_lists_the_exclusions_with_their_published_justification(edition: Edition,
                                                                     seeded: Any):
    rows = _table(report.report_sections(edition), "Not admitted").rows
    assert [row[:2] + row[4:] for row in rows] == [
        [3, "Playground on Oak Street", "Urbanism", "Private land.",
         "Upheld: the project is admitted to the vote"],
        [4, "Repave the county road", "Urbanism", "Outside the city's competence.",
         "Dismissed"],
        [5, "Skate park", "Urbanism", "Too expensive for the pool.", "Appeal pending"],
    ]


def test_it_lists_corrected_costs_and_decided_appeals_only(edition: Edition, seeded: Any):
    sections = report.report_sections(edition)
    assert _table(sections, "Corrected costs").rows == [
        [2, "Cycle lane", "City-wide", Decimal("5000.00"), Decimal("7500.00"),
         "Paint costs more than estimated."]]
    assert _table(sections, "Appeals").rows == [
        [3, "Playground on Oak Street", datetime.date(2027, 5, 3), datetime.date(2027, 5, 10),
         "Upheld: the project is admitted to the vote", "The owner agreed to lend the land."],
        [4, "Repave the county road", datetime.date(2027, 5, 3), datetime.date(2027, 5, 10),
         "Dismissed", "The county owns the road."],
    ]
    appeals = next(section for section in sections if section.key == "appeals")
    assert appeals.paragraphs == [
        "1 appeal is not decided yet: it will be listed here once decided."]


def test_the_title_page_gives_the_pools_money_and_rules(edition: Edition, seeded: Any):
    sections = report.report_sections(edition)
    facts = dict(sections[0].facts)
    assert facts["Participatory process"] == "Civic budget 2027"
    assert facts["Money in all pools"] == Decimal("1300000.00")
    assert _table(sections, "Pools").rows[1][:5] == [
        "North", "North", Decimal("300000.00"), Decimal("1000.00"), Decimal("100000.00")]
    assert _table(sections, "Pools").rows[0][5] == "Each voter chooses up to 3 projects."


def test_a_new_section_is_appended_without_touching_the_others(
        edition: Edition, seeded: Any, monkeypatch: pytest.MonkeyPatch):
    def extra(data: report.ReportData) -> report.Section:
        return report.Section(key="extra", title="Extra", facts=[("Projects",
                                                                  len(data.projects))])

    monkeypatch.setattr(report, "SECTIONS", [*report.SECTIONS, extra])
    sections = report.report_sections(edition)
    assert sections[-1].facts == [("Projects", 8)]
    assert len(sections) == 6


def test_reading_the_report_takes_the_same_queries_whatever_the_projects(
        edition: Edition, seeded: Any, component: Component, pool: Pool):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            data = report.gather(edition)
            sections = report.sections_of(data)
            report.render_html(data, sections, "en")
            report.review_open_data_rows(component)
        return len(captured)

    before = queries()
    for index in range(10):
        make_project(component, author=None, pool=pool, state=ProjectState.SUBMITTED,
                     title=f"Extra {index}")
    assert queries() == before


# --- the files ----------------------------------------------------------------------------


def build(edition: Edition, user: User, capture: Any) -> EditionReport:
    with capture(execute=True):
        built = edition_report_request(acting_user=user, edition=edition)
    built.refresh_from_db()
    return built


def read(built: EditionReport, fmt: str) -> bytes:
    handle = edition_report_file(built, fmt)
    assert handle is not None
    with handle:
        return handle.read()


@pytest.fixture
def built(edition: Edition, seeded: Any, manager: User,
          django_capture_on_commit_callbacks: Any) -> EditionReport:
    return build(edition, manager, django_capture_on_commit_callbacks)


def test_it_builds_html_pdf_and_xlsx_in_the_background(built: EditionReport):
    assert built.state == BuildState.DONE, built.error
    assert set(built.files) == {"html", "pdf", "xlsx"}
    assert (built.progress, built.total) == (3, 3)
    assert AuditEntry.objects.filter(action="budget_report.build").count() == 1
    html = read(built, "html").decode()
    assert "<h1>Report of the participatory budget “Civic budget”</h1>" in html
    assert "<td>Outside the city&#x27;s competence.</td>" in html
    assert '<td class="number">7,500.00</td>' in html


def test_no_unpublished_record_and_no_personal_data_is_in_any_file(built: EditionReport):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    html = read(built, "html").decode()
    book = load_workbook(io.BytesIO(read(built, "xlsx")), read_only=True)
    cells = " ".join(str(value) for sheet in book.worksheets
                     for row in sheet.iter_rows(values_only=True) for value in row)
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(read(built, "pdf"))).pages)
    for text in (html, cells, pdf):
        for secret in (*PERSONAL, *UNPUBLISHED, "99,999", "99999"):
            assert secret not in text, secret
    assert "Too expensive for the pool." in cells


def test_the_xlsx_has_a_sheet_per_table_with_its_header_row(built: EditionReport):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(read(built, "xlsx")), read_only=True)
    assert book.sheetnames == ["Summary", "Pools", "Categories", "By pool", "By category",
                               "Not admitted", "Corrected costs", "Appeals"]
    rows = list(book["By pool"].iter_rows(values_only=True))
    assert rows[0] == ("Pool", "Submitted", "Withdrawn", "Merged into another project",
                       "Awaiting a published assessment", "Admitted to the vote",
                       "Not admitted to the vote")
    assert rows[-1] == ("All projects", 8, 1, 1, 1, 3, 2)
    appeals = list(book["Appeals"].iter_rows(values_only=True))
    assert appeals[0] == ("No.", "Project", "Filed on", "Decided on", "Outcome", "Reasons")
    assert len(appeals) == 3
    corrected = list(book["Corrected costs"].iter_rows(values_only=True))
    assert corrected[1][4] == 7500


def test_the_pdf_is_a_tagged_document_with_the_edition_title(built: EditionReport):
    import pikepdf
    from pypdf import PdfReader

    data = read(built, "pdf")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 1
        assert "/StructTreeRoot" in pdf.Root
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Report of the participatory budget “Civic budget”" in text
    assert "Dismissed The county owns the road." in text


def test_the_report_speaks_the_language_asked_for(
        edition: Edition, seeded: Any, manager: User, org: Organization,
        django_capture_on_commit_callbacks: Any):
    org.languages = ["ro", "pl", "en"]
    org.save(update_fields=["languages"])
    with django_capture_on_commit_callbacks(execute=True):
        built = edition_report_request(acting_user=manager, edition=edition, language="ro")
    built.refresh_from_db()
    assert built.language == "ro"
    html = read(built, "html").decode()
    assert '<html lang="ro">' in html
    assert "Buget civic" in html


# --- requests, publication ------------------------------------------------------------------


def test_residents_and_outsiders_may_not_request_or_publish(
        edition: Edition, resident: User, outsider: User, built: EditionReport):
    for user in (resident, outsider):
        with pytest.raises(PermissionDenied):
            edition_report_request(acting_user=user, edition=edition)
        with pytest.raises(PermissionDenied):
            edition_report_publish(acting_user=user, report_build=built)
    assert published_edition_report(edition) is None


def test_one_build_at_a_time(edition: Edition, manager: User):
    edition_report_request(acting_user=manager, edition=edition)
    with pytest.raises(ValidationError, match="already being built"):
        edition_report_request(acting_user=manager, edition=edition)
    with pytest.raises(IntegrityError), transaction.atomic():
        EditionReport.objects.create(edition=edition, language="en")


def test_the_database_publishes_only_a_built_report(edition: Edition):
    with pytest.raises(IntegrityError), transaction.atomic():
        EditionReport.objects.create(edition=edition, language="en",
                                     state=BuildState.FAILED, published_at=timezone.now())


def test_publishing_makes_it_the_public_report(edition: Edition, manager: User,
                                               built: EditionReport):
    edition_report_publish(acting_user=manager, report_build=built)
    assert published_edition_report(edition) == built
    assert AuditEntry.objects.filter(action="budget_report.publish").count() == 1
    with pytest.raises(ValidationError, match="already published"):
        edition_report_publish(acting_user=manager, report_build=built)


def test_a_failed_build_records_its_error(edition: Edition, manager: User,
                                          monkeypatch: pytest.MonkeyPatch):
    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(report, "render_pdf", broken)
    built = edition_report_request(acting_user=manager, edition=edition)
    edition_report_build(report_id=built.pk)
    built.refresh_from_db()
    assert built.state == BuildState.FAILED
    assert built.error == "RuntimeError: no fonts"
    assert built.files == {}


# --- open data ------------------------------------------------------------------------------


def test_the_open_data_gives_review_and_appeal_outcomes_without_personal_data(
        component: Component, seeded: Any):
    spec = next(export for export in SPEC.exports if export.name == "budget_project_reviews")
    assert spec.open_data
    rows = spec.rows(component)
    assert isinstance(rows, list)
    assert [(row["number"], row["review_outcome"], row["appeal_outcome"], row["outcome"])
            for row in rows] == [
        (1, "admitted", "", "admitted"),
        (2, "admitted", "", "admitted"),
        (3, "not_admitted", "upheld", "admitted"),
        (4, "not_admitted", "dismissed", "not_admitted"),
        (5, "not_admitted", "", "not_admitted"),
        (6, "", "", "withdrawn"),
        (7, "", "", "pending"),
        (8, "", "", "merged"),
    ]
    assert list(rows[0]) == report.REVIEW_COLUMNS
    assert rows[1]["corrected_cost"] == Decimal("7500.00")
    text = repr(rows)
    for secret in (*PERSONAL, *UNPUBLISHED, "99999"):
        assert secret not in text, secret


def test_the_open_data_is_empty_for_a_component_that_is_not_published(
        component: Component, seeded: Any):
    Component.objects.filter(pk=component.pk).update(published_at=None)
    component.refresh_from_db()
    assert report.review_open_data_rows(component) == []
