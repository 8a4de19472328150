"""Staff views of synthesis reports: request a working or final report, follow its progress,
download its files and publish the final one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from participa.components.consultations.manage_views.setup import consultation_staff_view
from participa.components.consultations.models import (
    Consultation,
    ConsultationState,
    ReportState,
    SynthesisReport,
)
from participa.components.consultations.report_render import FORMATS
from participa.components.consultations.services import reports as services
from participa.core import csp
from participa.core.http import AuthedRequest
from participa.spaces.models import Component
from participa.spaces.staff import render_manage

COMPONENT_TYPE = "consultations"
REPORTS_PER_PAGE = 20
REFRESH_SECONDS = 5


def _report_or_404(consultation: Consultation, report_id: int) -> SynthesisReport:
    report = SynthesisReport.objects.filter(consultation=consultation, pk=report_id).first()
    if report is None:
        raise Http404
    report.consultation = consultation
    return report


def reports_url(consultation: Consultation) -> str:
    component = consultation.component
    return reverse("manage:consultations:manage_reports",
                   args=[component.space.slug, component.pk, consultation.pk])


@consultation_staff_view
def manage_reports(request: AuthedRequest, component: Component,
                   consultation: Consultation) -> HttpResponse:
    """The list of reports (GET) and a request for a new one (POST ``kind`` = working/final)."""
    org = consultation.organization
    error = ""
    if request.method == "POST":
        final = request.POST.get("kind") == "final"
        try:
            services.report_request(
                acting_user=request.user,
                consultation=consultation, final=final,
                language=request.POST.get("language") or None)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _(
                "The report is being built. This page shows its progress; its files can be "
                "downloaded here once it is ready."))
            return HttpResponseRedirect(reports_url(consultation))
    reports = SynthesisReport.objects.filter(consultation=consultation).select_related(
        "requested_by").order_by("-created_at", "-id")
    page_obj = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    running = any(report.state in services.ACTIVE_STATES for report in rows)
    published = services.published_report(consultation)
    return render_manage(request, "consultations/manage/reports.html", {
        "component": consultation.component,
        "space": consultation.component.space,
        "consultation": consultation,
        "page_obj": page_obj,
        "reports": rows,
        "running": running,
        "refresh_seconds": REFRESH_SECONDS,
        "can_build_final": consultation.state == ConsultationState.FINAL,
        "error": error,
        "formats": list(FORMATS),
        "languages": list(org.languages or []),
        "default_language": services.report_language(consultation),
        "published_report": published,
        "public_url": reverse("spaces:consultations:report",
                              args=[consultation.component.space.slug,
                                    consultation.component.pk, consultation.slug]),
        "done_state": ReportState.DONE,
        "failed_state": ReportState.FAILED,
    }, nav="spaces")


@consultation_staff_view
def manage_report_file(request: AuthedRequest, component: Component, consultation: Consultation,
                       report_id: int, fmt: str) -> FileResponse:
    report = _report_or_404(consultation, report_id)
    if fmt not in FORMATS or report.state != ReportState.DONE:
        raise Http404
    handle = services.report_file(report, fmt)
    if handle is None:
        raise Http404
    response = FileResponse(handle, as_attachment=fmt != "html",
                            filename=services.report_filename(report, fmt),
                            content_type=FORMATS[fmt])
    if fmt == "html":
        response[csp.HEADER] = csp.SANDBOX_POLICY  # opened sandboxed, like the public one
    return response


@consultation_staff_view
def manage_report_publish(request: AuthedRequest, component: Component, consultation: Consultation,
                          report_id: int) -> HttpResponse:
    """Confirm (GET) and publish (POST) a final report."""
    report = _report_or_404(consultation, report_id)
    back = reports_url(consultation)
    error = ""
    if request.method == "POST":
        try:
            services.report_publish(acting_user=request.user,
                                    report=report)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The report is published. The people following the "
                                        "consultation were told."))
            return HttpResponseRedirect(back)
    return render_manage(request, "consultations/manage/reports_publish.html", {
        "component": consultation.component,
        "space": consultation.component.space,
        "consultation": consultation,
        "report": report,
        "error": error,
        "back_url": back,
        "done_state": ReportState.DONE,
    }, nav="spaces")


urlpatterns: list[URLPattern] = [
    path("<int:consultation_id>/reports/", manage_reports, name="manage_reports"),
    path("<int:consultation_id>/reports/<int:report_id>/publish/", manage_report_publish,
         name="manage_report_publish"),
    path("<int:consultation_id>/reports/<int:report_id>/<str:fmt>/", manage_report_file,
         name="manage_report_file"),
]
