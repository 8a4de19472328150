"""Back office: newsletters (administrators only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.core.models import Organization
from participa.notifications import newsletter as newsletter_services
from participa.notifications import permissions, selectors
from participa.notifications.audience import opted_in
from participa.notifications.forms import NewsletterForm
from participa.notifications.models import Newsletter
from participa.spaces.staff import manage_view, render_manage

NAV = "newsletter"


# Newsletters: administrators only; 404 otherwise.
newsletter_view = manage_view(permissions.can_manage_newsletters)


def _admin_org(request: AuthedRequest) -> Organization:
    return request.organization


def _newsletter_or_404(request: AuthedRequest, pk: int) -> tuple[Organization, Newsletter]:
    org = _admin_org(request)
    newsletter = Newsletter.objects.filter(pk=pk, organization=org).select_related(
        "organization", "space", "scope", "area").first()
    if newsletter is None:
        raise Http404
    return org, newsletter


@newsletter_view
def newsletter_list(request: AuthedRequest) -> HttpResponse:
    org = _admin_org(request)
    paginator = Paginator(selectors.newsletter_list(org), 20)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render_manage(request, "notifications/manage/newsletter_list.html", {
        "page_obj": page_obj, "newsletters": page_obj.object_list,
        "opted_in": opted_in(org).count(),
    }, NAV)


@newsletter_view
def newsletter_create(request: AuthedRequest) -> HttpResponse:
    org = _admin_org(request)
    user = request.user
    form = NewsletterForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            newsletter = newsletter_services.newsletter_create(
                acting_user=user, organization=org, values=form.values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The newsletter is saved as a draft. Check the "
                                        "preview, then send it."))
            return redirect("notifications:newsletter_detail", newsletter.pk)
    return render_manage(request, "notifications/manage/newsletter_form.html", {
        "form": form, "newsletter": None}, NAV)


@newsletter_view
def newsletter_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    org, newsletter = _newsletter_or_404(request, pk)
    if not permissions.can_edit_newsletter(request.user, newsletter):
        raise Http404
    user = request.user
    form = NewsletterForm(request.POST or None, instance=newsletter, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            newsletter_services.newsletter_update(
                acting_user=user, newsletter=Newsletter.objects.get(pk=newsletter.pk),
                values=form.values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The newsletter is saved."))
            return redirect("notifications:newsletter_detail", newsletter.pk)
    return render_manage(request, "notifications/manage/newsletter_form.html", {
        "form": form, "newsletter": newsletter}, NAV)


@newsletter_view
def newsletter_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Preview (as the administrator would receive it), recipients and sending progress."""
    _org, newsletter = _newsletter_or_404(request, pk)
    user = request.user
    preview = newsletter_services.newsletter_preview(newsletter, user)
    is_draft = newsletter.status == Newsletter.Status.DRAFT
    return render_manage(request, "notifications/manage/newsletter_detail.html", {
        "newsletter": newsletter, "preview": preview,
        "recipient_count": newsletter_services.newsletter_recipients(newsletter).count()
        if is_draft else newsletter.total,
        "progress": newsletter_services.newsletter_progress(newsletter),
        "can_edit": permissions.can_edit_newsletter(user, newsletter),
    }, NAV)


@require_POST
@newsletter_view
def newsletter_test(request: AuthedRequest, pk: int) -> HttpResponse:
    _org, newsletter = _newsletter_or_404(request, pk)
    user = request.user
    try:
        newsletter_services.newsletter_send_test(acting_user=user, newsletter=newsletter)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A test e-mail is on its way to %(email)s.")
                         % {"email": user.email})
    return redirect("notifications:newsletter_detail", newsletter.pk)


@newsletter_view
def newsletter_send(request: AuthedRequest, pk: int) -> HttpResponse:
    """Confirmation page (GET), then sending in the background (POST)."""
    _org, newsletter = _newsletter_or_404(request, pk)
    if not permissions.can_edit_newsletter(request.user, newsletter):
        raise Http404
    user = request.user
    error_message = ""
    if request.method == "POST":
        try:
            total = newsletter_services.newsletter_send(acting_user=user, newsletter=newsletter)
        except ValidationError as error:
            error_message = " ".join(error.messages)
        else:
            messages.success(request, ngettext("Sending has started to %(count)s person.",
                                               "Sending has started to %(count)s people.",
                                               total) % {"count": total})
            return redirect("notifications:newsletter_detail", newsletter.pk)
    return render_manage(request, "notifications/manage/newsletter_send.html", {
        "newsletter": newsletter, "error_message": error_message,
        "recipient_count": newsletter_services.newsletter_recipients(newsletter).count(),
    }, NAV)
