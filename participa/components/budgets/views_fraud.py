"""The resident's "someone voted as me" report: a signed-in person says that a vote was cast
in their name; staff review it on the fraud dashboard."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from participa.components.budgets.forms_fraud import VoteAsMeForm
from participa.components.budgets.permissions import edition_of
from participa.components.budgets.services import fraud
from participa.components.budgets.views import nav_of
from participa.core import permissions as core_permissions
from participa.core.form_errors import apply_service_errors
from participa.core.http import OrgRequest, is_authenticated, signed_in_user
from participa.spaces.decorators import component_view
from participa.spaces.models import Component


@component_view("budgets")
def vote_as_me(request: OrgRequest, component: Component) -> HttpResponse:
    edition = edition_of(component)
    if edition is None:
        raise Http404
    edition.component = component
    if not is_authenticated(request):
        login = reverse("account_login")
        return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
    user = signed_in_user(request)
    if not core_permissions.belongs_to(user, component.space.organization):
        raise Http404
    form = VoteAsMeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                fraud.vote_as_me_report(acting_user=user, edition=edition,
                                        statement=form.cleaned_data["statement"])
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Thank you: your report is sent. Staff will look "
                                            "into it and write to you."))
                return HttpResponseRedirect(reverse("spaces:budgets:voting",
                                                    args=[component.space.slug, component.pk]))
        status = 400
    return render(request, "budgets/fraud/vote_as_me.html",
                  {"component": component, "space": component.space, "edition": edition,
                   "nav": nav_of(component), "form": form}, status=status)
