"""Staff pages of the versions of a consultation's text: the list, uploading a revised or the
final text, and the article-by-article comparison where each change is linked to the
contributions that caused it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participa.components.consultations.forms_setup import (
    ChangeLinkForm,
    VersionForm,
    document_error_message,
)
from participa.components.consultations.manage_views.setup import (
    consultation_staff_view,
    consultation_url,
    render_page,
)
from participa.components.consultations.models import Consultation, DraftVersion
from participa.components.consultations.services import versions as services
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.lib.documents import DocumentError
from participa.spaces.models import Component


def _version_or_404(consultation: Consultation, number: int) -> DraftVersion:
    version = services.version_get(consultation, number)
    if version is None:
        raise Http404
    version.consultation = consultation
    return version


def _diff_url(consultation: Consultation, a: int, b: int) -> str:
    return consultation_url("manage_version_diff", consultation, a, b)


@consultation_staff_view
def manage_versions(request: AuthedRequest, component: Component,
                    consultation: Consultation) -> HttpResponse:
    versions = services.version_list(consultation)
    numbers = {version.number for version in versions}
    # The comparison picker is a GET form on this page.
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if a.isdigit() and b.isdigit():
        if int(a) in numbers and int(b) in numbers:
            return HttpResponseRedirect(_diff_url(consultation, int(a), int(b)))
        messages.error(request, _("Choose two versions of this text to compare."))
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data, source = form.source()
        try:
            units = services.parse_source(data, source)
            version = services.version_create(
                acting_user=request.user,
                consultation=consultation, kind=form.cleaned_data["kind"], units=units,
                note=form.cleaned_data["note"], source_name=source,
            )
        except DocumentError as error:
            form.add_error("file" if form.cleaned_data.get("file") else "text",
                           document_error_message(error.code))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Version %(number)s was added. Below, what changed "
                                        "since the previous version.")
                             % {"number": version.number})
            return HttpResponseRedirect(_diff_url(consultation, version.number - 1,
                                                  version.number))
    has_final = any(version.kind == "final" for version in versions)
    return render_page(request, "consultations/manage/versions.html", consultation.component,
                       consultation=consultation, versions=versions, form=form,
                       can_upload=consultation.is_published and not has_final)


@consultation_staff_view
def manage_version_diff(request: AuthedRequest, component: Component, consultation: Consultation,
                        a: int, b: int) -> HttpResponse:
    old = _version_or_404(consultation, a)
    new = _version_or_404(consultation, b)
    rows = services.version_compare(old, new)
    newer = new if new.number >= old.number else old
    show_all = request.GET.get("all") == "1"
    for index, row in enumerate(rows):
        if row.is_changed and newer.number > 1:
            row.form = ChangeLinkForm(
                prefix=f"change-{index}",
                initial={"article_key": row.key,
                         "contributions": ", ".join(str(n) for n in row.contributions),
                         "note": row.note})
    return render_page(
        request, "consultations/manage/versions_diff.html", consultation.component,
        consultation=consultation, old=old, new=new, newer=newer,
        rows=rows if show_all else [row for row in rows if row.is_changed],
        changed_count=sum(1 for row in rows if row.is_changed), show_all=show_all,
        versions=services.version_list(consultation),
    )


@require_POST
@consultation_staff_view
def manage_version_link(request: AuthedRequest, component: Component, consultation: Consultation,
                        a: int, b: int) -> HttpResponse:
    old = _version_or_404(consultation, a)
    new = _version_or_404(consultation, b)
    newer = new if new.number >= old.number else old
    prefix = request.POST.get("prefix", "")
    if not prefix.startswith("change-"):
        raise Http404
    form = ChangeLinkForm(request.POST, prefix=prefix)
    back = _diff_url(consultation, a, b)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return HttpResponseRedirect(back)
    key = form.cleaned_data["article_key"]
    try:
        services.article_change_link(
            acting_user=request.user,
            version=newer, article_key=key,
            contribution_numbers=form.cleaned_data["contributions"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The reasons for the change were saved."))
    return HttpResponseRedirect(back + f"#article-{key}")


urlpatterns: list[URLPattern] = [
    path("<int:consultation_id>/versions/", manage_versions, name="manage_versions"),
    path("<int:consultation_id>/compare/<int:a>/<int:b>/", manage_version_diff,
         name="manage_version_diff"),
    path("<int:consultation_id>/compare/<int:a>/<int:b>/link/", manage_version_link,
         name="manage_version_link"),
]
