"""The search results page: /search/?q=...&kind=...&scope=...&area=...&date_from=...&date_to=..."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from participa.core.http import OrgRequest, org_view
from participa.core.i18n import translated
from participa.search.forms import SearchForm
from participa.search.models import SearchDocument
from participa.search.registry import SearchSpec, all_specs
from participa.search.selectors import UNREAD, SearchFilters, search_documents

RESULTS_PER_PAGE = getattr(settings, "PAGINATE_BY", 20)


def result_heading(spec: SearchSpec | None, document: SearchDocument) -> str:
    """What the hit is, in the visitor's language ("Contribution No. 12 to “…”"), or its
    title."""
    if spec is not None and spec.heading is not None and document.facts:
        facts = {name: translated(value) if isinstance(value, dict) else str(value)
                 for name, value in document.facts.items()}
        return spec.heading({"title": document.display_title(), **facts})
    return document.display_title()


@org_view
def search(request: OrgRequest) -> HttpResponse:
    org = request.organization
    params = {key: value for key, value in request.GET.items() if key != "page" and value}
    form = SearchForm(params or None, organization=org)
    page_obj = None
    searched = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        searched = True
        filters = SearchFilters(
            q=data["q"], kinds=[data["kind"]] if data["kind"] else [], scope=data["scope"],
            area=data["area"], date_from=data["date_from"], date_to=data["date_to"],
        )
        qs = search_documents(request.user, org, filters)
        # Sort and cut the ids only (a narrow sort however many matches), then read the page.
        page_obj = Paginator(qs.values_list("pk", flat=True), RESULTS_PER_PAGE).get_page(
            request.GET.get("page"))
    specs = {spec.kind: spec for spec in all_specs()}
    results: list[SearchDocument] = []
    if page_obj is not None:
        ids = list(page_obj.object_list)
        rows = SearchDocument.objects.select_related("space").defer(*UNREAD).in_bulk(ids)
        results = [rows[pk] for pk in ids if pk in rows]
    for document in results:
        spec = specs.get(document.kind)
        document.kind_label = spec.label if spec else document.kind
        document.heading = result_heading(spec, document)
    return render(request, "search/results.html", {
        "form": form, "page_obj": page_obj, "results": results, "searched": searched,
        "query": request.GET.get("q", ""), "search_query": request.GET.get("q", ""),
    })
