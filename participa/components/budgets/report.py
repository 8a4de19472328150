"""The edition report of a participatory budget: what was submitted, the formal review and the
appeals, per pool and category, as HTML, PDF and XLSX (issue #13, point 12), and the open-data
rows of the projects with their review and appeal outcomes.

The report is a list of sections (``report_sections``), each produced by a small function of
``SECTIONS`` from the data read once by ``gather`` (a fixed number of queries whatever the
number of projects). A later phase (voting, turnout, excluded votes, results) appends its own
function to ``SECTIONS``, reading what it needs in its own ``gather`` step, without touching
the others. Every writer (``render_html``, ``render_pdf``, ``render_xlsx``) shows every section
the same way: a heading, paragraphs, facts (label: value) and tables.

Only public records are read: the redacted title of projects (``title_public``), the
*published* assessments and the *decided* appeals. Nobody is named: no author, no reviewer (the
reviewing department instead), no e-mail address.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.budgets import describe
from participa.components.budgets.models import (
    BudgetCategory,
    Edition,
    Pool,
    Project,
    ProjectState,
)
from participa.components.budgets.models_review import Appeal, AppealOutcome, Outcome
from participa.core.i18n import translated
from participa.opendata.formats import safe_cell
from participa.reports.pdf import html_to_pdf
from participa.reports.xlsx import XLSXBook
from participa.spaces.models import Component, Visibility

FORMATS: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# A project's status in the report, from public records only.
SUBMITTED_STATES = [state for state in ProjectState.values if state != ProjectState.DRAFT]


@dataclass(frozen=True)
class Table:
    """One table of a section; ``sheet`` names its XLSX sheet (unique in the report)."""

    sheet: str
    caption: str
    columns: list[str]
    rows: list[list[Any]]
    empty: str = ""
    # Indexes of the columns holding amounts (right-aligned, formatted as money).
    money: tuple[int, ...] = ()
    # Indexes of the columns holding counts (right-aligned).
    numbers: tuple[int, ...] = ()

    @property
    def right(self) -> tuple[int, ...]:
        return (*self.money, *self.numbers)

    @property
    def display_rows(self) -> list[list[str]]:
        return [[display(value) for value in row] for row in self.rows]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    facts: list[tuple[str, Any]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def display_facts(self) -> list[tuple[str, str]]:
        return [(label, display(value)) for label, value in self.facts]


@dataclass
class ProjectFacts:
    """A submitted project as the report shows it (public records only)."""

    project: Project
    review: Outcome | None  # the published assessment's outcome
    final: str  # "withdrawn", "merged", "admitted", "not_admitted" or "pending"
    assessment: Any  # the published assessment or None
    appeal: Appeal | None  # the decided appeal or None
    appeal_pending: bool


@dataclass
class ReportData:
    edition: Edition
    pools: list[Pool]
    categories: list[BudgetCategory]
    projects: list[ProjectFacts]
    built_at: datetime.datetime

    @property
    def component(self) -> Component:
        return self.edition.component

    @property
    def title(self) -> str:
        return _("Report of the participatory budget “%(name)s”") % {
            "name": translated(self.component.name) or translated(self.component.space.title)}


def display(value: Any) -> str:
    """A cell as the HTML and PDF show it (the XLSX keeps the values)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return number_format(value, 2, use_l10n=True, force_grouping=True)
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _facts(project: Project) -> ProjectFacts:
    assessment = getattr(project, "assessment", None)
    if assessment is not None and assessment.published_at is None:
        assessment = None  # a draft assessment is never reported
    appeals = list(project.appeals.all())
    decided = next((appeal for appeal in appeals if appeal.outcome), None)
    pending = any(not appeal.outcome for appeal in appeals)
    review = Outcome(assessment.outcome) if assessment is not None else None
    if project.state == ProjectState.WITHDRAWN:
        final = "withdrawn"
    elif project.state == ProjectState.MERGED:
        final = "merged"
    elif decided is not None:
        final = "admitted" if decided.outcome == AppealOutcome.UPHELD else "not_admitted"
    elif review is not None:
        final = review.value
    else:
        final = "pending"
    return ProjectFacts(project=project, review=review, final=final, assessment=assessment,
                        appeal=decided, appeal_pending=pending)


