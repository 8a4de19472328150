"""The resident's verification pages (choose a method, enter, result, revoke) and the staff
list, settings and register import at /manage/verifications/."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.core.models import Organization, User
from participa.spaces.staff import admin_view, organization_of, post_only, render_manage
from participa.verifications import permissions, services
from participa.verifications.forms import (
    AddressForm,
    CodeForm,
    IdNumberForm,
    ManageFilterForm,
    MethodsForm,
    RegisterForm,
    RegisterImportForm,
)
from participa.verifications.models import ACTIVE, Authorization, Method, Status

PAGE_SIZE = 50


def _resident(request: HttpRequest) -> tuple[Organization, User]:
    org = organization_of(request)
    user: Any = request.user
    if user.organization_id != org.pk:
        raise Http404
    return org, user


@login_required
def index(request: HttpRequest) -> HttpResponse:
    org, user = _resident(request)
    mine = list(Authorization.objects.filter(organization=org, user=user, status__in=ACTIVE))
    by_method = {authorization.method: authorization for authorization in mine}
    methods = [{"code": code, "label": Method(code).label, "authorization": by_method.get(code)}
               for code in services.methods_enabled(org)]
    return render(request, "verifications/index.html", {"methods": methods})


def _form_for(method: str, org: Organization, data: Any) -> forms.Form:
    if method == Method.ID_NUMBER:
        return IdNumberForm(data)
    if method == Method.REGISTER:
        return RegisterForm(data)
    if method == Method.ADDRESS:
        return AddressForm(data, organization=org)
    return CodeForm(data)


def _perform(method: str, org: Organization, user: User, values: dict[str, Any]) -> None:
    if method == Method.ID_NUMBER:
        services.verification_id_number(organization=org, acting_user=user,
                                        kind=values["kind"], number=values["number"])
    elif method == Method.REGISTER:
        services.verification_register_match(organization=org, acting_user=user, **values)
    elif method == Method.ADDRESS:
        services.verification_address_declare(organization=org, acting_user=user,
                                              scope=values["scope"], address=values["address"])
    else:
        services.verification_email_code_confirm(organization=org, acting_user=user,
                                                 code=values["code"])


@login_required
def verify(request: HttpRequest, method: str) -> HttpResponse:
    org, user = _resident(request)
    if method not in services.methods_enabled(org):
        raise Http404
    code_sent = Authorization.objects.filter(
        organization=org, user=user, method=Method.EMAIL_CODE, status=Status.PENDING,
    ).exclude(code_hash="").exists()
    if request.method == "POST" and request.POST.get("action") == "send_code":
        try:
            services.verification_email_code_send(organization=org, acting_user=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("We sent a code to %(email)s.") % {"email": user.email})
        return redirect("verifications:verify", method=method)
    form = _form_for(method, org, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _perform(method, org, user, dict(form.cleaned_data))
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if method == Method.ADDRESS:
                    messages.success(request, _("Your address is recorded. The city hall will "
                                                "check it."))
                else:
                    messages.success(request, _("You are verified."))
                return redirect("verifications:index")
    return render(request, "verifications/verify.html", {
        "form": form, "method": method, "method_label": Method(method).label,
        "code_sent": code_sent,
    }, status=status)


@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := post_only(request)) is not None:
        return refused
    org, user = _resident(request)
    authorization = Authorization.objects.filter(organization=org, user=user, pk=pk).first()
    if authorization is None:
        raise Http404
    services.verification_revoke(authorization=authorization, acting_user=user)
    messages.success(request, _("The verification is revoked."))
    return redirect("verifications:index")


# --- Staff ------------------------------------------------------------------------------------


@admin_view
def manage_list(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    rows = (Authorization.objects.filter(organization=org)
            .select_related("user", "scope").order_by("-created_at", "-id"))
    filters = ManageFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    if chosen.get("method"):
        rows = rows.filter(method=chosen["method"])
    if chosen.get("status"):
        rows = rows.filter(status=chosen["status"])
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_manage(request, "verifications/manage_list.html", {
        "page_obj": page_obj, "filters": filters,
        "filtered": bool(chosen.get("method") or chosen.get("status")),
        "enabled": [Method(code).label for code in services.methods_enabled(org)],
    }, "verifications")


def _managed(request: AuthedRequest, pk: int) -> tuple[Organization, Authorization]:
    org = request.organization
    authorization = Authorization.objects.filter(organization=org, pk=pk).first()
    if authorization is None or not permissions.can_revoke_verification(request.user,
                                                                        authorization):
        raise Http404
    return org, authorization


@admin_view
def manage_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    if (refused := post_only(request)) is not None:
        return refused
    _org, authorization = _managed(request, pk)
    services.verification_revoke(authorization=authorization,
                                 acting_user=request.user)
    messages.success(request, _("The verification is revoked."))
    return redirect("manage:verifications:list")


@admin_view
def manage_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    if (refused := post_only(request)) is not None:
        return refused
    _org, authorization = _managed(request, pk)
    try:
        services.verification_address_confirm(authorization=authorization,
                                              acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The address is confirmed."))
    return redirect("manage:verifications:list")


@admin_view
def manage_settings(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    form = MethodsForm(request.POST or None,
                       initial={"methods": services.methods_enabled(org)})
    if request.method == "POST" and form.is_valid():
        services.verification_methods_set(organization=org,
                                          acting_user=request.user,
                                          methods=form.cleaned_data["methods"])
        messages.success(request, _("The verification methods are saved."))
        return redirect("manage:verifications:list")
    return render_manage(request, "verifications/manage_form.html", {
        "form": form, "heading": _("Verification methods"),
    }, "verifications")


@admin_view
def manage_register(request: AuthedRequest) -> HttpResponse:
    org = request.organization
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.verification_register_import(
                organization=org, acting_user=request.user,
                data=form.cleaned_data["file"].read(), replace=form.cleaned_data["replace"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, ngettext(
                "%(count)s resident added to the register.",
                "%(count)s residents added to the register.", added) % {"count": added})
            return redirect("manage:verifications:list")
    return render_manage(request, "verifications/manage_form.html", {
        "form": form, "heading": _("Import the register of residents"), "multipart": True,
    }, "verifications")

