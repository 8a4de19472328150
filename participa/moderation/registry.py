"""What can be reported: read from the manifest.

An item declares ``reports=ReportPolicy(author=..., excerpt=..., ...)`` in its ``ItemSpec``
(``participa/spaces/registry.py``; comments in ``comments/items.py``); the moderation app reuses
the report form, the queue and the decisions for it. ``connect_targets()``
(``ModerationConfig.ready``) makes a deleted object take its reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete

from participa.core.models import Organization
from participa.moderation.models import Moderation
from participa.spaces import visibility
from participa.spaces.registry import ItemSpec, ReportVersion, all_item_specs, item_spec_for

Version = ReportVersion


@dataclass(frozen=True)
class Reportable:
    model: type[models.Model]
    organization: Callable[[Any], Organization]
    space: Callable[[Any], Any]
    author: Callable[[Any], Any]
    excerpt: Callable[[Any], str]
    url: Callable[[Any], str]
    can_view: Callable[[Any, Any], bool]
    threshold: Callable[[Any], int | None]
    queryset: Callable[[], models.QuerySet[Any]]
    # The full published text, kept with each report ("as reported").
    text: Callable[[Any], str]
    # Every published version, oldest first (the last one is the current text).
    versions: Callable[[Any], list[Version]]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


def _none(obj: Any) -> None:
    return None


def _no_versions(obj: Any) -> list[Version]:
    return []


def _reportable(item: ItemSpec | None) -> Reportable | None:
    if item is None or item.reports is None:
        return None
    policy = item.reports
    return Reportable(
        model=item.model, organization=item.organization_of, space=item.space_of,
        author=policy.author, excerpt=policy.excerpt, url=item.url,
        can_view=policy.can_view or visibility.can_view,
        threshold=policy.threshold or _none,
        queryset=item.queryset or item.model._default_manager.all,
        text=policy.text or policy.excerpt, versions=policy.versions or _no_versions,
    )


def get(model_or_label: type[models.Model] | models.Model | str) -> Reportable | None:
    return _reportable(item_spec_for(model_or_label))


def connect_targets() -> None:
    for item in all_item_specs():
        if item.reports is not None:
            post_delete.connect(_delete_moderation, sender=item.model, weak=False,
                                dispatch_uid=f"participa.moderation:{item.label}")


def _delete_moderation(sender: type[models.Model], instance: models.Model,
                       **kwargs: Any) -> None:
    """Reports go with the reported object (generic relations do not cascade)."""
    Moderation.objects.filter(content_type=ContentType.objects.get_for_model(sender),
                              object_id=instance.pk).delete()
