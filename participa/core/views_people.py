"""People and groups: account settings, "download my data", account deletion, public profiles
and user groups (list, page, creation, editing, membership)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participa.core import permissions, selectors, services
from participa.core.form_errors import apply_service_errors
from participa.core.forms import (
    GroupFilterForm,
    GroupForm,
    NotificationPreferencesForm,
    ProfileForm,
)
from participa.core.http import AuthedRequest, login_required, organization_of
from participa.core.models import GroupMembership, Organization, User, UserGroup
from participa.core.redaction import merge_removed, redact_identifiers, removed_message


def org_of(request: HttpRequest) -> Organization:
    return organization_of(request)


def member_or_404(request: AuthedRequest) -> User:
    """The signed-in person, if they belong to this site's organization."""
    user = request.user
    if not permissions.belongs_to(user, org_of(request)):
        raise Http404
    return user


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


# Account ------------------------------------------------------------------------------------


def _tell_removed(request: HttpRequest, org: Organization, *texts: str) -> None:
    """Tell the person which identifiers were removed from what they published (the service
    removed them; detection gives the same answer on the same text)."""
    message = removed_message(merge_removed(
        *(redact_identifiers(org, (text or "").strip()).removed for text in texts)
    ))
    if message:
        messages.warning(request, message)


def _render_account(request: HttpRequest, user: User, *, profile_form: ProfileForm | None = None,
                    notifications_form: NotificationPreferencesForm | None = None,
                    status: int = 200) -> HttpResponse:
    org = org_of(request)
    return render(request, "core/account.html", {
        "person": user,
        "profile_form": profile_form or ProfileForm(initial=ProfileForm.initial_for(user),
                                                    organization=org),
        "notifications_form": notifications_form or NotificationPreferencesForm(
            initial=NotificationPreferencesForm.initial_for(user), prefix="notifications"),
        "groups": selectors.user_public_groups(user),
        "can_delete_account": permissions.can_delete_account(user, org),
        "nav": "account",
    }, status=status)


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    user = member_or_404(request)
    if request.method != "POST":
        return _render_account(request, user)
    org = org_of(request)
    form = ProfileForm(request.POST, organization=org)
    if form.is_valid():
        try:
            services.user_update_profile(
                acting_user=user, user=user,
                display_name=form.cleaned_data["display_name"],
                about=form.cleaned_data["about"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            _tell_removed(request, org, form.cleaned_data["display_name"],
                          form.cleaned_data["about"])
            response = redirect("core:account")
            language = form.cleaned_data["preferred_language"]
            if language:
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600,
                    samesite="Lax", secure=request.is_secure(), httponly=True,
                )
            else:  # "the language of my browser"
                response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, samesite="Lax")
            return response
    return _render_account(request, user, profile_form=form)


