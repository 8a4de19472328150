"""The annual report on decisional transparency (Law 52/2003 art. 13) of the organization:
a page for its staff, with PDF and XLSX downloads."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone, translation

from participa.components.consultations import transparency
from participa.core import permissions as core_permissions
from participa.core.http import AuthedRequest
from participa.core.models import Organization
from participa.spaces.staff import manage_view, organization_of, render_manage

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _organization_or_404(request: HttpRequest) -> Organization:
    """Administrators and organization staff (officials, moderators, representatives)."""
    org = organization_of(request)
    if not core_permissions.is_staff_member(request.user, org):
        raise Http404
    return org


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    if value.isdigit() and 1990 <= int(value) <= 2200:
        return int(value)
    return timezone.localdate().year - 1 if timezone.localdate().month <= 3 else \
        timezone.localdate().year


def transparency_report(request: HttpRequest) -> HttpResponse:
    org = _organization_or_404(request)
    year = _year(request)
    years = transparency.available_years(org)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    return render_manage(request, "manage/transparency.html", {
        "report": transparency.annual_report(org, year),
        "year": year,
        "years": years,
    }, nav="transparency")


@manage_view(core_permissions.is_staff_member)
def transparency_report_file(request: AuthedRequest, fmt: str) -> HttpResponse:
    org = _organization_or_404(request)
    if fmt not in CONTENT_TYPES:
        raise Http404
    year = _year(request)
    report = transparency.annual_report(org, year)
    if fmt == "pdf":
        language = translation.get_language() or org.default_language
        content = transparency.render_pdf(report, language)
    else:
        content = transparency.render_xlsx(report)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="transparency-report-{year}.{fmt}"')
    return response


urlpatterns: list[URLPattern] = [
    path("transparency/", transparency_report, name="transparency_report"),
    path("transparency/<str:fmt>/", transparency_report_file, name="transparency_report_file"),
]
