"""Reads of moderation state used by the queue and by every reportable type's lists."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from participa.core import permissions as core_permissions
from participa.core.models import Organization
from participa.moderation import registry
from participa.moderation.models import Block, Moderation
from participa.moderation.permissions import can_moderate
from participa.spaces.models import SpaceMembership


def moderation_annotations(model: type[models.Model], *, author_field: str = "author_id",
                           organization_field: str = "organization_id") -> dict[str, Any]:
    """Annotations for a queryset of ``model``: ``moderation_hidden_at``,
    ``moderation_hidden_reason`` and ``author_blocked`` (subqueries: no extra query)."""
    content_type = ContentType.objects.get_for_model(model)
    moderation = Moderation.objects.filter(content_type_id=content_type.pk,
                                           object_id=OuterRef("pk"))
    return {
        "moderation_hidden_at": Subquery(moderation.values("hidden_at")[:1]),
        "moderation_hidden_reason": Subquery(moderation.values("hidden_reason")[:1]),
        "author_blocked": Exists(Block.objects.filter(
            organization_id=OuterRef(organization_field), user_id=OuterRef(author_field),
        )),
    }


def moderation_for(obj: models.Model) -> Moderation | None:
    return Moderation.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).first()


def moderation_queue(user: Any, org: Organization, *, status: str = "") -> QuerySet[Moderation]:
    """The reported content the person may moderate, most recently reported first."""
    qs = Moderation.objects.filter(organization=org).select_related(
        "content_type", "space", "hidden_by"
    )
    if not core_permissions.is_moderator(user, org):
        managed = SpaceMembership.objects.filter(
            user=user, role=SpaceMembership.Role.MANAGER, space__organization=org
        ).values("space_id")
        qs = qs.filter(space_id__in=managed)
    if status == "hidden":
        qs = qs.filter(hidden_at__isnull=False)
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("-last_reported_at", "-id")


def moderation_get_for_user(user: Any, org: Organization, pk: int) -> Moderation | None:
    moderation = (
        Moderation.objects.filter(organization=org, pk=pk)
        .select_related("content_type", "space", "organization", "hidden_by", "reviewed_by")
        .first()
    )
    if moderation is None or not can_moderate(user, moderation):
        return None
    return moderation


def moderated_object(moderation: Moderation) -> Any:
    """The reported object (None if it no longer exists or its type is not registered)."""
    model = moderation.content_type.model_class()
    spec = registry.get(model) if model is not None else None
    if spec is None:
        return None
    return spec.queryset().filter(pk=moderation.object_id).first()


def blocked_users(org: Organization) -> QuerySet[Block]:
    return Block.objects.filter(organization=org).select_related("user", "blocked_by")


def hidden_filter(prefix: str = "") -> Q:
    """Objects not hidden by moderation (needs ``moderation_annotations``)."""
    return Q(**{f"{prefix}moderation_hidden_at__isnull": True, f"{prefix}author_blocked": False})
