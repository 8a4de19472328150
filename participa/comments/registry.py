"""What can be commented on: read from the manifest.

An item declares ``comments=CommentPolicy(can_comment=..., threshold=...)`` in its component's
``ItemSpec`` (``participa/spaces/registry.py``); comments then work on any object of that model.
Who may see the target (and so its comments) is the item's visibility rule
(``participa/spaces/visibility.py``); ``get_target`` resolves a target through that rule only.
``connect_targets()`` (``CommentsConfig.ready``) makes a deleted target take its comments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete

from participa.comments.models import Comment
from participa.core.models import Organization
from participa.spaces import visibility
from participa.spaces.registry import ItemSpec, all_item_specs, item_spec_for


@dataclass(frozen=True)
class Commentable:
    model: type[models.Model]
    item: ItemSpec
    can_view: Callable[[Any, Any], bool]
    can_comment: Callable[[Any, Any], bool]
    url: Callable[[Any], str]
    organization: Callable[[Any], Organization]
    space: Callable[[Any], Any]
    queryset: Callable[[], models.QuerySet[Any]]
    threshold: Callable[[Any], int | None]
    visible: Callable[[Any, Organization], models.QuerySet[Any]]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


def _no_threshold(obj: Any) -> int | None:
    return None


def _commentable(item: ItemSpec | None) -> Commentable | None:
    if item is None or item.comments is None:
        return None
    policy = item.comments

    def visible(user: Any, org: Organization) -> models.QuerySet[Any]:
        return visibility.visible(item, user, org)

    return Commentable(
        model=item.model, item=item, can_view=visibility.can_view,
        can_comment=policy.can_comment, url=item.url, organization=item.organization_of,
        space=item.space_of, queryset=item.queryset or item.model._default_manager.all,
        threshold=policy.threshold or _no_threshold, visible=visible,
    )


def get(model_or_label: type[models.Model] | models.Model | str) -> Commentable | None:
    return _commentable(item_spec_for(model_or_label))


def all_specs() -> list[Commentable]:
    return [spec for item in all_item_specs() if (spec := _commentable(item)) is not None]


def get_target(label: str, pk: int, user: Any,
               org: Organization) -> tuple[Commentable, Any] | None:
    """The commentable object ``pk`` of ``label`` in ``org`` if ``user`` may see it, or None
    (missing, not visible and another organization's alike)."""
    spec = get(label)
    if spec is None:
        return None
    obj = visibility.resolve(spec.item, user, org, pk)
    return (spec, obj) if obj is not None else None


def connect_targets() -> None:
    for spec in all_specs():
        post_delete.connect(_delete_comments, sender=spec.model, weak=False,
                            dispatch_uid=f"participa.comments:{spec.label}")


def _delete_comments(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """A deleted target takes its comments with it (generic relations do not cascade)."""
    Comment.objects.filter(target_type=ContentType.objects.get_for_model(sender),
                           target_id=instance.pk).delete()
