"""Moderation: the public report form (reused by every reportable type) and the queue at
/manage/moderation/ where moderators, administrators and space managers decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest, signed_in_user
from participa.moderation import permissions, ratelimit, registry, selectors, services
from participa.moderation.forms import BlockForm, HideForm, ReportForm
from participa.moderation.models import Block, Moderation
from participa.spaces.staff import manage_view, post_only, render_manage

STATUS_FILTERS = [
    ("pending", gettext_lazy("Waiting for review")),
    ("hidden", gettext_lazy("Hidden")),
    ("reviewed", gettext_lazy("Reviewed")),
    ("all", gettext_lazy("All")),
]


def report_object(request: HttpRequest, obj: Any, *, back_url: str,
                  heading: str) -> HttpResponse:
    """GET: the report form; POST: report ``obj`` and go back to it. For any registered
    reportable type (the caller has checked that the visitor may see ``obj``)."""
    if not permissions.can_report(request.user, obj):
        raise Http404
    spec = registry.get(obj)
    assert spec is not None
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if ratelimit.honeypot_filled(request):
                form.add_error(None, ratelimit.honeypot_message())
            elif (limited := ratelimit.hit(request, "report")) is not None:
                form.add_error(None, ratelimit.limited_message(limited))
                status = 429
            else:
                try:
                    services.report_create(
                        acting_user=signed_in_user(request),  # can_report: signed in
                        obj=obj, reason=form.cleaned_data["reason"],
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    apply_service_errors(form, error)
                else:
                    messages.success(request, _("Thank you. The moderators will review your "
                                                "report."))
                    return redirect(back_url)
    return render(request, "moderation/report_form.html", {
        "form": form, "heading": heading, "back_url": back_url,
        "excerpt": spec.excerpt(obj),
    }, status=status)


# The queue: moderators and administrators of the organization, managers of a space; else 404.
queue_view = manage_view(permissions.can_view_moderation_queue)
# Blocking people: the organization's moderators and administrators; else 404.
blocking_view = manage_view(permissions.can_block_users)


def _moderation_or_404(request: AuthedRequest, pk: int) -> Moderation:
    org = request.organization
    moderation = selectors.moderation_get_for_user(request.user, org, pk)
    if moderation is None:
        raise Http404
    return moderation


@queue_view
def queue(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    status = request.GET.get("status", "pending")
    if status not in dict(STATUS_FILTERS):
        status = "pending"
    qs = selectors.moderation_queue(request.user, org,
                                    status="" if status == "all" else status)
    page_obj = Paginator(qs, 20).get_page(request.GET.get("page"))
    items = list(page_obj.object_list)
    _attach_objects(items)
    return render_manage(request, "moderation/queue.html", {
        "page_obj": page_obj, "items": items, "status": status, "filters": STATUS_FILTERS,
        "can_block": permissions.can_block_users(request.user, org),
    }, "moderation")


def _attach_objects(items: list[Moderation]) -> None:
    """Load the reported objects, one query per content type on the page."""
    by_type: dict[int, list[Moderation]] = {}
    for item in items:
        by_type.setdefault(item.content_type_id, []).append(item)
    for rows in by_type.values():
        model = rows[0].content_type.model_class()
        spec = registry.get(model) if model is not None else None
        found: dict[int, Any] = {}
        if spec is not None:
            found = {obj.pk: obj for obj in
                     spec.queryset().filter(pk__in=[row.object_id for row in rows])}
        for row in rows:
            obj = found.get(row.object_id)
            row.target = obj
            row.excerpt = spec.excerpt(obj) if spec and obj else ""
            row.author = spec.author(obj) if spec and obj else None
            row.type_label = (model._meta.verbose_name if model else "")


def reported_history(moderation: Moderation, reports: list[Any]) -> dict[str, Any]:
    """What the moderator compares: each distinct text as it was reported (oldest first, with
    the date of its first report and how many reports saw it) and the versions published
    after the first report (edits made since, the last being the current text)."""
    as_reported: list[dict[str, Any]] = []
    for report in reports:
        if not report.snapshot:
            continue  # reported before texts were kept with reports
        if as_reported and as_reported[-1]["text"] == report.snapshot:
            as_reported[-1]["count"] += 1
            continue
        as_reported.append({"text": report.snapshot, "reported_at": report.created_at,
                            "count": 1})
    target: Any = getattr(moderation, "target", None)
    spec = registry.get(target) if target is not None else None
    edits: list[registry.Version] = []
    if spec is not None and reports:
        first_reported_at = reports[0].created_at
        edits = [version for version in spec.versions(target)
                 if version.published_at > first_reported_at]
    return {"as_reported": as_reported, "edits_after_report": edits}


def _detail_context(request: AuthedRequest, moderation: Moderation,
                    hide_form: HideForm) -> dict[str, Any]:
    _attach_objects([moderation])
    target: Any = moderation.target
    spec = registry.get(target) if target is not None else None
    reports = list(moderation.reports.order_by("created_at", "id"))
    author = moderation.author
    return {
        "moderation": moderation,
        "reports": reports,
        **reported_history(moderation, reports),
        "target_url": spec.url(target) if spec and target is not None else "",
        "hide_form": hide_form,
        "can_block": permissions.can_block_users(request.user, moderation.organization)
        and author is not None and author.pk != request.user.pk,
        "is_blocked": author is not None
        and permissions.is_blocked(author, moderation.organization),
    }


@queue_view
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    moderation = _moderation_or_404(request, pk)
    context = _detail_context(request, moderation,
                              HideForm(initial={"reason": moderation.hidden_reason}))
    return render_manage(request, "moderation/detail.html", context, "moderation")


@queue_view
def hide(request: AuthedRequest, pk: int) -> HttpResponse:
    moderation = _moderation_or_404(request, pk)
    if (response := post_only(request)) is not None:
        return response
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            services.moderation_hide(acting_user=request.user,
                                     moderation=moderation, reason=form.cleaned_data["reason"])
        except PermissionDenied as error:
            raise Http404 from error
        messages.success(request, _("The content is hidden; the reason is shown in its "
                                    "place."))
        return redirect("moderation:queue")
    return render_manage(request, "moderation/detail.html",
                         _detail_context(request, moderation, form), "moderation")


@queue_view
def unhide(request: AuthedRequest, pk: int) -> HttpResponse:
    moderation = _moderation_or_404(request, pk)
    if (response := post_only(request)) is not None:
        return response
    services.moderation_unhide(acting_user=request.user,
                               moderation=moderation)
    messages.success(request, _("The content is visible again."))
    return redirect("moderation:queue")


@queue_view
def block(request: AuthedRequest, pk: int) -> HttpResponse:
    """Confirmation page with a reason (GET), then the block itself (POST)."""
    moderation = _moderation_or_404(request, pk)
    if not permissions.can_block_users(request.user, moderation.organization):
        raise Http404
    _attach_objects([moderation])
    author = moderation.author
    if author is None or author.pk == request.user.pk:
        raise Http404
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.block_create(acting_user=request.user,
                                  organization=moderation.organization, user=author,
                                  reason=form.cleaned_data["reason"], moderation=moderation)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is blocked: they can no longer post and "
                                        "their content is hidden.")
                             % {"name": author.public_name})
            return redirect("moderation:queue")
    return render_manage(request, "moderation/block.html", {
        "moderation": moderation, "author": author, "form": form,
        "cancel_url": reverse("moderation:detail", args=[moderation.pk]),
    }, "moderation")


@blocking_view
def blocked_list(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    page_obj = Paginator(selectors.blocked_users(org).order_by("-created_at", "-id"),
                         20).get_page(request.GET.get("page"))
    return render_manage(request, "moderation/blocked_list.html", {"page_obj": page_obj},
                         "moderation")


@blocking_view
def unblock(request: AuthedRequest, pk: int) -> HttpResponse:
    org = request.organization
    blocked = Block.objects.filter(organization=org, pk=pk).select_related(
        "user", "organization").first()
    if blocked is None:
        raise Http404
    if request.method == "POST":
        services.block_delete(acting_user=request.user,
                              block=blocked)
        messages.success(request, _("%(name)s may post again.")
                         % {"name": blocked.user.public_name})
        return redirect("moderation:blocked_list")
    return render_manage(request, "includes/confirm_delete.html", {
        "object": blocked.user.public_name,
        "heading": _("Unblock %(name)s?") % {"name": blocked.user.public_name},
        "confirm_label": _("Yes, unblock"),
        "details": _("They will be able to post again and their content will show again."),
        "cancel_url": reverse("moderation:blocked_list"),
    }, "moderation")
