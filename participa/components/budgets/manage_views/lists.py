"""Staff views: the categories (with their optional share of the money) and the formal review
checklist of an edition — add, change, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participa.components.budgets.forms import CategoryForm, ChecklistItemForm
from participa.components.budgets.manage_views.common import (
    budget_staff_view,
    edition_or_none,
    languages_of,
    render_budget,
)
from participa.components.budgets.models import BudgetCategory, ChecklistItem, Edition
from participa.components.budgets.services import setup as services
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.spaces.models import Component


def _edition(component: Component) -> Edition:
    edition = edition_or_none(component)
    if edition is None:
        raise Http404
    return edition


def _frozen(edition: Edition) -> str:
    refusal = services.frozen_refusal(edition)
    return refusal.messages[0] if refusal is not None else ""


def _url(name: str, component: Component) -> str:
    return reverse(f"manage:budgets:{name}", args=[component.space.slug, component.pk])


def _respond(request: AuthedRequest, template: str, component: Component, form: Any,
             **extra: Any) -> HttpResponse:
    response = render_budget(request, template, component, form=form, **extra)
    if form.errors:
        response.status_code = 400
    return response


# --- categories ----------------------------------------------------------------------------


@budget_staff_view
def manage_categories(request: AuthedRequest, component: Component) -> HttpResponse:
    edition = _edition(component)
    form = CategoryForm(request.POST or None, languages=languages_of(component))
    if request.method == "POST" and form.is_valid():
        try:
            category = services.category_create(
                acting_user=request.user, edition=edition, name=form.names(),
                quota_percent=form.cleaned_data.get("quota_percent"))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The category “%(name)s” was added.")
                             % {"name": category})
            return HttpResponseRedirect(_url("manage_categories", component))
    return _respond(request, "budgets/manage/categories.html", component, form,
                    edition=edition, frozen=_frozen(edition),
                    categories=list(BudgetCategory.objects.filter(edition=edition)))


def _category(edition: Edition, category_id: int) -> BudgetCategory:
    category = BudgetCategory.objects.filter(edition=edition, pk=category_id).first()
    if category is None:
        raise Http404
    category.edition = edition
    return category


@budget_staff_view
def manage_category_edit(request: AuthedRequest, component: Component,
                         category_id: int) -> HttpResponse:
    edition = _edition(component)
    category = _category(edition, category_id)
    languages = languages_of(component)
    form = CategoryForm(request.POST or None, languages=languages,
                        initial={**CategoryForm.initial_names(category.name, languages),
                                 "quota_percent": category.quota_percent})
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(acting_user=request.user, category=category,
                                     name=form.names(),
                                     quota_percent=form.cleaned_data.get("quota_percent"))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The category is saved."))
            return HttpResponseRedirect(_url("manage_categories", component))
    return _respond(request, "budgets/manage/category_form.html", component, form,
                    edition=edition, category=category, frozen=_frozen(edition))


@require_POST
@budget_staff_view
def manage_category_delete(request: AuthedRequest, component: Component,
                           category_id: int) -> HttpResponse:
    edition = _edition(component)
    category = _category(edition, category_id)
    try:
        services.category_delete(acting_user=request.user, category=category)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The category was deleted."))
    return HttpResponseRedirect(_url("manage_categories", component))


# --- checklist -----------------------------------------------------------------------------


@budget_staff_view
def manage_checklist(request: AuthedRequest, component: Component) -> HttpResponse:
    edition = _edition(component)
    form = ChecklistItemForm(request.POST or None, languages=languages_of(component))
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_item_create(acting_user=request.user, edition=edition,
                                           text=form.names())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The point was added to the checklist."))
            return HttpResponseRedirect(_url("manage_checklist", component))
    return _respond(request, "budgets/manage/checklist.html", component, form,
                    edition=edition, frozen=_frozen(edition),
                    items=list(ChecklistItem.objects.filter(edition=edition)))


def _item(edition: Edition, item_id: int) -> ChecklistItem:
    item = ChecklistItem.objects.filter(edition=edition, pk=item_id).first()
    if item is None:
        raise Http404
    item.edition = edition
    return item


@budget_staff_view
def manage_checklist_edit(request: AuthedRequest, component: Component,
                          item_id: int) -> HttpResponse:
    edition = _edition(component)
    item = _item(edition, item_id)
    languages = languages_of(component)
    form = ChecklistItemForm(request.POST or None, languages=languages,
                             initial=ChecklistItemForm.initial_names(item.text, languages))
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_item_update(acting_user=request.user, item=item,
                                           text=form.names())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The point of the checklist is saved."))
            return HttpResponseRedirect(_url("manage_checklist", component))
    return _respond(request, "budgets/manage/checklist_form.html", component, form,
                    edition=edition, item=item, frozen=_frozen(edition))


@require_POST
@budget_staff_view
def manage_checklist_delete(request: AuthedRequest, component: Component,
                            item_id: int) -> HttpResponse:
    edition = _edition(component)
    item = _item(edition, item_id)
    try:
        services.checklist_item_delete(acting_user=request.user, item=item)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The point was removed from the checklist."))
    return HttpResponseRedirect(_url("manage_checklist", component))
