"""Which models can carry attachments, and who may see and manage them: read from the manifest.

An item declares ``attachments=AttachmentPolicy(can_manage=..., manage_url=...)`` in its
component's ``ItemSpec`` (``participa/spaces/registry.py``); spaces declare theirs in
``participa/spaces/items.py``. Nothing registers here: ``target_spec(label)`` and
``target_spec_for(obj)`` build the view this app needs from the item's spec, and
``connect_targets()`` (``AttachmentsConfig.ready``) makes a deleted item take its attachments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

from participa.attachments.signals import connect_target
from participa.spaces import visibility
from participa.spaces.registry import ItemSpec, all_item_specs, item_spec_for

if TYPE_CHECKING:
    from participa.spaces.models import Space


@dataclass(frozen=True)
class TargetSpec:
    model: type[models.Model]
    item: ItemSpec
    space: Callable[[Any], Space | None]
    can_view: Callable[[Any, Any], bool]
    can_manage: Callable[[Any, Any], bool]
    # Narrow the queryset used to load a target for the back office (select_related...).
    queryset: Callable[[], models.QuerySet[Any]] | None = None
    # The back-office page of the target, linked from the attachments' manage page.
    manage_url: Callable[[Any], str] | None = None
    # Narrows ``can_view`` for one file: (user, target, attachment) -> bool.
    can_view_file: Callable[[Any, Any, Any], bool] | None = None


def _target(item: ItemSpec | None) -> TargetSpec | None:
    if item is None or item.attachments is None:
        return None
    policy = item.attachments
    return TargetSpec(
        model=item.model, item=item, space=item.space_of,
        can_view=policy.can_view or visibility.can_view,
        can_manage=policy.can_manage, queryset=item.queryset, manage_url=policy.manage_url,
        can_view_file=policy.can_view_file,
    )


def target_spec(label: str) -> TargetSpec | None:
    """The spec for ``"app_label.model"`` (e.g. ``"pages.page"``)."""
    return _target(item_spec_for(label))


def target_spec_for(obj: models.Model) -> TargetSpec | None:
    return _target(item_spec_for(type(obj)))


def connect_targets() -> None:
    """Attachments go with their target (generic relations do not cascade)."""
    for item in all_item_specs():
        if item.attachments is not None:
            connect_target(item.model)