@login_required
@require_POST
def account_notifications(request: AuthedRequest) -> HttpResponse:
    user = member_or_404(request)
    form = NotificationPreferencesForm(request.POST, prefix="notifications")
    if form.is_valid():
        try:
            services.user_update_notification_preferences(
                acting_user=user, user=user, email_frequency=form.cleaned_data["email_frequency"],
                newsletter=form.cleaned_data["newsletter"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your notification preferences have been saved."))
            return redirect("core:account")
    return _render_account(request, user, notifications_form=form)


# "Download my data" and "delete my account" gather every component: participa/site/views.py.


# Public profiles ----------------------------------------------------------------------------


def profile(request: HttpRequest, username: str) -> HttpResponse:
    person = selectors.profile_get_visible(request.user, org_of(request), username)
    if person is None:
        raise Http404
    return render(request, "core/profile.html", {
        "person": person,
        "groups": selectors.user_public_groups(person),
        "is_self": request.user.is_authenticated and request.user.pk == person.pk,
    })


# Groups -------------------------------------------------------------------------------------


def group_list(request: HttpRequest) -> HttpResponse:
    org = org_of(request)
    form = GroupFilterForm(request.GET or None)
    kind = form.cleaned_data.get("kind", "") if form.is_valid() else ""
    page_obj = Paginator(selectors.group_list_visible(org, kind=kind),
                         settings.PAGINATE_BY).get_page(request.GET.get("page"))
    return render(request, "core/group_list.html", {
        "form": form,
        "page_obj": page_obj,
        "groups": page_obj.object_list,
        "filtered": bool(kind),
        "can_create": permissions.can_create_group(request.user, org),
        "nav": "groups",
    })


def _group_or_404(request: HttpRequest, slug: str) -> UserGroup:
    group = selectors.group_get(org_of(request), slug)
    if group is None:
        raise Http404
    return group


MEMBERS_PER_PAGE = 50


def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(request, slug)
    user = request.user
    can_manage = permissions.can_manage_group_members(user, group)
    page_obj = Paginator(selectors.group_members(group), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "core/group_detail.html", {
        "group": group,
        "members": page_obj.object_list,
        "page_obj": page_obj,
        "admin_count": selectors.group_admin_count(group) if can_manage else 0,
        "pending": selectors.group_pending_requests(group) if can_manage else [],
        "membership": selectors.group_membership_for(user, group),
        "can_edit": permissions.can_edit_group(user, group),
        "can_manage": can_manage,
        "can_join": permissions.can_join_group(user, group),
        "can_leave": permissions.can_leave_group(user, group),
        "nav": "groups",
    })


@login_required
def group_create(request: AuthedRequest) -> HttpResponse:
    org = org_of(request)
    if not permissions.can_create_group(request.user, org):
        raise Http404
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(acting_user=request.user,
                                          values=form.values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The group has been created. You are its "
                                        "administrator."))
            _tell_removed(request, org, form.cleaned_data["description"])
            return redirect("core:group_detail", slug=group.slug)
    return render(request, "core/group_form.html", {"form": form, "group": None,
                                                    "nav": "groups"})


@login_required
def group_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    group = _group_or_404(request, slug)
    if not permissions.can_edit_group(request.user, group):
        raise Http404
    initial = {name: getattr(group, name) for name in GroupForm.Meta.fields}
    # No instance: validation must not change the group before the service records the change.
    form = GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        was_verified = group.is_verified
        try:
            changes = services.group_update(acting_user=request.user,
                                            group=group, values=form.values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The group has been saved."))
            if was_verified and "verified_at" in changes:
                messages.warning(request, _(
                    "The group is no longer shown as verified: its name, type or registration "
                    "number changed. The municipality has to verify it again."
                ))
            _tell_removed(request, group.organization, form.cleaned_data["description"])
            return redirect("core:group_detail", slug=group.slug)
    return render(request, "core/group_form.html", {"form": form, "group": group,
                                                    "nav": "groups"})


@login_required
@require_POST
def group_join(request: AuthedRequest, slug: str) -> HttpResponse:
    group = _group_or_404(request, slug)
    if not permissions.belongs_to(request.user, group.organization):
        raise Http404
    if not permissions.can_join_group(request.user, group):
        messages.error(request, _("You are already a member of this group or have asked to "
                                  "join."))
        return redirect("core:group_detail", slug=group.slug)
    try:
        services.group_request_join(acting_user=request.user, group=group)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("You have asked to join. A group administrator will answer "
                                    "your request."))
    return redirect("core:group_detail", slug=group.slug)


@login_required
def group_leave(request: AuthedRequest, slug: str) -> HttpResponse:
    group = _group_or_404(request, slug)
    if not permissions.can_leave_group(request.user, group):
        raise Http404
    membership = selectors.group_membership_for(request.user, group)
    if request.method == "POST":
        try:
            services.group_leave(acting_user=request.user, group=group)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect("core:group_detail", slug=group.slug)
        if membership and membership.status == GroupMembership.Status.REQUESTED:
            messages.success(request, _("You have withdrawn your request to join."))
        else:
            messages.success(request, _("You have left the group."))
        return redirect("core:group_detail", slug=group.slug)
    return render(request, "core/group_confirm.html", {
        "group": group, "action": "leave", "membership": membership, "nav": "groups",
    })


MEMBER_ACTIONS = ("accept", "reject", "remove", "make_admin", "make_member")


@login_required
def group_member_action(request: AuthedRequest, slug: str, membership_id: int,
                        action: str) -> HttpResponse:
    """Answer a request, remove a member, or change a member's role (group administrators).

    Removing someone asks for confirmation first (GET shows the question, POST acts)."""
    group = _group_or_404(request, slug)
    if action not in MEMBER_ACTIONS or not permissions.can_manage_group_members(request.user,
                                                                                group):
        raise Http404
    membership = (GroupMembership.objects.filter(group=group, pk=membership_id)
                  .select_related("user").first())
    if membership is None:
        raise Http404
    if request.method != "POST":
        if action != "remove":
            return redirect("core:group_detail", slug=group.slug)
        return render(request, "core/group_confirm.html", {
            "group": group, "action": "remove", "membership": membership, "nav": "groups",
        })
    acting_user: Any = request.user
    name = membership.user.public_name
    try:
        if action == "accept":
            services.group_accept_member(acting_user=acting_user, group=group,
                                         membership_id=membership.pk)
            message = _("%(name)s is now a member of the group.") % {"name": name}
        elif action == "reject":
            services.group_reject_member(acting_user=acting_user, group=group,
                                         membership_id=membership.pk)
            message = _("The request of %(name)s has been declined.") % {"name": name}
        elif action == "remove":
            services.group_remove_member(acting_user=acting_user, group=group,
                                         membership_id=membership.pk)
            message = _("%(name)s has been removed from the group.") % {"name": name}
        elif action == "make_admin":
            services.group_set_member_role(acting_user=acting_user, group=group,
                                           membership_id=membership.pk,
                                           role=GroupMembership.Role.ADMIN)
            message = _("%(name)s is now a group administrator.") % {"name": name}
        else:
            services.group_set_member_role(acting_user=acting_user, group=group,
                                           membership_id=membership.pk,
                                           role=GroupMembership.Role.MEMBER)
            message = _("%(name)s is now a member without administration rights.") % {
                "name": name}
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, message)
    return redirect(reverse("core:group_detail", args=[group.slug]) + "#members")
