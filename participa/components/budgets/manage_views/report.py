"""Staff views of the edition report: ask for a build, follow its progress (the page reloads
itself while a build runs, and can be stopped), download its HTML, PDF and XLSX files and
publish a built report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participa.components.budgets.manage_views.common import (
    budget_staff_view,
    edition_or_none,
    render_budget,
)
from participa.components.budgets.models import Edition
from participa.components.budgets.models_report import EditionReport
from participa.components.budgets.report import FORMATS
from participa.components.budgets.services import report as services
from participa.core import csp
from participa.core.http import AuthedRequest
from participa.reports.models import BuildState
from participa.spaces.models import Component

REPORTS_PER_PAGE = 20
REFRESH_SECONDS = 5


def reports_url(component: Component) -> str:
    return reverse("manage:budgets:manage_reports", args=[component.space.slug, component.pk])


def _edition_or_404(component: Component) -> Edition:
    edition = edition_or_none(component)
    if edition is None:
        raise Http404
    return edition


def _report_or_404(edition: Edition, report_id: int) -> EditionReport:
    built = EditionReport.objects.filter(edition=edition, pk=report_id).first()
    if built is None:
        raise Http404
    built.edition = edition
    return built


@budget_staff_view
def manage_reports(request: AuthedRequest, component: Component) -> HttpResponse:
    """The builds of the edition's report (GET) and a request for a new one (POST)."""
    edition = _edition_or_404(component)
    org = component.space.organization
    error = ""
    if request.method == "POST":
        try:
            services.edition_report_request(acting_user=request.user, edition=edition,
                                            language=request.POST.get("language") or None)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The report is being built. This page shows its "
                                        "progress; its files can be downloaded here once it "
                                        "is ready."))
            return HttpResponseRedirect(reports_url(component))
    builds = EditionReport.objects.filter(edition=edition).order_by("-created_at", "-id")
    page_obj = Paginator(builds, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    return render_budget(
        request, "budgets/report/manage.html", component,
        edition=edition, page_obj=page_obj, reports=rows,
        running=any(row.state in services.ACTIVE_STATES for row in rows),
        refresh_seconds=REFRESH_SECONDS, error=error, formats=list(FORMATS),
        languages=list(org.languages or []),
        default_language=services.edition_report_language(edition),
        published_report=services.published_edition_report(edition),
        done_state=BuildState.DONE, failed_state=BuildState.FAILED)


@budget_staff_view
def manage_report_file(request: AuthedRequest, component: Component, report_id: int,
                       fmt: str) -> FileResponse:
    built = _report_or_404(_edition_or_404(component), report_id)
    if fmt not in FORMATS:
        raise Http404
    handle = services.edition_report_file(built, fmt)
    if handle is None:
        raise Http404
    response = FileResponse(handle, as_attachment=fmt != "html",
                            filename=services.edition_report_filename(built, fmt),
                            content_type=FORMATS[fmt])
    if fmt == "html":
        response[csp.HEADER] = csp.SANDBOX_POLICY  # opened sandboxed, like the public one
    return response


@require_POST
@budget_staff_view
def manage_report_publish(request: AuthedRequest, component: Component,
                          report_id: int) -> HttpResponse:
    built = _report_or_404(_edition_or_404(component), report_id)
    try:
        services.edition_report_publish(acting_user=request.user, report_build=built)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report is published: the edition page links it."))
    return HttpResponseRedirect(reports_url(component))
