"""The public journal of proposals at /proposals/journal/: every space of the organization
(or one, with the space filter), filtered, paginated in a fixed number of queries, and its
exports as shown (CSV, JSON). The feeds are in ``feeds.py``."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from participa.components.proposals.public_journal import (
    JournalFilterSet,
    journal_proposals,
    journal_row,
)
from participa.core.http import OrgRequest, org_view
from participa.core.pagecache import cache_for_visitors
from participa.opendata.formats import BOM, safe_cell

ROWS_PER_PAGE = 25
# The columns of the CSV export, in order (the keys of ``journal_row``).
CSV_COLUMNS = ("number", "registration", "space", "received_at", "channel", "author", "title",
               "text", "district", "area", "category", "state", "supports", "answer",
               "answer_justification", "published_at", "threshold_reached_at",
               "answer_due_on", "answered_at", "withdrawn_at", "url")


def _filtered(request: OrgRequest) -> JournalFilterSet:
    org = request.organization
    filterset = JournalFilterSet.from_request(
        request, journal_proposals(request.user, org), organization=org)
    assert isinstance(filterset, JournalFilterSet)
    return filterset


def _query(request: OrgRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@cache_for_visitors
@org_view
def journal(request: OrgRequest) -> HttpResponse:
    """The journal page: each proposal with its author as published, its redacted text, its
    current answer and the date of each step."""
    filterset = _filtered(request)
    page_obj = Paginator(filterset.filtered_qs, ROWS_PER_PAGE).get_page(
        request.GET.get("page"))
    query = _query(request)
    suffix = f"?{query}" if query else ""
    return render(request, "proposals/journal.html", {
        "form": filterset.form, "filtered": filterset.is_bound, "page_obj": page_obj,
        "rows": list(page_obj.object_list), "query": query,
        "csv_url": reverse("proposals_journal_csv") + suffix,
        "json_url": reverse("proposals_journal_json") + suffix,
        "atom_url": reverse("proposals_journal_atom") + suffix,
        "rss_url": reverse("proposals_journal_rss") + suffix,
        "nav": "journal",
    })


def _filename(extension: str) -> str:
    return f"proposals-journal-{timezone.localdate().isoformat()}.{extension}"


@org_view
def journal_csv(request: OrgRequest) -> HttpResponse:
    """The journal as shown (filters applied, every page), one proposal per row."""
    base = request.build_absolute_uri("/").rstrip("/")
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for proposal in _filtered(request).filtered_qs.iterator(chunk_size=500):
        row = journal_row(proposal, base_url=base)
        writer.writerow([safe_cell(row[column]) for column in CSV_COLUMNS])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


@org_view
def journal_json(request: OrgRequest) -> HttpResponse:
    """The journal as shown, as a JSON list of proposals."""
    base = request.build_absolute_uri("/").rstrip("/")
    rows: list[dict[str, Any]] = [
        journal_row(proposal, base_url=base)
        for proposal in _filtered(request).filtered_qs.iterator(chunk_size=500)]
    response = HttpResponse(json.dumps({"proposals": rows}, ensure_ascii=False, indent=1),
                            content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response
