"""Notification list, follow / stop following, and the unsubscribe page (no login needed)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from participa.core import permissions as core_permissions
from participa.core.http import AuthedRequest, login_required
from participa.core.models import Organization, User
from participa.notifications import emails, permissions, selectors, services, targets
from participa.notifications.models import Notification


def _org(request: HttpRequest) -> Organization:
    org = getattr(request, "organization", None)
    if org is None:
        raise Http404
    return org


def _member_or_404(request: AuthedRequest) -> User:
    org = _org(request)
    user = request.user
    if not core_permissions.belongs_to(user, org) or user.organization_id != org.pk:
        raise Http404
    return user


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    user = _member_or_404(request)
    paginator = Paginator(selectors.notification_list_for_user(user), 20)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page_obj": page_obj, "notifications": page_obj.object_list,
        "unread": selectors.unread_count(user),
    })


@login_required
@require_POST
def notification_read(request: AuthedRequest, pk: int) -> HttpResponse:
    user = _member_or_404(request)
    notification = Notification.objects.filter(pk=pk, organization=user.organization).first()
    if notification is None or not permissions.can_read_notification(user, notification):
        raise Http404
    services.notification_mark_read(acting_user=user, notification=notification)
    if request.POST.get("open") and notification.url:
        return redirect(notification.url)
    messages.success(request, _("The notification is marked as read."))
    return redirect(_next_url(request, "notifications:list"))


@login_required
@require_POST
def notification_read_all(request: AuthedRequest) -> HttpResponse:
    user = _member_or_404(request)
    count = services.notification_mark_all_read(acting_user=user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


def _target_from_post(request: HttpRequest, user: User) -> models.Model:
    """The followable object posted as ``target``, through the manifest, in this organization
    only; 404 for missing, not visible and not followable alike."""
    target = targets.resolve_followable(user, _org(request), request.POST.get("target", ""))
    if target is None:
        raise Http404
    return target


@login_required
@require_POST
def follow(request: AuthedRequest) -> HttpResponse:
    user = _member_or_404(request)
    target = _target_from_post(request, user)
    try:
        services.follow_create(user=user, target=target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You now follow this. You will be told when something "
                                    "new happens."))
    return redirect(_next_url(request, "notifications:list"))


@login_required
@require_POST
def unfollow(request: AuthedRequest) -> HttpResponse:
    user = _member_or_404(request)
    # Stopping is allowed for what one follows even when no longer visible; anything else
    # answers 404 like a missing object.
    target = targets.resolve_followed(user, _org(request), request.POST.get("target", ""))
    if target is None:
        raise Http404
    if services.follow_delete(user=user, target=target):
        messages.success(request, _("You no longer follow this."))
    return redirect(_next_url(request, "notifications:list"))


@csrf_exempt  # the signed token in the address is the proof; mail clients POST without CSRF
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirmation button and changes nothing; POST (the button, or the RFC 8058
    one-click POST of a mail client) unsubscribes. No login needed."""
    org = _org(request)
    data = emails.read_unsubscribe_token(token)
    if data is None:
        raise Http404
    user_id, kind = data
    user = User.objects.filter(pk=user_id, organization=org).first()
    if user is None or kind not in services.UNSUBSCRIBE_KINDS:
        raise Http404
    done = False
    if request.method == "POST":
        services.unsubscribe(acting_user=user, user=user, kind=kind)
        done = True
    elif request.method not in ("GET", "HEAD"):
        raise Http404
    context: dict[str, Any] = {"kind": kind, "done": done, "token": token}
    return render(request, "notifications/unsubscribe.html", context)
