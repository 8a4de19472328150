"""Open data (public page and latest ZIP) and staff exports of a component."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participa.core.http import OrgRequest, org_view, signed_in_user
from participa.opendata import formats, selectors, services
from participa.opendata.permissions import can_rebuild_open_data
from participa.opendata.queue import open_data_request
from participa.spaces.staff import render_manage


@org_view
def index(request: OrgRequest) -> HttpResponse:
    org = request.organization
    build = selectors.latest_build(org)
    return render(request, "opendata/index.html", {
        "build": build,
        "row_counts": sorted((build.row_counts or {}).items()) if build else [],
        "licence": services.open_data_licence(),
        "can_rebuild": can_rebuild_open_data(request.user, org),
    })


@org_view
def latest_zip(request: OrgRequest) -> FileResponse:
    org = request.organization
    build = selectors.latest_build(org)
    if build is None or not build.file:
        raise Http404
    try:
        handle = build.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    filename = f"open-data-{slugify(org.host)}-{build.built_at:%Y-%m-%d}.zip"
    response = FileResponse(handle, as_attachment=True, filename=filename,
                            content_type="application/zip")
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = f'"{build.sha256}"'
    return response


@require_POST
@org_view
def rebuild(request: OrgRequest) -> HttpResponse:
    org = request.organization
    if not can_rebuild_open_data(request.user, org):
        raise Http404
    try:
        open_data_request(organization=org, acting_user=signed_in_user(request))
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, _("The open data is being rebuilt. The new file replaces "
                                    "the current one when it is ready."))
    return redirect("opendata:index")


@org_view
def component_exports(request: OrgRequest, space_slug: str, component_id: int) -> HttpResponse:
    org = request.organization
    component = selectors.component_get_for_export(request.user, org, space_slug, component_id)
    if component is None:
        raise Http404
    return render_manage(request, "opendata/manage/component_exports.html", {
        "space": component.space,
        "component": component,
        "exports": selectors.component_exports(component),
        "formats": list(formats.FORMATS),
    }, "spaces")


@org_view
def component_export_download(request: OrgRequest, space_slug: str, component_id: int,
                              export_name: str, fmt: str) -> HttpResponse:
    org = request.organization
    component = selectors.component_get_for_export(request.user, org, space_slug, component_id)
    if component is None or fmt not in formats.FORMATS:
        raise Http404
    export = selectors.component_export(component, export_name)
    if export is None:
        raise Http404
    file = services.export_download(acting_user=signed_in_user(request),  # staff: signed in
                                    component=component, export=export, fmt=fmt)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
