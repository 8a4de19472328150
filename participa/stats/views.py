"""The organization's participation statistics page."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.core.http import OrgRequest, org_view
from participa.stats import selectors
from participa.stats.charts import Bar, bar_chart_svg


@org_view
def index(request: OrgRequest) -> HttpResponse:
    org = request.organization
    counts = selectors.organization_counts(org)
    months = selectors.monthly_comments(org)
    bars = [Bar(label=formats.date_format(month, "M"), sublabel=formats.date_format(month, "Y"),
                value=value) for month, value in months]
    total = sum(value for _month, value in months)
    first, last = months[0][0], months[-1][0]
    chart = bar_chart_svg(
        chart_id="chart-monthly-comments",
        title=_("Comments per month"),
        description=ngettext(
            "Public comments in each of the last %(count)d months, from %(first)s to "
            "%(last)s: %(total)d in all. The same numbers are in the table below the chart.",
            "Public comments in each of the last %(count)d months, from %(first)s to "
            "%(last)s: %(total)d in all. The same numbers are in the table below the chart.",
            total) % {
            "count": len(months), "first": formats.date_format(first, "YEAR_MONTH_FORMAT"),
            "last": formats.date_format(last, "YEAR_MONTH_FORMAT"), "total": total},
        bars=bars,
    )
    paginator = Paginator(selectors.space_rows(org), getattr(settings, "PAGINATE_BY", 20))
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "stats/index.html", {
        "counts": counts,
        "months": months,
        "chart": chart,
        "page_obj": page_obj,
        "rows": selectors.with_counts(list(page_obj.object_list)),
        "nav": "statistics",
    })
