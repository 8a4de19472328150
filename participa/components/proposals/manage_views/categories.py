"""Staff views: the categories of a component's proposals (add, rename, reorder, delete)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from participa.components.proposals.forms import CategoryForm
from participa.components.proposals.manage_views.proposals import (
    COMPONENT_TYPE,
    proposals_staff_view,
    render_proposals,
)
from participa.components.proposals.models import ProposalCategory
from participa.components.proposals.permissions import can_manage_proposals
from participa.components.proposals.services import categories as services
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.core.models import User
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component


def _category_for_staff(user: User, component: Component,
                        category_id: int) -> ProposalCategory | None:
    category = ProposalCategory.objects.filter(component=component, pk=category_id).first()
    if category is not None:
        category.component = component
    return category


category_staff_view = staff_view(COMPONENT_TYPE, permission=can_manage_proposals,
                                 item=_category_for_staff, item_arg="category_id")


def _list_url(component: Component) -> str:
    return reverse("manage:proposals:manage_categories",
                   args=[component.space.slug, component.pk])


def _languages(component: Component) -> list[str]:
    return list(component.space.organization.languages or ["en"])


@proposals_staff_view
def manage_categories(request: AuthedRequest, component: Component) -> HttpResponse:
    """The categories in order, and the form to add one."""
    form = CategoryForm(request.POST or None, languages=_languages(component))
    if request.method == "POST" and form.is_valid():
        try:
            category = services.category_create(acting_user=request.user, component=component,
                                                name=form.names())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The category “%(name)s” was added.")
                             % {"name": category})
            return HttpResponseRedirect(_list_url(component))
    categories = list(ProposalCategory.objects.filter(component=component))
    return render_proposals(request, "proposals/manage/categories.html", component,
                            categories=categories, form=form)


@category_staff_view
def manage_category_edit(request: AuthedRequest, component: Component,
                         category: ProposalCategory) -> HttpResponse:
    languages = _languages(component)
    form = CategoryForm(request.POST or None, languages=languages,
                        initial={f"name__{code}": category.name.get(code, "")
                                 for code in languages})
    if request.method == "POST" and form.is_valid():
        try:
            services.category_rename(acting_user=request.user, category=category,
                                     name=form.names())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The category “%(name)s” was saved.")
                             % {"name": category})
            return HttpResponseRedirect(_list_url(component))
    return render_proposals(request, "proposals/manage/category_form.html", component,
                            category=category, form=form)


@require_POST
@category_staff_view
def manage_category_move(request: AuthedRequest, component: Component,
                         category: ProposalCategory) -> HttpResponse:
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose whether to move the category up or down."))
    else:
        services.category_move(acting_user=request.user, category=category,
                               direction="up" if direction == "up" else "down")
    return HttpResponseRedirect(_list_url(component))


@category_staff_view
def manage_category_delete(request: AuthedRequest, component: Component,
                           category: ProposalCategory) -> HttpResponse:
    """A confirmation that says how many proposals lose the category, then the POST."""
    used = category.proposals.count()
    if request.method == "POST":
        name = str(category)
        services.category_delete(acting_user=request.user, category=category)
        messages.success(request, _("The category “%(name)s” was deleted.") % {"name": name})
        return HttpResponseRedirect(_list_url(component))
    details = ngettext(
        "%(count)d proposal is filed under this category: it will have no category.",
        "%(count)d proposals are filed under this category: they will have no category.",
        used) % {"count": used} if used else ""
    return render_proposals(request, "includes/confirm_delete.html", component,
                            object=category, details=details, cancel_url=_list_url(component))
