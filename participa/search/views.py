"""The search results page: /search/?q=...&kind=...&scope=...&area=...&date_from=...&date_to=..."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from participa.search.forms import SearchForm
from participa.search.registry import all_specs
from participa.search.selectors import SearchFilters, search_documents

RESULTS_PER_PAGE = getattr(settings, "PAGINATE_BY", 20)


def search(request: HttpRequest) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
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
        page_obj = Paginator(qs, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    labels = {spec.kind: spec.label for spec in all_specs()}
    results = list(page_obj.object_list) if page_obj is not None else []
    for document in results:
        document.kind_label = labels.get(document.kind, document.kind)  # type: ignore[attr-defined]
    return render(request, "search/results.html", {
        "form": form, "page_obj": page_obj, "results": results, "searched": searched,
        "query": request.GET.get("q", ""), "search_query": request.GET.get("q", ""),
    })
