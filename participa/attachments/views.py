"""Downloads (public, permission-checked) and the staff page that adds and removes files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from participa.attachments import services
from participa.attachments.forms import AttachmentForm
from participa.attachments.models import Attachment
from participa.attachments.permissions import can_download_attachment, can_manage_attachments
from participa.attachments.registry import TargetSpec, target_spec, target_spec_for
from participa.core.http import signed_in_user
from participa.spaces import visibility
from participa.spaces.staff import confirm_action, render_manage


def _organization(request: HttpRequest) -> Any:
    org = getattr(request, "organization", None)
    if org is None:
        raise Http404
    return org


def _target_or_404(request: HttpRequest, target_type: str,
                   object_id: int) -> tuple[TargetSpec, models.Model]:
    """The target if it is attachable, belongs to this organization and the person may manage
    its attachments; 404 otherwise (missing and forbidden alike)."""
    org = _organization(request)
    spec = target_spec(target_type)
    if spec is None:
        raise Http404
    # Resolved through the item's visibility rule in this organization only.
    target = visibility.resolve(spec.item, request.user, org, object_id)
    if target is None:
        # An item its rule hides from the public that the person may still manage (an
        # author's draft proposal): this organization's, and only if ``can_manage`` says so.
        hidden = spec.model._default_manager.filter(pk=object_id).first()
        if hidden is not None and visibility.organization_of(hidden) == org:
            target = hidden
    if target is None or not can_manage_attachments(request.user, target):
        raise Http404
    return spec, target


def manage_url(target: models.Model) -> str:
    return reverse("attachments:manage", args=[target._meta.label_lower, target.pk])


def download(request: HttpRequest, pk: int) -> FileResponse:
    org = _organization(request)
    attachment = (
        Attachment.objects.filter(pk=pk, organization=org).select_related("content_type").first()
    )
    if attachment is None:
        raise Http404
    target = attachment.target
    if target is None or not can_download_attachment(request.user, attachment, target):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=not attachment.is_image, filename=attachment.original_name,
        content_type=attachment.mime_type,
    )
    # Images open in the browser ("inline"), documents download ("attachment"); Django
    # encodes the file name (RFC 6266 / 5987).
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response


def manage(request: HttpRequest, target_type: str, object_id: int) -> HttpResponse:
    spec, target = _target_or_404(request, target_type, object_id)
    org = _organization(request)
    form = AttachmentForm(request.POST or None, request.FILES or None, organization=org)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            attachment = services.attachment_create(
                acting_user=signed_in_user(request),  # may manage the target: signed in
                target=target, file=upload, file_name=upload.name or "", size=upload.size or 0,
                title=form.translated_value("title"),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("“%(title)s” was attached.") % {"title": attachment})
            return HttpResponseRedirect(manage_url(target))
    attachments = list(
        Attachment.objects.filter(content_type__app_label=target._meta.app_label,
                                  content_type__model=target._meta.model_name,
                                  object_id=target.pk)
    )
    return render_manage(request, "attachments/manage.html", {
        "target": target,
        "space": spec.space(target),
        "attachments": attachments,
        "form": form,
        "target_manage_url": spec.manage_url(target) if spec.manage_url else "",
        "target_public_url": getattr(target, "get_absolute_url", lambda: "")(),
    }, nav="spaces")


def delete(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organization(request)
    attachment = Attachment.objects.filter(pk=pk, organization=org).first()
    if attachment is None:
        raise Http404
    target = attachment.target
    if target is None or target_spec_for(target) is None:
        raise Http404
    _spec, target = _target_or_404(request, target._meta.label_lower, target.pk)
    back = manage_url(target)
    title = str(attachment)
    return confirm_action(
        request, obj=attachment, cancel_url=back, nav="spaces",
        perform=lambda: services.attachment_delete(
            acting_user=signed_in_user(request), attachment=attachment
        ),
        success_url=back,
        success_message=_("“%(title)s” was removed.") % {"title": title},
    )
