"""Staff views: the pools of an edition (add, change, delete) and the district pools of equal
amounts (Timișoara-style zones)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from participa.components.budgets.describe import pool_facts
from participa.components.budgets.forms import DistrictPoolsForm, PoolForm
from participa.components.budgets.manage_views.common import (
    budget_staff_view,
    edition_or_none,
    languages_of,
    render_budget,
)
from participa.components.budgets.models import Edition, Pool
from participa.components.budgets.services import setup as services
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.spaces.models import Component


def pools_url(component: Component) -> str:
    return reverse("manage:budgets:manage_pools", args=[component.space.slug, component.pk])


def _edition(component: Component) -> Edition:
    edition = edition_or_none(component)
    if edition is None:
        raise Http404
    return edition


def _pool(edition: Edition, pool_id: int) -> Pool:
    pool = Pool.objects.filter(edition=edition, pk=pool_id).select_related("scope").first()
    if pool is None:
        raise Http404
    pool.edition = edition
    return pool


def _frozen(edition: Edition) -> str:
    refusal = services.frozen_refusal(edition)
    return refusal.messages[0] if refusal is not None else ""


@budget_staff_view
def manage_pools(request: AuthedRequest, component: Component) -> HttpResponse:
    """The pools in order, and the form to add one."""
    edition = _edition(component)
    form = PoolForm(request.POST or None, component=component,
                    languages=languages_of(component))
    if request.method == "POST" and form.is_valid():
        try:
            pool = services.pool_create(acting_user=request.user, edition=edition,
                                        data=form.service_values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The pool “%(name)s” was added.") % {"name": pool})
            return HttpResponseRedirect(pools_url(component))
    pools = list(Pool.objects.filter(edition=edition).select_related("scope"))
    response = render_budget(request, "budgets/manage/pools.html", component, edition=edition,
                             pools=pool_facts(pools), form=form, frozen=_frozen(edition))
    if form.errors:
        response.status_code = 400
    return response


@budget_staff_view
def manage_pool_edit(request: AuthedRequest, component: Component,
                     pool_id: int) -> HttpResponse:
    edition = _edition(component)
    pool = _pool(edition, pool_id)
    languages = languages_of(component)
    form = PoolForm(request.POST or None, component=component, languages=languages,
                    initial=PoolForm.initial_of(pool, languages))
    if request.method == "POST" and form.is_valid():
        try:
            services.pool_update(acting_user=request.user, pool=pool,
                                 data=form.service_values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The pool “%(name)s” is saved.") % {"name": pool})
            return HttpResponseRedirect(pools_url(component))
    response = render_budget(request, "budgets/manage/pool_form.html", component,
                             edition=edition, pool=pool, form=form, frozen=_frozen(edition))
    if form.errors:
        response.status_code = 400
    return response


@require_POST
@budget_staff_view
def manage_pool_delete(request: AuthedRequest, component: Component,
                       pool_id: int) -> HttpResponse:
    edition = _edition(component)
    pool = _pool(edition, pool_id)
    name = str(pool)
    try:
        services.pool_delete(acting_user=request.user, pool=pool)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The pool “%(name)s” was deleted.") % {"name": name})
    return HttpResponseRedirect(pools_url(component))


@budget_staff_view
def manage_pools_split(request: AuthedRequest, component: Component) -> HttpResponse:
    """One pool per chosen district, the total split in equal amounts."""
    edition = _edition(component)
    form = DistrictPoolsForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        shared = form.rule_values()
        try:
            pools = services.pools_create_per_district(
                acting_user=request.user, edition=edition, total=form.cleaned_data["total"],
                scopes=list(form.cleaned_data["scopes"]), data=shared)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, ngettext(
                "%(count)d district pool was added.", "%(count)d district pools were added.",
                len(pools)) % {"count": len(pools)})
            return HttpResponseRedirect(pools_url(component))
    response = render_budget(request, "budgets/manage/pools_split.html", component,
                             edition=edition, form=form, frozen=_frozen(edition))
    if form.errors:
        response.status_code = 400
    return response
