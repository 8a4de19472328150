"""Public views of support signatures: sign a project and withdraw one's signature (POST
forms of the project page, no JavaScript needed); every answer is a message on the project
page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participa.components.budgets.models import Project
from participa.components.budgets.selectors import project_get_for_user
from participa.components.budgets.services.supports import (
    project_support_create,
    project_support_withdraw,
)
from participa.core.http import OrgRequest, is_authenticated, signed_in_user
from participa.spaces.decorators import component_view
from participa.spaces.models import Component


def _box_url(project: Project) -> str:
    return f"{project.get_absolute_url()}#signatures"


def _sign_in(project: Project) -> HttpResponse:
    login = reverse("account_login")
    return HttpResponseRedirect(f"{login}?{urlencode({'next': _box_url(project)})}")


def _refused(request: OrgRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@component_view("budgets", item=project_get_for_user, item_arg="number")
def sign(request: OrgRequest, component: Component, project: Project) -> HttpResponse:
    """Sign the project (a second click answers that the person already signed it)."""
    if not is_authenticated(request):
        return _sign_in(project)
    try:
        project_support_create(acting_user=signed_in_user(request), project=project)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Thank you: you signed this project. You can withdraw "
                                    "your signature while submission is open."))
    return redirect(_box_url(project))


@require_POST
@component_view("budgets", item=project_get_for_user, item_arg="number")
def unsign(request: OrgRequest, component: Component, project: Project) -> HttpResponse:
    """Withdraw one's signature of the project."""
    if not is_authenticated(request):
        return _sign_in(project)
    try:
        project_support_withdraw(acting_user=signed_in_user(request), project=project)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("You withdrew your signature of this project."))
    return redirect(_box_url(project))