def gather(edition: Edition) -> ReportData:
    """Everything the sections read, in a fixed number of queries."""
    edition = Edition.objects.select_related("component__space__organization").get(
        pk=edition.pk)
    pools = list(Pool.objects.filter(edition=edition).select_related("scope"))
    categories = list(BudgetCategory.objects.filter(edition=edition))
    projects = (Project.objects
                .filter(component=edition.component, state__in=SUBMITTED_STATES)
                .select_related("assessment__department", "merged_into")
                .prefetch_related(Prefetch("appeals", queryset=Appeal.objects.order_by("id")))
                .order_by("number"))
    pools_by_id = {pool.pk: pool for pool in pools}
    categories_by_id = {category.pk: category for category in categories}
    facts: list[ProjectFacts] = []
    for project in projects:
        project.pool = pools_by_id[project.pool_id]
        project.category = categories_by_id.get(project.category_id or 0)
        facts.append(_facts(project))
    return ReportData(edition=edition, pools=pools, categories=categories, projects=facts,
                      built_at=timezone.now())


# --- the sections ---------------------------------------------------------------------------


def _money_rows(pools: list[Pool]) -> list[list[Any]]:
    return [[str(pool), str(pool.scope) if pool.scope else _("The whole city"), pool.amount,
             pool.min_project_cost, pool.max_project_cost, describe.method_words(pool),
             describe.rule_words(pool)] for pool in pools]


def edition_section(data: ReportData) -> Section:
    """The title page: the edition, its space, dates, pools with their amounts and rules."""
    edition = data.edition
    total = sum((pool.amount for pool in data.pools), Decimal(0))
    facts: list[tuple[str, Any]] = [
        (_("Participatory process"), translated(data.component.space.title)),
        (_("Organization"), data.component.space.organization.name),
        (_("Submission of projects"), _("%(start)s to %(end)s") % {
            "start": display(edition.submission_opens_at),
            "end": display(edition.submission_closes_at)}),
        (_("Formal review ends on"), edition.review_ends_on),
        (_("Days to appeal a decision"), edition.appeal_days),
        (_("Voting"), _("%(start)s to %(end)s") % {
            "start": display(edition.voting_opens_at),
            "end": display(edition.voting_closes_at)}),
        (_("Results published on"), edition.results_on),
        (_("Money in all pools"), total),
        (_("Report built on"), display(timezone.localtime(data.built_at)) + " "
         + date_format(timezone.localtime(data.built_at), "H:i")),
    ]
    tables = [Table(
        sheet=_("Pools"), caption=_("Pools, their money and their rules"),
        columns=[_("Pool"), _("Where"), _("Amount"), _("Minimum cost of a project"),
                 _("Maximum cost of a project"), _("Voting"), _("Counting")],
        rows=_money_rows(data.pools), empty=_("No pool has been set."), money=(2, 3, 4))]
    if data.categories:
        tables.append(Table(
            sheet=_("Categories"), caption=_("Categories"),
            columns=[_("Category"), _("Share of the money (%)")],
            rows=[[str(category), category.quota_percent] for category in data.categories]))
    return Section(key="edition", title=_("The edition"), facts=facts, tables=tables)


COUNT_KEYS = ("submitted", "withdrawn", "merged", "pending", "admitted", "not_admitted")


def count_columns() -> list[str]:
    return [_("Submitted"), _("Withdrawn"), _("Merged into another project"),
            _("Awaiting a published assessment"), _("Admitted to the vote"),
            _("Not admitted to the vote")]


def _counts(projects: list[ProjectFacts]) -> list[int]:
    counts = dict.fromkeys(COUNT_KEYS, 0)
    for facts in projects:
        counts["submitted"] += 1
        counts[facts.final] += 1
    return [counts[key] for key in COUNT_KEYS]


