"""Staff views: the edition's dates and rules (create, then change until voting opens), the
problems left before voting can open, and the register of projects."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from participa.components.budgets.forms import EditionForm
from participa.components.budgets.manage_views.common import (
    budget_staff_view,
    edition_or_none,
    render_budget,
)
from participa.components.budgets.models import Project
from participa.components.budgets.phases import edition_phase
from participa.components.budgets.services import setup as services
from participa.components.budgets.validation import edition_validate
from participa.core.form_errors import apply_service_errors
from participa.core.http import AuthedRequest
from participa.spaces.models import Component


def index_url(component: Component) -> str:
    return reverse("manage:budgets:manage_index", args=[component.space.slug, component.pk])


@budget_staff_view
def manage_index(request: AuthedRequest, component: Component) -> HttpResponse:
    """The edition: its form (a new one, or the current values), what is left to set up,
    and the projects."""
    edition = edition_or_none(component)
    initial = services.default_dates() if edition is None else EditionForm.initial_of(edition)
    form = EditionForm(request.POST or None, initial=initial)
    frozen = services.frozen_refusal(edition) if edition is not None else None
    if request.method == "POST" and frozen is None and form.is_valid():
        try:
            if edition is None:
                services.edition_create(acting_user=request.user, component=component,
                                        data=form.cleaned_data)
                messages.success(request, _("The edition is created: add its pools, "
                                            "categories and checklist."))
            else:
                services.edition_update(acting_user=request.user, edition=edition,
                                        data=form.cleaned_data)
                messages.success(request, _("The edition is saved."))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return HttpResponseRedirect(index_url(component))
    projects = list(Project.objects.filter(component=component)
                    .select_related("pool", "category").order_by("-number")[:200])
    response = render_budget(
        request, "budgets/manage/index.html", component, edition=edition, form=form,
        frozen=frozen.messages[0] if frozen is not None else "",
        phase=edition_phase(edition) if edition else None,
        problems=edition_validate(edition) if edition else [], projects=projects)
    if form.errors:
        response.status_code = 400
    return response
