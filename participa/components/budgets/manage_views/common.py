"""What every staff view of the budgets component shares."""

from __future__ import annotations

from django.http import HttpResponse

from participa.components.budgets.models import Edition
from participa.components.budgets.permissions import can_manage_budget, edition_of
from participa.core.http import AuthedRequest
from participa.spaces.decorators import staff_view
from participa.spaces.models import Component
from participa.spaces.staff import render_manage

COMPONENT_TYPE = "budgets"

# The component if the person may set up its budget; 404 otherwise (missing = forbidden).
budget_staff_view = staff_view(COMPONENT_TYPE, permission=can_manage_budget)


def languages_of(component: Component) -> list[str]:
    return list(component.space.organization.languages or ["en"])


def render_budget(request: AuthedRequest, template: str, component: Component,
                  **extra: object) -> HttpResponse:
    context = {"component": component, "space": component.space, **extra}
    return render_manage(request, template, context, nav="spaces")


def edition_or_none(component: Component) -> Edition | None:
    edition = edition_of(component)
    if edition is not None:
        edition.component = component
    return edition