def counts_section(data: ReportData) -> Section:
    """How many projects were submitted, withdrawn, merged, admitted and not admitted, by pool
    and by category (after the decided appeals)."""
    by_pool = [[str(pool), *_counts([f for f in data.projects if f.project.pool_id == pool.pk])]
               for pool in data.pools]
    groups: list[tuple[str, int | None]] = [(str(c), c.pk) for c in data.categories]
    if any(f.project.category_id is None for f in data.projects) or not data.categories:
        groups.append((_("No category"), None))
    by_category = [[label, *_counts([f for f in data.projects
                                     if f.project.category_id == key])]
                   for label, key in groups]
    total = [_("All projects"), *_counts(data.projects)]
    return Section(
        key="counts", title=_("Projects submitted and reviewed"),
        paragraphs=[_("A project counts as admitted or not admitted once its assessment is "
                      "published; a decided appeal replaces the assessment's outcome.")],
        tables=[
            Table(sheet=_("By pool"), caption=_("Projects by pool"),
                  columns=[_("Pool"), *count_columns()], rows=[*by_pool, total],
                  numbers=tuple(range(1, len(COUNT_KEYS) + 1))),
            Table(sheet=_("By category"), caption=_("Projects by category"),
                  columns=[_("Category"), *count_columns()], rows=[*by_category, total],
                  numbers=tuple(range(1, len(COUNT_KEYS) + 1))),
        ])


def _appeal_words(facts: ProjectFacts) -> str:
    if facts.appeal is not None:
        return str(facts.appeal.get_outcome_display())
    if facts.appeal_pending:
        return _("Appeal pending")
    return _("No appeal")


def not_admitted_section(data: ReportData) -> Section:
    """Projects the published review did not admit, with the published justification."""
    rows = [[f.project.number, f.project.title_public, str(f.project.pool),
             str(f.project.category) if f.project.category else "—",
             str(f.assessment.department), f.assessment.justification, _appeal_words(f)]
            for f in data.projects if f.review == Outcome.NOT_ADMITTED]
    return Section(
        key="not_admitted", title=_("Projects not admitted to the vote"),
        paragraphs=[_("The reviewing department's justification, as published.")],
        tables=[Table(
            sheet=_("Not admitted"), caption=_("Projects not admitted to the vote"),
            columns=[_("No."), _("Project"), _("Pool"), _("Category"),
                     _("Reviewing department"), _("Justification"), _("Appeal")],
            rows=rows, empty=_("The review has not excluded any project."))])


def corrected_costs_section(data: ReportData) -> Section:
    """The costs the reviewing department corrected, with the reasons."""
    rows = [[f.project.number, f.project.title_public, str(f.project.pool), f.project.cost,
             f.assessment.corrected_cost, f.assessment.cost_reason]
            for f in data.projects
            if f.assessment is not None and f.assessment.corrected_cost is not None]
    return Section(
        key="corrected_costs", title=_("Corrected costs"),
        tables=[Table(
            sheet=_("Corrected costs"), caption=_("Costs corrected in the review"),
            columns=[_("No."), _("Project"), _("Pool"), _("Cost estimated by the authors"),
                     _("Corrected cost"), _("Reason")],
            rows=rows, empty=_("No cost was corrected."), money=(3, 4))])


def appeals_section(data: ReportData) -> Section:
    """The decided appeals: project, filed on, decided on, outcome, reasons."""
    rows = [[f.project.number, f.project.title_public, _local_date(f.appeal.filed_at),
             _local_date(f.appeal.decided_at), str(f.appeal.get_outcome_display()),
             f.appeal.reasons]
            for f in data.projects if f.appeal is not None]
    pending = sum(1 for f in data.projects if f.appeal_pending)
    paragraphs = []
    if pending:
        paragraphs.append(ngettext(
            "%(count)s appeal is not decided yet: it will be listed here once decided.",
            "%(count)s appeals are not decided yet: they will be listed here once decided.",
            pending) % {"count": pending})
    return Section(
        key="appeals", title=_("Appeals"), paragraphs=paragraphs,
        tables=[Table(
            sheet=_("Appeals"), caption=_("Appeals against exclusion and their outcomes"),
            columns=[_("No."), _("Project"), _("Filed on"), _("Decided on"), _("Outcome"),
                     _("Reasons")],
            rows=rows, empty=_("No appeal has been decided."))])


# The sections in order. A later phase appends its function here (e.g. voting, results).
SECTIONS: list[Callable[[ReportData], Section | None]] = [
    edition_section, counts_section, not_admitted_section, corrected_costs_section,
    appeals_section,
]


def sections_of(data: ReportData) -> list[Section]:
    return [section for build in SECTIONS if (section := build(data)) is not None]


def report_sections(edition: Edition) -> list[Section]:
    """The report's sections for ``edition`` (public records only)."""
    return sections_of(gather(edition))


