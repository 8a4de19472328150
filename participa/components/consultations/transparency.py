"""The annual report on decisional transparency (Romania, Law 52/2003 art. 13) of an
organization, computed from the consultations' data, and its PDF and XLSX files.

Years are calendar years in the organization's time zone: contributions by their date of
receipt, debates by their date, answers by their publication, consultations by their
announcement.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Channel,
    Consultation,
    ConsultationState,
    Contribution,
    DebateRequest,
    Outcome,
)
from participa.components.consultations.services.debates import debates_held
from participa.components.meetings.models import Meeting
from participa.core.models import GroupKind, Organization
from participa.opendata.formats import safe_cell
from participa.reports.pdf import html_to_pdf
from participa.reports.xlsx import XLSXBook

INCLUDED = [Outcome.ACCEPTED, Outcome.PARTIAL]
JUSTIFIED = [Outcome.PARTIAL, Outcome.REJECTED]


@dataclass
class TransparencyReport:
    organization: Organization
    year: int
    received: int = 0
    included: int = 0
    received_online: int = 0
    debates: int = 0
    participants: int = 0
    debates_requested: int = 0
    debates_own_initiative: int = 0
    requests_by_kind: dict[str, int] = field(default_factory=dict)
    announced: int = 0
    adopted: int = 0
    justifications: int = 0
    urgency: int = 0
    urgency_reasons: list[tuple[str, str]] = field(default_factory=list)

    @property
    def online_share(self) -> int:
        """Percentage of recommendations received online (rounded)."""
        return round(100 * self.received_online / self.received) if self.received else 0

    def indicators(self) -> list[tuple[str, Any]]:
        """The indicators as (label, value), in the order of art. 13."""
        rows: list[tuple[str, Any]] = [
            (_("Recommendations received"), self.received),
            (_("Recommendations included in the decisions (accepted or partially)"),
             self.included),
            (_("Public meetings (debates) held"), self.debates),
            (_("Participants in public meetings"), self.participants),
            (_("Debates organised at the written request of a group"), self.debates_requested),
            (_("Debates organised on the city's own initiative"), self.debates_own_initiative),
        ]
        for kind, label in ((GroupKind.NGO, _("Requests for a debate from associations")),
                            (GroupKind.PUBLIC_AUTHORITY,
                             _("Requests for a debate from other authorities")),
                            (GroupKind.INFORMAL,
                             _("Requests for a debate from informal groups"))):
            rows.append((label, self.requests_by_kind.get(str(kind), 0)))
        rows += [
            (_("Draft decisions announced"), self.announced),
            (_("Decisions adopted"), self.adopted),
            (_("Written justifications of recommendations not adopted"), self.justifications),
            (_("Urgency procedures"), self.urgency),
            (_("Share of recommendations received online"), f"{self.online_share} %"),
        ]
        return rows


def _year_bounds(org: Organization, year: int) -> tuple[datetime.datetime, datetime.datetime]:
    try:
        zone: datetime.tzinfo = zoneinfo.ZoneInfo(org.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=zone)


def annual_report(org: Organization, year: int) -> TransparencyReport:
    start, end = _year_bounds(org, year)
    consultations = Consultation.objects.filter(component__space__organization=org)
    report = TransparencyReport(organization=org, year=year)

    contributions = Contribution.objects.filter(consultation__in=consultations,
                                                received_at__gte=start, received_at__lt=end)
    report.received = contributions.count()
    report.received_online = contributions.filter(channel=Channel.ONLINE).count()
    included = (
        (Q(campaign__answer__isnull=False) & Q(campaign__answer__state=AnswerState.PUBLISHED)
         & Q(campaign__answer__outcome__in=INCLUDED))
        | (Q(campaign__answer__isnull=True) & Q(answer__state=AnswerState.PUBLISHED)
           & Q(answer__outcome__in=INCLUDED))
    )
    report.included = contributions.filter(included).count()

    # Debates (meetings linked to a consultation) that took place in the year; one scheduled
    # for later is not counted yet.
    debates = debates_held(Meeting.objects.filter(consultation__in=consultations,
                                                  starts_at__gte=start, starts_at__lt=end))
    figures = debates.aggregate(n=Count("pk"), people=Sum("participants"))
    report.debates = figures["n"] or 0
    report.participants = figures["people"] or 0
    report.debates_requested = debates.filter(requests__isnull=False).distinct().count()
    report.debates_own_initiative = report.debates - report.debates_requested
    requests = DebateRequest.objects.filter(consultation__in=consultations,
                                            received_at__gte=start, received_at__lt=end)
    report.requests_by_kind = {row["group__kind"]: row["n"] for row in
                               requests.values("group__kind").annotate(n=Count("pk"))}

    announced = consultations.exclude(state=ConsultationState.DRAFT).filter(
        announced_on__year=year)
    report.announced = announced.count()
    # A decision counts as adopted in the year of its adoption date; without one it is not
    # counted (the adoption is not documented).
    report.adopted = consultations.filter(adopted=True, adoption_on__year=year).count()
    report.justifications = Answer.objects.filter(
        consultation__in=consultations, state=AnswerState.PUBLISHED,
        published_at__gte=start, published_at__lt=end, outcome__in=JUSTIFIED,
    ).exclude(justification="").count()
    urgent = announced.filter(urgency=True).order_by("announced_on", "pk")
    report.urgency = urgent.count()
    report.urgency_reasons = [(str(consultation), consultation.urgency_reason)
                              for consultation in urgent]
    return report


def available_years(org: Organization) -> list[int]:
    """Years with announced consultations, the current year always included (newest first)."""
    years = {timezone.localdate().year}
    for day in (Consultation.objects.filter(component__space__organization=org,
                                            announced_on__isnull=False)
                .values_list("announced_on", flat=True).distinct()):
        if day is not None:
            years.add(day.year)
    return sorted(years, reverse=True)


def render_pdf(report: TransparencyReport, language: str) -> bytes:
    html = render_to_string("manage/transparency_document.html",
                            {"report": report, "language": language})
    return html_to_pdf(html)


def render_xlsx(report: TransparencyReport) -> bytes:
    title = _("Annual report on decisional transparency %(year)s: %(name)s") % {
        "year": report.year, "name": report.organization.name}
    book = XLSXBook(title=title)
    sheet = book.sheet(str(report.year))
    sheet.set_widths({"A": 70, "B": 40})
    sheet.append([title], bold=True)
    sheet.append([_("Indicator"), _("Value")], bold=True)
    for label, value in report.indicators():
        sheet.append([label, value])
    if report.urgency_reasons:
        sheet.append([])
        sheet.append([_("Consultation"), _("Reason for the urgency procedure")])
        for name, reason in report.urgency_reasons:
            sheet.append([safe_cell(name), safe_cell(reason)])
    return book.to_bytes()
