"""What counts as public participation: published, not hidden, on content anybody may read.

Shared by the statistics pages and the open-data files, so both count the same things.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from participa.comments.models import Comment
from participa.core.models import Organization
from participa.moderation.selectors import hidden_filter, moderation_annotations
from participa.spaces.models import Space, Visibility


def public_spaces(org: Organization) -> QuerySet[Space]:
    """Published spaces open to everybody."""
    return Space.objects.filter(organization=org, published_at__isnull=False,
                                visibility=Visibility.PUBLIC)


def public_targets_q(org: Organization, *, type_field: str, id_field: str) -> Q:
    """A filter on a generic relation (``type_field`` / ``id_field``) keeping objects an
    anonymous visitor may see: commentable types through their registered ``visible`` queryset.
    Types registered without one are left out (nothing is public by accident)."""
    from participa.comments import registry

    anonymous = AnonymousUser()
    condition = Q(pk__in=[])
    for spec in registry.all_specs():
        if spec.visible is None:
            continue
        content_type = ContentType.objects.get_for_model(spec.model)
        condition |= Q(**{type_field: content_type.pk,
                          f"{id_field}__in": spec.visible(anonymous, org).values("pk")})
    return condition


def public_comments(org: Organization) -> QuerySet[Comment]:
    """Comments anybody can read: not deleted, not hidden by moderation, author not blocked,
    on a publicly visible object of a published public space (or of no space)."""
    return (
        Comment.objects.filter(organization=org, deleted_at__isnull=True)
        .annotate(**moderation_annotations(Comment))
        .filter(hidden_filter())
        .filter(Q(space__isnull=True) | Q(space__in=public_spaces(org).values("pk")))
        .filter(public_targets_q(org, type_field="target_type_id", id_field="target_id"))
    )


def public_follow_q(org: Organization) -> Q:
    """Follows of public spaces and of publicly visible items (Follow's generic relation)."""
    space_type = ContentType.objects.get_for_model(Space)
    return Q(content_type_id=space_type.pk,
             object_id__in=public_spaces(org).values("pk")) | public_targets_q(
        org, type_field="content_type_id", id_field="object_id")


def active_people_q(prefix: str) -> Q:
    return Q(**{f"{prefix}is_active": True, f"{prefix}deleted_at__isnull": True})