# --- the writers ----------------------------------------------------------------------------


def _css_string(text: str) -> str:
    """Text safe inside a CSS string in double quotes (the page margin boxes)."""
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
            .replace("<", "\\3c ").replace(">", "\\3e "))


def render_html(data: ReportData, sections: list[Section], language: str, *,
                pdf: bool = False) -> str:
    """The report as one standalone, accessible HTML document (or the PDF's source)."""
    built = timezone.localtime(data.built_at)
    return render_to_string("budgets/report/document.html", {
        "data": data, "sections": sections, "language": language, "pdf": pdf,
        "built_iso": built.isoformat(timespec="seconds"),
        "pdf_header": _css_string(data.title[:150]),
        "page_word": _css_string(_("Page")),
    })


def render_pdf(data: ReportData, sections: list[Section], language: str) -> bytes:
    """A tagged PDF (PDF/UA-1) through the shared PDF writer."""
    return html_to_pdf(render_html(data, sections, language, pdf=True))


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return display(value)
    if isinstance(value, int | Decimal | datetime.date) and \
            not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return safe_cell("" if value is None else value)


def render_xlsx(data: ReportData, sections: list[Section]) -> bytes:
    """A workbook: a first sheet of the facts of every section, then one sheet per table
    (its header row first)."""
    book = XLSXBook(title=data.title, created=data.built_at)
    summary = book.sheet(_("Summary"))
    summary.append([_cell(data.title)], bold=True)
    for section in sections:
        for label, value in section.facts:
            summary.append([_cell(f"{section.title}: {label}"), _cell(value)])
        for paragraph in section.paragraphs:
            summary.append([_cell(section.title), _cell(paragraph)])
    for section in sections:
        for table in section.tables:
            sheet = book.sheet(table.sheet)
            sheet.freeze("A2")
            sheet.append([_cell(column) for column in table.columns], bold=True)
            for row in table.rows:
                sheet.append([_cell(value) for value in row])
    return book.to_bytes()


# --- open data ------------------------------------------------------------------------------

REVIEW_COLUMNS = [
    "number", "state", "pool", "district", "category", "title", "cost", "corrected_cost",
    "corrected_cost_reason", "review_outcome", "review_justification", "reviewing_department",
    "review_published_at", "appeal_outcome", "appeal_reasons", "appeal_filed_at",
    "appeal_decided_at", "outcome",
]


def review_open_data_rows(component: Component) -> list[dict[str, Any]]:
    """The submitted projects with their published review and decided appeal, WITHOUT
    personal data (no author, group, reviewer or e-mail); nothing for a component that is not
    public. A fixed number of queries."""
    space = component.space
    if not (component.is_published and space.is_published
            and space.visibility == Visibility.PUBLIC):
        return []
    edition = Edition.objects.filter(component=component).first()
    if edition is None:
        return []
    rows: list[dict[str, Any]] = []
    for facts in gather(edition).projects:
        project, assessment, appeal = facts.project, facts.assessment, facts.appeal
        rows.append({
            "number": project.number,
            "state": project.state,
            "pool": str(project.pool),
            "district": str(project.pool.scope) if project.pool.scope else "",
            "category": str(project.category) if project.category else "",
            "title": project.title_public,
            "cost": project.cost,
            "corrected_cost": assessment.corrected_cost if assessment else None,
            "corrected_cost_reason": assessment.cost_reason if assessment else "",
            "review_outcome": assessment.outcome if assessment else "",
            "review_justification": assessment.justification if assessment else "",
            "reviewing_department": str(assessment.department) if assessment else "",
            "review_published_at": assessment.published_at if assessment else None,
            "appeal_outcome": appeal.outcome if appeal else "",
            "appeal_reasons": appeal.reasons if appeal else "",
            "appeal_filed_at": appeal.filed_at if appeal else None,
            "appeal_decided_at": appeal.decided_at if appeal else None,
            "outcome": facts.final,
        })
    return rows


# --- excluded votes (report_fraud.py) --------------------------------------------------------
from participa.components.budgets.report_fraud import excluded_section  # noqa: E402

SECTIONS.append(excluded_section)


# --- turnout, excluded votes and results (services/results.py) ------------------------------
from django.db.models import Count  # noqa: E402

