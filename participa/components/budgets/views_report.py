"""The public files of an edition's published report (HTML, PDF, XLSX)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from participa.components.budgets.permissions import edition_of
from participa.components.budgets.report import FORMATS
from participa.components.budgets.services import report as services
from participa.core import csp
from participa.core.http import OrgRequest
from participa.spaces.decorators import component_view
from participa.spaces.models import Component


@component_view("budgets")
def report_file(request: OrgRequest, component: Component, fmt: str) -> FileResponse:
    """A file of the latest published report; 404 before any is published."""
    edition = edition_of(component)
    if edition is None or fmt not in FORMATS:
        raise Http404
    published = services.published_edition_report(edition)
    handle = services.edition_report_file(published, fmt) if published else None
    if published is None or handle is None:
        raise Http404
    published.edition = edition
    response = FileResponse(handle, as_attachment=fmt != "html",
                            filename=services.edition_report_filename(published, fmt),
                            content_type=FORMATS[fmt])
    if fmt == "html":
        response[csp.HEADER] = csp.SANDBOX_POLICY  # its own styles, no script, sandboxed
    return response
