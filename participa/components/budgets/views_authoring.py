"""Writing a project: the form (save as draft, submit, add cost lines), editing a draft,
withdrawing, co-authors.

Every action is a plain form POST and a redirect; the map script only enhances the form (a
point chosen on the map fills the coordinates). A refusal of a service comes back on the same
form, next to its field, with everything typed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from participa.components.budgets import permissions
from participa.components.budgets.forms import (
    COST_ROWS,
    ProjectForm,
    cost_formset,
)
from participa.components.budgets.models import (
    Edition,
    Project,
    ProjectState,
)
from participa.components.budgets.selectors import project_get_for_user
from participa.components.budgets.services.coauthors import COAUTHORING
from participa.components.budgets.services.fraud import author_address_record
from participa.components.budgets.services.projects import (
    project_create,
    project_submit,
    project_update,
    project_withdraw,
)
from participa.components.budgets.views import nav_of
from participa.core import coauthoring
from participa.core.form_errors import apply_service_errors
from participa.core.http import OrgRequest, is_authenticated, signed_in_user
from participa.spaces.decorators import component_view
from participa.spaces.models import Component

# The buttons of the form: ``action`` is the name of the pressed one.
DRAFT, SUBMIT, MORE = "draft", "submit", "more"


def _login(request: OrgRequest) -> HttpResponse:
    login = reverse("account_login")
    return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")


def _edit_url(project: Project) -> str:
    component = project.component
    return reverse("spaces:budgets:edit", args=[component.space.slug, component.pk,
                                                project.number])


def _more_rows(request: OrgRequest) -> Any:
    """The posted cost lines with more empty lines (nothing typed is lost)."""
    data = request.POST.copy()
    total = data.get("cost-TOTAL_FORMS", "0")
    data["cost-TOTAL_FORMS"] = str(min((int(total) if total.isdigit() else 0) + COST_ROWS, 30))
    return cost_formset(data)


def _render_form(request: OrgRequest, component: Component, edition: Edition,
                 form: ProjectForm, costs: Any, project: Project | None, *,
                 status: int = 200, cost_errors: list[str] | None = None) -> HttpResponse:
    return render(request, "budgets/form.html", {
        "component": component, "space": component.space, "edition": edition,
        "form": form, "costs": costs, "cost_errors": cost_errors or [], "project": project,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "map_default_view": settings.MAP_DEFAULT_VIEW, "nav": nav_of(component),
    }, status=status)


def _apply(form: ProjectForm, error: ValidationError) -> list[str]:
    """Show a service's refusal on the form; the cost items' errors go beside the cost
    table (returned)."""
    cost_errors: list[str] = []
    if hasattr(error, "error_dict") and "cost_items" in error.error_dict:
        cost_errors = [message for item in error.error_dict.pop("cost_items")
                       for message in item.messages]
        if not error.error_dict:
            return cost_errors
    apply_service_errors(form, error)
    return cost_errors


def _handle(request: OrgRequest, component: Component, edition: Edition,
            project: Project | None) -> HttpResponse:
    user = signed_in_user(request)
    action = request.POST.get("action", DRAFT)
    form = ProjectForm(request.POST, edition=edition, user=user)
    if action == MORE:
        return _render_form(request, component, edition, form, _more_rows(request), project)
    costs = cost_formset(request.POST)
    form_ok, costs_ok = form.is_valid(), costs.is_valid()
    if not (form_ok and costs_ok):
        return _render_form(request, component, edition, form, costs, project, status=400,
                            cost_errors=list(costs.non_form_errors()))
    try:
        if project is None:
            project = project_create(acting_user=user, component=component,
                                     data=form.service_values(), cost_items=costs.items(),
                                     submit=action == SUBMIT)
        else:
            project_update(acting_user=user, project=project, data=form.service_values(),
                           cost_items=costs.items())
            if action == SUBMIT:
                project_submit(acting_user=user, project=project)
    except ValidationError as error:
        cost_errors = _apply(form, error)
        return _render_form(request, component, edition, form, costs, project, status=400,
                            cost_errors=cost_errors)
    project.component = component
    # The author's address, as a keyed hash, for the vote's fraud review.
    author_address_record(acting_user=user, project=project, ip=request.META.get("REMOTE_ADDR"))
    if project.state == ProjectState.SUBMITTED:
        messages.success(request, _("Your project is submitted."))
        return HttpResponseRedirect(project.get_absolute_url())
    messages.success(request, _("Your draft is saved: you can finish it later. Only you and "
                                "your co-authors see it."))
    return HttpResponseRedirect(_edit_url(project))


@component_view("budgets")
def submit(request: OrgRequest, component: Component) -> HttpResponse:
    """A new project: save it as a draft, or submit it."""
    if not is_authenticated(request):
        return _login(request)
    user = signed_in_user(request)
    edition = permissions.edition_of(component)
    refusal = permissions.submission_refusal(user, component)
    if edition is None or refusal is not None:
        messages.error(request, refusal.messages[0] if refusal else
                       _("Projects can be submitted only while the submission phase is open."))
        return redirect("spaces:budgets:index", component.space.slug, component.pk)
    if request.method != "POST":
        form = ProjectForm(edition=edition, user=user)
        return _render_form(request, component, edition, form, cost_formset(), None)
    return _handle(request, component, edition, None)


@component_view("budgets", item=project_get_for_user, item_arg="number")
def edit(request: OrgRequest, component: Component, project: Project) -> HttpResponse:
    """Change a draft (and submit it) while submission is open."""
    if not is_authenticated(request):
        return _login(request)
    user = signed_in_user(request)
    edition = permissions.edition_of(component)
    if (edition is None or not permissions.is_author(user, project)
            or project.state != ProjectState.DRAFT):
        return redirect(project.get_absolute_url())
    refusal = permissions.submission_refusal(user, component)
    if refusal is not None:
        messages.error(request, refusal.messages[0])
        return redirect(project.get_absolute_url())
    if request.method != "POST":
        form = ProjectForm(edition=edition, user=user, initial=ProjectForm.initial_of(project))
        items = [(item.description, item.amount) for item in project.cost_items.all()]
        return _render_form(request, component, edition, form,
                            cost_formset(items=items, extra=1 if items else COST_ROWS),
                            project)
    return _handle(request, component, edition, project)


@component_view("budgets", item=project_get_for_user, item_arg="number")
def withdraw(request: OrgRequest, component: Component, project: Project) -> HttpResponse:
    """Withdraw a submitted project: a confirmation page, then the POST."""
    if not is_authenticated(request):
        return _login(request)
    user = signed_in_user(request)
    if not permissions.is_author(user, project):
        return redirect(project.get_absolute_url())
    error = ""
    if request.method == "POST":
        try:
            project_withdraw(acting_user=user, project=project)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, _("Your project is withdrawn. It stays visible, marked "
                                        "withdrawn."))
            return HttpResponseRedirect(project.get_absolute_url())
    else:
        refusal = permissions.withdrawal_refusal(user, project)
        error = refusal.messages[0] if refusal is not None else ""
    return render(request, "budgets/confirm_withdraw.html", {
        "component": component, "space": component.space, "project": project,
        "error": error, "nav": nav_of(component),
    }, status=400 if error and request.method == "POST" else 200)


@component_view("budgets", item=project_get_for_user, item_arg="number")
def coauthors(request: OrgRequest, component: Component, project: Project) -> HttpResponse:
    """The co-authors of a project and the form to invite one (its authors only)."""
    return coauthoring.coauthors_page(request, COAUTHORING, item=project,
                                      template="budgets/coauthors.html", context={
                                          "component": component, "space": component.space,
                                          "project": project, "nav": nav_of(component)})


def _invited_project(user: Any, component: Component, number: int) -> Project | None:
    """The project if ``user`` may see it or is invited to co-author it (a draft too)."""
    project: Project | None = coauthoring.invited_item(
        COAUTHORING, user, project_get_for_user(user, component, number),
        component=component, number=number)
    if project is not None:
        project.component = component
    return project


@component_view("budgets", item=_invited_project, item_arg="number")
def coauthor_join(request: OrgRequest, component: Component, project: Project) -> HttpResponse:
    """The invited person accepts to co-author the project: a page, then the POST."""
    return coauthoring.coauthor_join_page(
        request, COAUTHORING, item=project, template="budgets/confirm_coauthor.html",
        context={"component": component, "space": component.space, "project": project,
                 "nav": nav_of(component)},
        next_url=lambda item: (_edit_url(item) if item.state == ProjectState.DRAFT
                               else item.get_absolute_url()))
