"""What can be commented on: each model registers its access checks and its address.

``register(Page, can_view=..., can_comment=..., url=...)``; comments then work on any object of
that model. ``organization`` and ``space`` say where the object belongs (defaults: its
``organization`` / ``space`` attributes); ``queryset`` loads it with what the checks need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import post_delete

from participa.core.models import Organization


@dataclass(frozen=True)
class Commentable:
    model: type[models.Model]
    can_view: Callable[[Any, Any], bool]
    can_comment: Callable[[Any, Any], bool]
    url: Callable[[Any], str]
    organization: Callable[[Any], Organization]
    space: Callable[[Any], Any]
    queryset: Callable[[], models.QuerySet[Any]]
    threshold: Callable[[Any], int | None]
    visible: Callable[[Any, Organization], models.QuerySet[Any]] | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_REGISTRY: dict[str, Commentable] = {}


def _default_organization(obj: Any) -> Organization:
    return obj.organization


def _default_space(obj: Any) -> Any:
    return getattr(obj, "space", None)


def _no_threshold(obj: Any) -> int | None:
    return None


def register(
    model: type[models.Model],
    *,
    can_view: Callable[[Any, Any], bool],
    can_comment: Callable[[Any, Any], bool],
    url: Callable[[Any], str],
    organization: Callable[[Any], Organization] | None = None,
    space: Callable[[Any], Any] | None = None,
    queryset: Callable[[], models.QuerySet[Any]] | None = None,
    threshold: Callable[[Any], int | None] | None = None,
    visible: Callable[[Any, Organization], models.QuerySet[Any]] | None = None,
) -> Commentable:
    """Make ``model`` commentable. ``threshold(obj)`` may override how many reports hide a
    comment on ``obj`` (None: the organization-wide setting); ``visible(user, org)`` is the
    queryset of objects the visitor may see (for search results)."""
    spec = Commentable(
        model=model, can_view=can_view, can_comment=can_comment, url=url,
        organization=organization or _default_organization,
        space=space or _default_space,
        queryset=queryset or model._default_manager.all,
        threshold=threshold or _no_threshold, visible=visible,
    )
    _REGISTRY[spec.label] = spec
    post_delete.connect(_delete_comments, sender=model, weak=False,
                        dispatch_uid=f"participa.comments:{spec.label}")
    return spec


def _delete_comments(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """A deleted target takes its comments with it (generic relations do not cascade)."""
    from django.contrib.contenttypes.models import ContentType

    from participa.comments.models import Comment

    Comment.objects.filter(target_type=ContentType.objects.get_for_model(sender),
                           target_id=instance.pk).delete()


def get(model_or_label: type[models.Model] | models.Model | str) -> Commentable | None:
    if isinstance(model_or_label, str):
        return _REGISTRY.get(model_or_label.lower())
    return _REGISTRY.get(model_or_label._meta.label_lower)


def all_specs() -> list[Commentable]:
    return list(_REGISTRY.values())


def get_target(label: str, pk: int) -> tuple[Commentable, Any] | None:
    """The registered model's object ``pk`` with its spec, or None."""
    spec = get(label)
    if spec is None:
        return None
    obj = spec.queryset().filter(pk=pk).first()
    return (spec, obj) if obj is not None else None


def register_pages() -> None:
    """Pages are commentable while their component's active phase allows comments."""
    from participa.components.pages.models import Page
    from participa.components.pages.permissions import can_comment_page, can_view_page

    def threshold(page: Page) -> int | None:
        value = page.component.settings.get("moderation_threshold")
        return int(value) if value else None

    register(
        Page,
        can_view=can_view_page,
        can_comment=can_comment_page,
        url=lambda page: page.get_absolute_url(),
        organization=lambda page: page.component.space.organization,
        space=lambda page: page.component.space,
        queryset=lambda: Page.objects.select_related(
            "component__space__organization"
        ).prefetch_related("component__space__phases"),
        threshold=threshold,
        visible=_visible_pages,
    )


def _visible_pages(user: Any, org: Organization) -> models.QuerySet[Any]:
    from participa.search.kinds import page_visible_to

    return page_visible_to(user, org)
