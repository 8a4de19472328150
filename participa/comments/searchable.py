"""Comments in the site search: their text, on targets the visitor may see, unless deleted,
hidden by the moderators or written by a blocked person."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from participa.comments.models import Comment
from participa.core.models import Organization
from participa.moderation.models import Block, Moderation


def comment_visible_q(user: Any, org: Organization) -> Q:
    from participa.comments import registry

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


def register_comment_search() -> None:
    from participa.comments.reportable import comment_address
    from participa.search.registry import register

    register(
        Comment, kind="comment", label=_("Comments"),
        text=lambda comment: {"body": comment.body},
        visible_to=comment_visible_q,
        url=comment_address,
        space=lambda comment: comment.space,
        date=lambda comment: comment.created_at,
        organization=lambda comment: comment.organization,
        indexable=lambda comment: not comment.is_deleted,
    )
