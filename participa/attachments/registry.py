"""Which models can carry attachments, and who may see and manage them.

A component makes its items attachable from its ``AppConfig.ready()``::

    from participa.attachments.registry import register_target

    register_target(
        Meeting,
        space=lambda meeting: meeting.component.space,
        can_view=can_view_meeting,                       # (user, obj) -> bool
        can_manage=lambda user, m: can_manage_component(user, m.component),
    )

Spaces and pages are registered by the attachments app itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from participa.spaces.models import Space


@dataclass(frozen=True)
class TargetSpec:
    model: type[models.Model]
    space: Callable[[Any], Space | None]
    can_view: Callable[[Any, Any], bool]
    can_manage: Callable[[Any, Any], bool]
    # Narrow the queryset used to load a target for the back office (select_related...).
    queryset: Callable[[], models.QuerySet[Any]] | None = None
    # The back-office page of the target, linked from the attachments' manage page.
    manage_url: Callable[[Any], str] | None = None


_TARGETS: dict[str, TargetSpec] = {}


def register_target(
    model: type[models.Model],
    *,
    space: Callable[[Any], Space | None],
    can_view: Callable[[Any, Any], bool],
    can_manage: Callable[[Any, Any], bool],
    queryset: Callable[[], models.QuerySet[Any]] | None = None,
    manage_url: Callable[[Any], str] | None = None,
) -> TargetSpec:
    spec = TargetSpec(model=model, space=space, can_view=can_view, can_manage=can_manage,
                      queryset=queryset, manage_url=manage_url)
    _TARGETS[model._meta.label_lower] = spec
    from participa.attachments.signals import connect_target

    connect_target(model)
    return spec


def target_spec(label: str) -> TargetSpec | None:
    """The spec for ``"app_label.model"`` (e.g. ``"pages.page"``)."""
    return _TARGETS.get(label)


def target_spec_for(obj: models.Model) -> TargetSpec | None:
    model = obj._meta.concrete_model or type(obj)
    return _TARGETS.get(model._meta.label_lower)


def register_core_targets() -> None:
    from django.urls import reverse

    from participa.components.pages.models import Page
    from participa.components.pages.permissions import can_manage_pages, can_view_page
    from participa.spaces.models import Space
    from participa.spaces.permissions import can_manage_space, can_view_space

    register_target(
        Space, space=lambda space: space, can_view=can_view_space, can_manage=can_manage_space,
        queryset=lambda: Space.objects.select_related("organization", "scope", "area"),
        manage_url=lambda space: reverse("manage:space_edit", args=[space.slug]),
    )
    register_target(
        Page, space=lambda page: page.component.space, can_view=can_view_page,
        can_manage=lambda user, page: can_manage_pages(user, page.component),
        queryset=lambda: Page.objects.select_related("component__space__organization"),
        manage_url=lambda page: reverse(
            "manage:pages:manage_edit", args=[page.component.space.slug, page.component_id, page.pk]
        ),
    )
