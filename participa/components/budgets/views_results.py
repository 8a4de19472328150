"""Public pages of an edition's results: winners and votes per pool with a bar chart and its
data table, the money used and left, the rule and tie-breaks in plain words, the votes left
out of the count, each pool's anonymised Pabulib file with its SHA-256, and "Recount it
yourself". Nothing is shown before staff publish the results (``services/results.py``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import ngettext

from participa.components.budgets import describe
from participa.components.budgets.models import Edition, Project
from participa.components.budgets.models_results import PoolResult
from participa.components.budgets.permissions import edition_of
from participa.components.budgets.services import results as services
from participa.components.budgets.views import nav_of
from participa.core.http import OrgRequest
from participa.spaces.decorators import component_view
from participa.spaces.models import Component

# The bar chart's geometry (SVG user units; the chart scales to the page's width up to
# 30rem, so that its 14-unit text reads at 12 px or more on a phone and stays text-sized
# on a wide screen).
CHART_WIDTH = 320
LABEL_WIDTH = 72
BAR_SPACE = 192
ROW_HEIGHT = 28


def _edition(component: Component) -> Edition:
    edition = edition_of(component)
    if edition is None:
        raise Http404
    edition.component = component
    return edition


def excluded_sentences(result: PoolResult) -> list[str]:
    lines = []
    if result.excluded_quarantined:
        lines.append(ngettext(
            "%(count)d vote excluded: held for review by the electoral commission as "
            "suspicious.",
            "%(count)d votes excluded: held for review by the electoral commission as "
            "suspicious.", result.excluded_quarantined) % {"count": result.excluded_quarantined})
    if result.excluded_annulled:
        lines.append(ngettext(
            "%(count)d vote excluded: annulled by the electoral commission.",
            "%(count)d votes excluded: annulled by the electoral commission.",
            result.excluded_annulled) % {"count": result.excluded_annulled})
    return lines


def pool_view(result: PoolResult, projects: dict[str, Project]) -> dict[str, Any]:
    """What the page shows of one pool's result: rows by votes, the chart's bars."""
    rows = []
    for row in result.projects:
        project = projects.get(str(row["id"]))
        if project is None:
            continue
        rows.append({"project": project, "votes": row["votes"], "score": row["score"],
                     "cost": Decimal(row["cost"]), "selected": row["selected"]})
    rows.sort(key=lambda r: (not r["selected"], -r["votes"], r["project"].number))
    top = max((r["votes"] for r in rows), default=0) or 1
    for index, row in enumerate(rows):
        row["y"] = index * ROW_HEIGHT
        row["text_y"] = index * ROW_HEIGHT + 18
        row["width"] = round(BAR_SPACE * row["votes"] / top, 1)
        row["value_x"] = LABEL_WIDTH + row["width"] + 4
    numbers = {pid: p.number for pid, p in projects.items()}
    with_points = result.pool.method != "approval" and result.pool.method != "knapsack"
    return {"result": result, "pool": result.pool, "rows": rows, "with_points": with_points,
            "chart_height": max(len(rows), 1) * ROW_HEIGHT, "label_width": LABEL_WIDTH,
            "chart_width": CHART_WIDTH, "ties": describe.tie_sentences(result.ties, numbers),
            "excluded": excluded_sentences(result), "rule": describe.rule_words(result.pool),
            "money_left": result.budget - result.money_used}


@component_view("budgets")
def results(request: OrgRequest, component: Component) -> HttpResponse:
    """The edition's published results, pool by pool (a fixed number of queries)."""
    edition = _edition(component)
    published = services.published_results(edition)
    ids = [int(row["id"]) for result in published for row in result.projects]
    projects = {str(p.pk): p for p in Project.objects.filter(pk__in=ids)} if ids else {}
    for project in projects.values():
        project.component = component  # its address needs the component and its space
    return render(request, "budgets/results/index.html", {
        "component": component, "space": component.space, "edition": edition,
        "nav": nav_of(component), "pools": [pool_view(r, projects) for r in published],
        "tie_breaks": describe.tie_break_words(edition)})


@component_view("budgets")
def recount(request: OrgRequest, component: Component) -> HttpResponse:
    """How to recount a published file with the project's counting library or pabutools."""
    edition = _edition(component)
    return render(request, "budgets/results/recount.html", {
        "component": component, "space": component.space, "edition": edition,
        "nav": nav_of(component), "pools": services.published_results(edition),
        "tie_breaking": services.tie_breaking_of(edition)})


def result_filename(result: PoolResult) -> str:
    space = result.edition.component.space
    return f"{slugify(space.slug)}-pool-{result.pool_id}.pb"


@component_view("budgets")
def result_file(request: OrgRequest, component: Component, pool_id: int) -> FileResponse:
    """A pool's anonymised Pabulib file, once the results are published."""
    edition = _edition(component)
    result = (PoolResult.objects.filter(edition=edition, pool_id=pool_id,
                                        published_at__isnull=False).first())
    handle = services.result_file(result) if result else None
    if result is None or handle is None:
        raise Http404
    result.edition = edition
    return FileResponse(handle, as_attachment=True, filename=result_filename(result),
                        content_type="text/plain; charset=utf-8")
