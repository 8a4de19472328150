"""Comments in the site search: their text, on targets the visitor may see, unless deleted,
hidden by the moderators or written by a blocked person.

The index row of a comment inherits its target's visibility (``parent``) and is refreshed when
a moderator hides or shows it again, and when its author is blocked or unblocked (signals on
``Moderation`` and ``Block`` below).
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.signals import post_delete, post_save

from participa.comments import registry
from participa.comments.models import Comment
from participa.core.models import Organization
from participa.moderation.models import Block, Moderation
from participa.search.registry import spec_for_model
from participa.search.services import index_objects


def comment_visible_q(user: Any, org: Organization) -> Q:
    on_visible_target = Q(pk__in=[])
    for spec in registry.all_specs():
        if spec.visible is None:
            continue
        content_type = ContentType.objects.get_for_model(spec.model)
        on_visible_target |= Q(target_type=content_type,
                               target_id__in=spec.visible(user, org).values("pk"))
    hidden = Moderation.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment), object_id=OuterRef("pk"),
        hidden_at__isnull=False,
    )
    blocked = Block.objects.filter(organization_id=OuterRef("organization_id"),
                                   user_id=OuterRef("author_id"))
    return on_visible_target & Q(deleted_at__isnull=True) & ~Exists(hidden) & ~Exists(blocked)


def _hidden(comment_type: ContentType) -> Exists:
    return Exists(Moderation.objects.filter(
        content_type=comment_type, object_id=OuterRef("pk"), hidden_at__isnull=False))


def _blocked() -> Exists:
    return Exists(Block.objects.filter(organization_id=OuterRef("organization_id"),
                                       user_id=OuterRef("author_id")))


def comments_for_search() -> QuerySet[Comment]:
    """Comments with what their index row needs: hidden? author blocked? (no query each)."""
    comment_type = ContentType.objects.get_for_model(Comment)
    return Comment.objects.select_related("organization").annotate(
        search_hidden=_hidden(comment_type), search_blocked=_blocked())


def comment_is_published(comment: Comment) -> bool:
    """Not hidden by the moderators and not written by a blocked person."""
    hidden = getattr(comment, "search_hidden", None)
    blocked = getattr(comment, "search_blocked", None)
    if hidden is None or blocked is None:
        annotated = comments_for_search().filter(pk=comment.pk).first()
        if annotated is None:
            return False
        hidden = getattr(annotated, "search_hidden", False)
        blocked = getattr(annotated, "search_blocked", False)
    return not hidden and not blocked


def comment_target(comment: Comment) -> models.Model | None:
    model = comment.target_type.model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=comment.target_id).first()


def comments_of(target: models.Model) -> QuerySet[Comment] | None:
    """The comments on ``target`` when it is commentable (None otherwise: nothing to do)."""
    if registry.get(type(target)) is None:
        return None
    return Comment.objects.filter(target_type=ContentType.objects.get_for_model(target),
                                  target_id=target.pk)


def _reindex(comments: QuerySet[Comment]) -> None:
    spec = spec_for_model(Comment)
    if spec is not None:
        index_objects(spec, comments_for_search().filter(pk__in=comments.values("pk")))


def _on_moderation_change(sender: Any, instance: Moderation, raw: bool = False,
                          **kwargs: Any) -> None:
    """A comment hidden or shown again by the moderators."""
    if raw or instance.content_type_id != ContentType.objects.get_for_model(Comment).pk:
        return
    _reindex(Comment.objects.filter(pk=instance.object_id))


def _on_block_change(sender: Any, instance: Block, raw: bool = False, **kwargs: Any) -> None:
    """A person blocked or unblocked: their comments in that organization."""
    if raw:
        return
    _reindex(Comment.objects.filter(organization_id=instance.organization_id,
                                    author_id=instance.user_id))


def connect_search_signals() -> None:
    """Re-index comments when the moderators hide one or block its author."""
    for signal in (post_save, post_delete):
        signal.connect(_on_moderation_change, sender=Moderation, weak=False,
                       dispatch_uid=f"participa.comments.search:moderation:{id(signal)}")
        signal.connect(_on_block_change, sender=Block, weak=False,
                       dispatch_uid=f"participa.comments.search:block:{id(signal)}")
