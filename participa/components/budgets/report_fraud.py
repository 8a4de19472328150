"""The edition report's section of excluded votes: how many ballots the electoral commission
left out of the results, and why (counts and reasons only)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.components.budgets.report import ReportData, Section, Table
from participa.components.budgets.services.fraud import excluded_summary


def excluded_section(data: ReportData) -> Section | None:
    """None while no ballot is excluded (one query)."""
    summary = excluded_summary(data.edition)
    if not summary:
        return None
    total = sum(count for _reason, count in summary)
    return Section(
        key="excluded", title=_("Excluded votes"),
        paragraphs=[ngettext(
            "%(count)s vote was excluded from the results by the electoral commission.",
            "%(count)s votes were excluded from the results by the electoral commission.",
            total) % {"count": total}],
        tables=[Table(sheet=_("Excluded votes"), caption=_("Excluded votes by reason"),
                      columns=[_("Reason"), _("Votes")],
                      rows=[[reason, count] for reason, count in summary], numbers=(1,))])
