"""Back-office screens of the organization itself: settings, scopes, areas, roles, groups and
the audit log. Administrators only (``can_manage_organization`` / ``can_view_audit_log``)."""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from participa.core import org_services
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.core.models import (
    Area,
    AuditEntry,
    Organization,
    Role,
    Scope,
    UserGroup,
)
from participa.manage.forms import (
    AreaForm,
    AuditFilterForm,
    OrganizationForm,
    RoleAssignForm,
    ScopeForm,
)
from participa.spaces.staff import (
    admin_view,
    audit_log_view,
    confirm_action,
    post_only,
    render_manage,
)

PAGE_SIZE = 50


# --- Organization settings --------------------------------------------------------------------


@admin_view
def organization_edit(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    # A fresh copy: an invalid form must not change the organization used by the page layout.
    instance = Organization.objects.get(pk=org.pk)
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=instance,
                            organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            changes = org_services.organization_update(
                organization=org, acting_user=request.user,
                values=form.service_values(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if changes:
                messages.success(request, _("The organization's settings are saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("manage:organization_edit")
    return render_manage(request, "manage/organization_form.html", {"form": form},
                         "organization")


# --- Scopes -----------------------------------------------------------------------------------


def scope_tree(org: Organization) -> list[tuple[Scope, int]]:
    """All scopes of the organization in tree order, each with its depth (one query)."""
    scopes = list(Scope.objects.filter(organization=org).order_by("code"))
    by_parent: dict[int | None, list[Scope]] = {}
    ids = {scope.pk for scope in scopes}
    for scope in scopes:
        parent = scope.parent_id if scope.parent_id in ids else None
        by_parent.setdefault(parent, []).append(scope)
    rows: list[tuple[Scope, int]] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for scope in by_parent.get(parent, []):
            if scope.pk in seen:
                continue
            seen.add(scope.pk)
            rows.append((scope, depth))
            walk(scope.pk, depth + 1)

    walk(None, 0)
    return rows


# Indentation levels drawn by CSS classes (.tree-depth-N in site.css; no inline styles under the
# Content-Security-Policy); deeper scopes stay at the last level, their parent named beside them.
MAX_INDENT = 8


@admin_view
def scope_list(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    rows = scope_tree(org)
    names = {scope.pk: str(scope) for scope, _depth in rows}
    items = [{"scope": scope, "depth": depth, "indent": min(depth, MAX_INDENT),
              "parent_name": names.get(scope.parent_id or 0, "")} for scope, depth in rows]
    return render_manage(request, "manage/scope_list.html", {"items": items}, "scopes")


def _scope_or_404(org: Organization, pk: int) -> Scope:
    scope = Scope.objects.filter(organization=org, pk=pk).first()
    if scope is None:
        raise Http404
    return scope


@admin_view
def scope_form(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    org = request.organization
    scope = _scope_or_404(org, pk) if pk is not None else Scope(organization=org)
    form = ScopeForm(request.POST or None, instance=scope, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            if pk is None:
                org_services.scope_create(organization=org, acting_user=request.user,
                                          values=form.service_values())
                messages.success(request, _("The scope is created."))
            else:
                org_services.scope_update(scope=scope, acting_user=request.user,
                                          values=form.service_values())
                messages.success(request, _("The scope is saved."))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("manage:scope_list")
    return render_manage(request, "manage/simple_form.html", {
        "form": form, "object": scope if pk else None,
        "heading": _("Edit scope") if pk else _("New scope"),
        "cancel_url": reverse("manage:scope_list"),
        "delete_url": reverse("manage:scope_delete", args=[pk]) if pk else "",
    }, "scopes")


@admin_view
def scope_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    org = request.organization
    scope = _scope_or_404(org, pk)
    return confirm_action(
        request, obj=scope, nav="scopes", cancel_url=reverse("manage:scope_list"),
        blocked_reason=org_services.scope_delete_blocker(scope),
        perform=lambda: org_services.scope_delete(scope=scope, acting_user=request.user),
        success_url=reverse("manage:scope_list"),
        success_message=_("The scope is deleted."),
    )


# --- Areas ------------------------------------------------------------------------------------


@admin_view
def area_list(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    page_obj = Paginator(Area.objects.filter(organization=org).order_by("code"),
                         PAGE_SIZE).get_page(request.GET.get("page"))
    return render_manage(request, "manage/area_list.html", {"page_obj": page_obj}, "areas")


def _area_or_404(org: Organization, pk: int) -> Area:
    area = Area.objects.filter(organization=org, pk=pk).first()
    if area is None:
        raise Http404
    return area


@admin_view
def area_form(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    org = request.organization
    area = _area_or_404(org, pk) if pk is not None else Area(organization=org)
    form = AreaForm(request.POST or None, instance=area, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            if pk is None:
                org_services.area_create(organization=org, acting_user=request.user,
                                         values=form.service_values())
                messages.success(request, _("The area is created."))
            else:
                org_services.area_update(area=area, acting_user=request.user,
                                         values=form.service_values())
                messages.success(request, _("The area is saved."))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("manage:area_list")
    return render_manage(request, "manage/simple_form.html", {
        "form": form, "object": area if pk else None,
        "heading": _("Edit area") if pk else _("New area"),
        "cancel_url": reverse("manage:area_list"),
        "delete_url": reverse("manage:area_delete", args=[pk]) if pk else "",
    }, "areas")


@admin_view
def area_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    org = request.organization
    area = _area_or_404(org, pk)
    return confirm_action(
        request, obj=area, nav="areas", cancel_url=reverse("manage:area_list"),
        blocked_reason=org_services.area_delete_blocker(area),
        perform=lambda: org_services.area_delete(area=area, acting_user=request.user),
        success_url=reverse("manage:area_list"),
        success_message=_("The area is deleted."),
    )


# --- Roles ------------------------------------------------------------------------------------


@admin_view
def role_list(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    roles = (Role.objects.filter(organization=org).select_related("user", "area", "scope")
             .order_by("user__display_name", "user_id", "kind", "id"))
    page_obj = Paginator(roles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_manage(request, "manage/role_list.html", {"page_obj": page_obj}, "roles")


@admin_view
def role_assign(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    form = RoleAssignForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            role = org_services.role_assign(
                organization=org, acting_user=request.user,
                user=form.found_person(),
                kind=form.cleaned_data["kind"], area=form.cleaned_data["area"],
                scope=form.cleaned_data["scope"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("%(person)s is now: %(role)s.") % {
                "person": role.user.public_name, "role": role})
            return redirect("manage:role_list")
    return render_manage(request, "manage/simple_form.html", {
        "form": form, "heading": _("Assign a role"), "submit_label": _("Assign the role"),
        "cancel_url": reverse("manage:role_list"),
    }, "roles")


@admin_view
def role_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    org = request.organization
    role = Role.objects.filter(organization=org, pk=pk).select_related("user").first()
    if role is None:
        raise Http404
    label = _("%(role)s: %(person)s") % {"role": role, "person": role.user.public_name}
    return confirm_action(
        request, obj=label, nav="roles", cancel_url=reverse("manage:role_list"),
        heading=_("Revoke the role “%(role)s”?") % {"role": label},
        confirm_label=_("Yes, revoke"),
        perform=lambda: org_services.role_revoke(role=role, acting_user=request.user),
        success_url=reverse("manage:role_list"),
        success_message=_("The role is revoked."),
    )


# --- Groups -----------------------------------------------------------------------------------


@admin_view
def group_list(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    groups = UserGroup.objects.filter(organization=org).select_related("verified_by")
    status = request.GET.get("status", "")
    if status == "verified":
        groups = groups.filter(verified_at__isnull=False)
    elif status == "unverified":
        groups = groups.filter(verified_at__isnull=True)
    page_obj = Paginator(groups.order_by("name", "id"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render_manage(request, "manage/group_list.html", {
        "page_obj": page_obj, "status": status}, "groups")


@admin_view
def _group_action(request: AuthedRequest, pk: int, verify: bool) -> HttpResponse:
    org = request.organization
    group = UserGroup.objects.filter(organization=org, pk=pk).first()
    if group is None:
        raise Http404
    refused = post_only(request)
    if refused:
        return refused
    if verify:
        org_services.group_verify(group=group, acting_user=request.user)
        messages.success(request, _("“%(group)s” is marked as verified.") % {"group": group})
    else:
        org_services.group_unverify(group=group, acting_user=request.user)
        messages.success(request, _("“%(group)s” is no longer marked as verified.")
                         % {"group": group})
    return redirect(reverse("manage:group_list") + _safe_query(request))


def _safe_query(request: HttpRequest) -> str:
    page = request.POST.get("page", "")
    return f"?page={int(page)}" if page.isdigit() else ""


def group_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _group_action(request, pk, verify=True)


def group_unverify(request: HttpRequest, pk: int) -> HttpResponse:
    return _group_action(request, pk, verify=False)


# --- Audit log --------------------------------------------------------------------------------


def _format_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        text = "; ".join(f"{key}: {_format_value(item)}" for key, item in value.items())
    elif isinstance(value, list):
        text = ", ".join(_format_value(item) for item in value)
    elif isinstance(value, bool):
        text = _("yes") if value else _("no")
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 300 else text[:299] + "…"


def change_rows(changes: Any) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    if not isinstance(changes, dict):
        return rows
    for field, pair in changes.items():
        if isinstance(pair, list | tuple) and len(pair) == 2:
            rows.append((str(field), _format_value(pair[0]), _format_value(pair[1])))
        else:
            rows.append((str(field), "—", _format_value(pair)))
    return rows


def object_type_label(value: str) -> str:
    """“Scope” for ``core.scope``: the model's name in the person's language."""
    try:
        model = apps.get_model(value)
    except (LookupError, ValueError):
        return value
    return str(model._meta.verbose_name).capitalize()


@audit_log_view
def audit_log(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    entries = AuditEntry.objects.filter(organization=org)
    object_types = list(entries.order_by("object_type").values_list("object_type", flat=True)
                        .distinct())
    form = AuditFilterForm(request.GET or None,
                           object_types=[(value, object_type_label(value))
                                         for value in object_types])
    qs = entries.select_related("actor")
    if form.is_bound and form.is_valid():
        qs = qs.filter(form.person_filter())
        if form.cleaned_data["object_type"]:
            qs = qs.filter(object_type=form.cleaned_data["object_type"])
        if form.cleaned_data["date_from"]:
            qs = qs.filter(created_at__date__gte=form.cleaned_data["date_from"])
        if form.cleaned_data["date_to"]:
            qs = qs.filter(created_at__date__lte=form.cleaned_data["date_to"])
    page_obj = Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    labels = {value: object_type_label(value) for value in object_types}
    rows = [{"entry": entry, "changes": change_rows(entry.changes),
             "type_label": labels.get(entry.object_type, entry.object_type)}
            for entry in page_obj]
    filtered = any(request.GET.get(key) for key in ("person", "object_type", "date_from",
                                                   "date_to"))
    return render_manage(request, "manage/audit_log.html", {
        "form": form, "page_obj": page_obj, "rows": rows, "filtered": filtered,
    }, "audit_log")