from participa.components.budgets.models import VoteChannel, Voter, VotingMethod  # noqa: E402
from participa.components.budgets.models_results import PoolResult  # noqa: E402


def results_section(data: ReportData) -> Section | None:
    """Turnout by pool and channel (counts of eligibility records, never a ballot), the votes
    left out of the count and the PUBLISHED results: the money of each pool, the ties broken,
    the votes (and points) of each project and the SHA-256 of each pool's ballot file, which
    anyone recounts; nothing before anyone voted."""
    counts: dict[tuple[int, str], int] = {
        (row["pool_id"], row["channel"]): row["n"]
        for row in Voter.objects.filter(edition=data.edition, annulled_at__isnull=True)
        .values("pool_id", "channel").annotate(n=Count("id"))}
    published = {result.pool_id: result for result in PoolResult.objects.filter(
        edition=data.edition, published_at__isnull=False)}
    if not counts and not published:
        return None
    turnout = []
    for pool in data.pools:
        online = counts.get((pool.pk, VoteChannel.ONLINE), 0)
        paper = counts.get((pool.pk, VoteChannel.PAPER), 0)
        turnout.append([str(pool), online, paper, online + paper])
    tables = [Table(sheet=_("Turnout"), caption=_("Voters by pool and channel"),
                    columns=[_("Pool"), _("Online"), _("On paper"), _("All voters")],
                    rows=turnout, numbers=(1, 2, 3))]
    paragraphs: list[str] = []
    if published:
        titles = {str(facts.project.pk): facts.project for facts in data.projects}
        numbers = {pk: project.number for pk, project in titles.items()}
        counted = [pool for pool in data.pools if pool.pk in published]
        tables.append(Table(
            sheet=_("Votes counted"), caption=_("Votes counted and excluded by pool"),
            columns=[_("Pool"), _("Ballots counted"), _("Held for review as suspicious"),
                     _("Annulled by the electoral commission")],
            rows=[[str(pool), published[pool.pk].ballots_counted,
                   published[pool.pk].excluded_quarantined,
                   published[pool.pk].excluded_annulled] for pool in counted],
            numbers=(1, 2, 3)))
        tables.append(Table(
            sheet=_("Money"), caption=_("Money of each pool"),
            columns=[_("Pool"), _("Counting"), _("Amount"), _("Money used"), _("Money left"),
                     _("Projects selected")],
            rows=[[str(pool), describe.rule_words(pool), published[pool.pk].budget,
                   published[pool.pk].money_used,
                   published[pool.pk].budget - published[pool.pk].money_used,
                   len(published[pool.pk].selected)] for pool in counted],
            money=(2, 3, 4), numbers=(5,)))
        with_points = any(pool.method in (VotingMethod.CUMULATIVE, VotingMethod.RANKED)
                          for pool in counted)
        rows = []
        for pool in counted:
            result = published[pool.pk]
            paragraphs += [f"{pool}: {sentence}"
                           for sentence in describe.tie_sentences(result.ties, numbers)]
            for row in sorted(result.projects, key=lambda r: -int(r["votes"])):
                project = titles.get(str(row["id"]))
                rows.append([str(pool), project.number if project else "",
                             project.title_public if project else "", row["votes"],
                             *([row["score"]] if with_points else []),
                             Decimal(row["cost"]),
                             _("Selected for funding") if row["selected"]
                             else _("Not selected")])
        cost = 5 if with_points else 4
        tables.append(Table(
            sheet=_("Results"), caption=_("Votes and outcome of each project"),
            columns=[_("Pool"), _("No."), _("Project"), _("Votes"),
                     *([_("Points")] if with_points else []), _("Cost"), _("Outcome")],
            rows=rows, money=(cost,), numbers=(1, 3, 4) if with_points else (1, 3)))
        paragraphs.append(_("Each pool's ballots are published, without anything about who "
                            "cast them, in a file anyone can recount (“Recount it yourself” "
                            "on the results page). Their SHA-256 checksums:"))
        paragraphs += [_("%(pool)s: %(sha256)s") % {"pool": pool,
                                                     "sha256": published[pool.pk].sha256}
                       for pool in counted]
    else:
        paragraphs.append(_("The results are not published yet."))
    return Section(key="results", title=_("Turnout and results"), paragraphs=paragraphs,
                   tables=tables)


SECTIONS.append(results_section)
