"""Comments anybody can read, counted by the statistics and published as open data.

The statistics (``stats.public``) and open data read them from here, so both count the same
things and the comments app never imports the statistics.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from participa.comments import registry
from participa.comments.models import Comment
from participa.core.models import Organization
from participa.moderation.selectors import hidden_filter, moderation_annotations
from participa.spaces.selectors import public_spaces


def public_targets_q(org: Organization, *, type_field: str, id_field: str) -> Q:
    """A filter on a generic relation (``type_field`` / ``id_field``) keeping objects an
    anonymous visitor may see: commentable types through their registered ``visible`` queryset.
    Types registered without one are left out (nothing is public by accident)."""
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
