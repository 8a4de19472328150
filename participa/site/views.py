"""Pages that gather every layer: the home page (spaces, upcoming events of every component)
and a person's "download my data" and "delete my account" (every component's data)."""

from __future__ import annotations

import json
from typing import cast

from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.core import permissions
from participa.core.forms import DeleteAccountForm
from participa.core.http import AuthedRequest, OrgRequest, login_required, org_view
from participa.core.pagecache import cache_for_visitors
from participa.core.views_people import member_or_404, org_of
from participa.spaces.models import SpaceKind, SpaceQuerySet
from participa.spaces.people import user_delete_account, user_personal_data
from participa.spaces.registry import upcoming_events
from participa.spaces.selectors import space_list_visible

HOME_LIST_SIZE = 6


@cache_for_visitors
@org_view
def home(request: OrgRequest) -> HttpResponse:
    """Open processes (with their current phase), upcoming meetings, assemblies."""
    org = request.organization
    visible = cast(SpaceQuerySet, space_list_visible(request.user, org))
    open_processes = list(
        visible.filter(kind=SpaceKind.PROCESS).filter_status("active")[:HOME_LIST_SIZE]
    )
    assemblies = list(visible.filter(kind=SpaceKind.ASSEMBLY)[:HOME_LIST_SIZE])
    return render(request, "core/home.html", {
        "open_processes": open_processes,
        "upcoming": upcoming_events(request.user, org, HOME_LIST_SIZE),
        "assemblies": assemblies,
        "nav": "home",
    })


@login_required
def account_download(request: AuthedRequest) -> HttpResponse:
    """Everything the person contributed, as a JSON file (a GET link: it changes nothing)."""
    user = member_or_404(request)
    data = user_personal_data(user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    filename = f"participa-my-data-{timezone.localdate().isoformat()}.json"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request: AuthedRequest) -> HttpResponse:
    user = member_or_404(request)
    if not permissions.can_delete_account(user, org_of(request)):
        raise Http404
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        user_delete_account(acting_user=user, user=user)
        logout(request)
        messages.success(request, _(
            "Your account has been deleted. What you wrote stays, signed “Deleted participant”."
        ))
        return redirect("core:home")
    return render(request, "core/account_delete.html", {"form": form, "nav": "account"})
