"""The annual report on decisional transparency (Law 52/2003 art. 13) of the organization:
a page for its staff, which asks for the PDF and XLSX to be built in the background and
downloads the stored files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participa.components.consultations import transparency
from participa.components.consultations.services import transparency as services
from participa.core import permissions as core_permissions
from participa.core.http import AuthedRequest
from participa.core.models import Organization
from participa.reports.models import BuildState
from participa.spaces.staff import manage_view, organization_of, render_manage

CONTENT_TYPES = services.CONTENT_TYPES
REFRESH_SECONDS = 5


def _organization_or_404(request: HttpRequest) -> Organization:
    """Administrators and organization staff (officials, moderators, representatives)."""
    org = organization_of(request)
    if not core_permissions.is_staff_member(request.user, org):
        raise Http404
    return org


def _parse_year(value: str) -> int | None:
    if value.isdigit() and 1990 <= int(value) <= 2200:
        return int(value)
    return None


def _year(request: HttpRequest) -> int:
    year = _parse_year(request.GET.get("year", ""))
    if year is not None:
        return year
    return timezone.localdate().year - 1 if timezone.localdate().month <= 3 else \
        timezone.localdate().year


def _language(org: Organization) -> str:
    return services.transparency_language(org, translation.get_language())


def _page_url(year: int) -> str:
    return f"{reverse('manage:transparency_report')}?year={year}"


def transparency_report(request: HttpRequest) -> HttpResponse:
    org = _organization_or_404(request)
    year = _year(request)
    years = transparency.available_years(org)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    build = services.latest_transparency_report(org, year, _language(org))
    return render_manage(request, "manage/transparency.html", {
        "report": transparency.annual_report(org, year),
        "year": year,
        "years": years,
        "build": build,
        "running": build is not None and build.is_active,
        "refresh_seconds": REFRESH_SECONDS,
        "done_state": BuildState.DONE,
        "failed_state": BuildState.FAILED,
    }, nav="transparency")


@require_POST
@manage_view(core_permissions.is_staff_member)
def transparency_report_build(request: AuthedRequest) -> HttpResponse:
    """Ask for the year's report to be built (POST ``year``)."""
    org = _organization_or_404(request)
    year = _parse_year(request.POST.get("year", ""))
    if year is None:
        raise Http404
    try:
        services.transparency_report_request(acting_user=request.user, organization=org,
                                             year=year, language=_language(org))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is being built. This page shows its "
                                    "progress; its files can be downloaded here once it is "
                                    "ready."))
    return HttpResponseRedirect(_page_url(year))


@manage_view(core_permissions.is_staff_member)
def transparency_report_file(request: AuthedRequest, fmt: str) -> FileResponse:
    """The stored file of the year's latest built report (never rebuilt here)."""
    org = _organization_or_404(request)
    if fmt not in CONTENT_TYPES:
        raise Http404
    year = _year(request)
    build = services.latest_built_transparency_report(org, year, _language(org))
    handle = services.transparency_report_file(build, fmt) if build is not None else None
    if handle is None:
        raise Http404
    return FileResponse(handle, as_attachment=True,
                        filename=f"transparency-report-{year}.{fmt}",
                        content_type=CONTENT_TYPES[fmt])


urlpatterns: list[URLPattern] = [
    path("transparency/", transparency_report, name="transparency_report"),
    path("transparency/build/", transparency_report_build, name="transparency_report_build"),
    path("transparency/<str:fmt>/", transparency_report_file, name="transparency_report_file"),
]
