"""The budgets component: participatory budgeting — an edition's set-up (dates, pools,
categories, review checklist) and the projects residents submit to it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from participa.spaces.registry import ComponentSpec

SPEC = ComponentSpec(
    name="budgets",
    label=_("Participatory budget"),
    app_label="budgets",
)
