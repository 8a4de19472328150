"""What can be reported: each model registers where its objects belong and how to show them.

Comments register themselves; later components register their items the same way and reuse
the report form, the queue and the decisions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models.signals import post_delete

from participa.core.models import Organization


@dataclass(frozen=True)
class Version:
    """One published version of a reported object's text."""

    published_at: datetime
    text: str


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


_REGISTRY: dict[str, Reportable] = {}


def register(
    model: type[models.Model],
    *,
    organization: Callable[[Any], Organization],
    space: Callable[[Any], Any],
    author: Callable[[Any], Any],
    excerpt: Callable[[Any], str],
    url: Callable[[Any], str],
    can_view: Callable[[Any, Any], bool],
    threshold: Callable[[Any], int | None] | None = None,
    queryset: Callable[[], models.QuerySet[Any]] | None = None,
    text: Callable[[Any], str] | None = None,
    versions: Callable[[Any], list[Version]] | None = None,
) -> Reportable:
    spec = Reportable(
        model=model, organization=organization, space=space, author=author, excerpt=excerpt,
        url=url, can_view=can_view, threshold=threshold or (lambda obj: None),
        queryset=queryset or model._default_manager.all,
        text=text or excerpt, versions=versions or (lambda obj: []),
    )
    _REGISTRY[spec.label] = spec
    post_delete.connect(_delete_moderation, sender=model, weak=False,
                        dispatch_uid=f"participa.moderation:{spec.label}")
    return spec


def _delete_moderation(sender: type[models.Model], instance: models.Model,
                       **kwargs: Any) -> None:
    """Reports go with the reported object (generic relations do not cascade)."""
    from django.contrib.contenttypes.models import ContentType

    from participa.moderation.models import Moderation

    Moderation.objects.filter(content_type=ContentType.objects.get_for_model(sender),
                              object_id=instance.pk).delete()


def get(model_or_label: type[models.Model] | models.Model | str) -> Reportable | None:
    if isinstance(model_or_label, str):
        return _REGISTRY.get(model_or_label.lower())
    return _REGISTRY.get(model_or_label._meta.label_lower)
