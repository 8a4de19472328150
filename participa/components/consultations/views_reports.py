"""The public synthesis report of a consultation: the published data as a page (the table
paginated) and the files of the published report (HTML, PDF, XLSX, CSV)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import translation

from participa.components.consultations import permissions, report_data
from participa.components.consultations.models import Consultation
from participa.components.consultations.report_render import FORMATS
from participa.components.consultations.services import reports as services
from participa.core import csp
from participa.core.http import OrgRequest
from participa.spaces.decorators import component_view
from participa.spaces.models import Component

ROWS_PER_PAGE = services.PUBLIC_ROWS_PER_PAGE


def _consultation(user: Any, component: Component, slug: str) -> Consultation | None:
    consultation = Consultation.objects.filter(component=component, slug=slug).first()
    if consultation is None or not permissions.can_view_report(user, consultation):
        return None
    consultation.component = component
    return consultation


# A public view of the report of a consultation whose report the visitor may see; else 404.
report_view = component_view("consultations", item=_consultation)


@report_view
def report(request: OrgRequest, component: Component, consultation: Consultation) -> HttpResponse:
    """The report with the published answers only, whoever looks at it.

    A published report is read from what its build stored (the HTML around the table and one
    page of rows): a fixed number of queries and no statistics recomputed, whatever its size.
    Before publication (or for a report built before pages were stored) it is computed live.
    """
    published = services.published_report(consultation)
    context: dict[str, Any] = {
        "component": consultation.component,
        "space": consultation.component.space,
        "consultation": consultation,
        "published_report": published,
        "formats": [fmt for fmt in FORMATS if published and fmt in (published.files or {})],
        "report_language": published.language if published else translation.get_language(),
        "nav": "processes" if consultation.component.space.is_process else "assemblies",
    }
    if published is not None and published.fragments and published.page_size:
        stored_page = Paginator(range(published.total), published.page_size).get_page(
            request.GET.get("page"))
        page = services.report_page(published, stored_page.number)
        context.update({"title": published.fragments.get("title", ""),
                        "stored": published.fragments,
                        "stored_rows": page.html if page is not None else "",
                        "page_obj": stored_page})
        return render(request, "consultations/report.html", context)
    data = report_data.gather(consultation, final=published is not None, published_only=True)
    page_obj = Paginator(report_data.position_queryset(consultation),
                         ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [report_data.row_for(contribution, published_only=True)
            for contribution in page_obj.object_list]
    context.update({"title": data.title, "data": data, "rows": rows, "page_obj": page_obj})
    return render(request, "consultations/report.html", context)


@report_view
def report_file(request: OrgRequest, component: Component, consultation: Consultation,
                fmt: str) -> FileResponse:
    published = services.published_report(consultation)
    if published is None or fmt not in FORMATS:
        raise Http404
    handle = services.report_file(published, fmt)
    if handle is None:
        raise Http404
    published.consultation = consultation
    response = FileResponse(handle, as_attachment=fmt != "html",
                            filename=services.report_filename(published, fmt),
                            content_type=FORMATS[fmt])
    if fmt == "html":
        # Written from contributions, served from the main origin: opened sandboxed, no scripts.
        response[csp.HEADER] = csp.SANDBOX_POLICY
    return response


urlpatterns: list[URLPattern] = [
    path("<slug:slug>/report/", report, name="report"),
    path("<slug:slug>/report/<str:fmt>/", report_file, name="report_file"),
]
