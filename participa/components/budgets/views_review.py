"""Public views of the review and appeals: the author's appeal against the exclusion of their
project (a page with the form; the project page shows the same form while the window is open)
and the edition's public list of appeals with their outcomes and reasons."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from participa.components.budgets import permissions
from participa.components.budgets import permissions_review as review_permissions
from participa.components.budgets.forms import ProjectForm, cost_formset
from participa.components.budgets.forms_review import AppealForm, MergeForm
from participa.components.budgets.models import Edition, Project, ProjectState
from participa.components.budgets.models_review import MergeConsent
from participa.components.budgets.selectors import project_get_for_user
from participa.components.budgets.selectors_review import (
    appeals_public,
    merge_candidates,
    project_review,
)
from participa.components.budgets.services.appeals import appeal_file
from participa.components.budgets.services.review import (
    merge_consent,
    open_correction,
    project_correct,
)
from participa.components.budgets.views import nav_of
from participa.components.budgets.views_authoring import MORE, _apply, _more_rows
from participa.core.form_errors import apply_service_errors
from participa.core.http import OrgRequest, is_authenticated, signed_in_user
from participa.core.pagecache import cache_for_visitors
from participa.spaces.decorators import component_view
from participa.spaces.models import Component

APPEALS_PER_PAGE = 50


@component_view("budgets", item=project_get_for_user, item_arg="number")
def appeal(request: OrgRequest, component: Component, project: Project) -> HttpResponse:
    """The author appeals the exclusion of their project: the form, then the POST."""
    if not is_authenticated(request):
        login = reverse("account_login")
        return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
    user = signed_in_user(request)
    form = AppealForm(request.POST or None)
    refusal = review_permissions.appeal_refusal(user, project)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            appeal_file(acting_user=user, project=project,
                        reason=form.cleaned_data["reason"])
        except ValidationError as error:
            refusal = error
        else:
            messages.success(request, _("Your appeal is filed. An official other than the "
                                        "reviewer will decide it."))
            return HttpResponseRedirect(project.get_absolute_url())
    form.link_errors()
    review = project_review(user, project, is_author=permissions.is_author(user, project))
    status = 400 if request.method == "POST" and (form.errors or refusal) else 200
    return render(request, "budgets/review/appeal.html", {
        "component": component, "space": component.space, "project": project,
        "form": form, "refusal": refusal.messages[0] if refusal is not None else "",
        "review": review, "nav": nav_of(component),
    }, status=status)


@cache_for_visitors
@component_view("budgets")
def appeals(request: OrgRequest, component: Component) -> HttpResponse:
    """Every appeal of the edition: the project, when it was filed, and the decision with its
    reasons once taken (the reason the author gave stays with the staff)."""
    page_obj = Paginator(appeals_public(component), APPEALS_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "budgets/review/appeals.html", {
        "component": component, "space": component.space,
        "edition": permissions.edition_of(component), "page_obj": page_obj,
        "appeals": list(page_obj.object_list), "nav": nav_of(component),
    })


@component_view("budgets", item=project_get_for_user, item_arg="number")
def correct(request: OrgRequest, component: Component, project: Project) -> HttpResponse:
    """The authors correct their project as the reviewer asked, by the deadline: the
    submission form, filled with the project; a refusal comes back next to its field."""
    if not is_authenticated(request):
        login = reverse("account_login")
        return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
    user = signed_in_user(request)
    edition = permissions.edition_of(component)
    correction = open_correction(project)
    if (edition is None or correction is None or not permissions.is_author(user, project)
            or project.state != ProjectState.CORRECTION_REQUESTED):
        return HttpResponseRedirect(project.get_absolute_url())
    context = {"correction": correction}
    if request.method != "POST":
        form = ProjectForm(edition=edition, user=user, initial=ProjectForm.initial_of(project))
        items = [(item.description, item.amount) for item in project.cost_items.all()]
        return _correct_form(request, component, edition, form,
                             cost_formset(items=items, extra=1), project, context)
    form = ProjectForm(request.POST, edition=edition, user=user)
    if request.POST.get("action") == MORE:
        return _correct_form(request, component, edition, form, _more_rows(request), project,
                             context)
    costs = cost_formset(request.POST)
    form_ok, costs_ok = form.is_valid(), costs.is_valid()
    if not (form_ok and costs_ok):
        return _correct_form(request, component, edition, form, costs, project, context,
                             status=400, cost_errors=list(costs.non_form_errors()))
    try:
        project_correct(acting_user=user, project=project, data=form.service_values(),
                        cost_items=costs.items())
    except ValidationError as error:
        cost_errors = _apply(form, error)
        return _correct_form(request, component, edition, form, costs, project, context,
                             status=400, cost_errors=cost_errors)
    messages.success(request, _("Your corrected project is sent back to the review."))
    return HttpResponseRedirect(project.get_absolute_url())


def _correct_form(request: OrgRequest, component: Component, edition: Edition,
                  form: ProjectForm, costs: Any, project: Project, context: dict[str, Any], *,
                  status: int = 200, cost_errors: list[str] | None = None) -> HttpResponse:
    """The submission form's fields under the correction's heading and button."""
    return render(request, "budgets/review/correct.html", {
        "component": component, "space": component.space, "edition": edition,
        "form": form, "costs": costs, "cost_errors": cost_errors or [], "project": project,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "map_default_view": settings.MAP_DEFAULT_VIEW, "nav": nav_of(component), **context,
    }, status=status)


@component_view("budgets", item=project_get_for_user, item_arg="number")
def merge_consent_view(request: OrgRequest, component: Component,
                       project: Project) -> HttpResponse:
    """The author consents to merge their project with another one of the edition."""
    if not is_authenticated(request):
        login = reverse("account_login")
        return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
    user = signed_in_user(request)
    if project.author_id != user.pk:
        return HttpResponseRedirect(project.get_absolute_url())
    form = MergeForm(request.POST or None, projects=merge_candidates(project))
    if request.method == "POST" and form.is_valid():
        try:
            merge_consent(acting_user=user, project=project, other=form.cleaned_data["other"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your consent is recorded. The projects are merged "
                                        "once the other author consents too."))
            return HttpResponseRedirect(project.get_absolute_url())
    form.link_errors()
    return render(request, "budgets/review/merge_consent.html", {
        "component": component, "space": component.space, "project": project, "form": form,
        "consents": list(MergeConsent.objects.filter(project=project, author=user)
                         .select_related("other")),
        "nav": nav_of(component),
    }, status=400 if form.errors else 200)
