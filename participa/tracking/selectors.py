"""Reads of tracked items used by the public pages, the back office and other apps."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef, QuerySet, Subquery

from participa.core.models import Organization
from participa.spaces.registry import item_spec, item_spec_for
from participa.spaces.visibility import remember_visible, visible
from participa.tracking.models import TrackedItem
from participa.tracking.permissions import managed_q

RELATED = ("department", "scope", "content_type")


def tracked_items_visible(user: Any, org: Organization) -> QuerySet[TrackedItem]:
    """Every tracked item of ``org`` the visitor may see (the one rule, from the manifest)."""
    spec = item_spec("tracked_item")
    assert spec is not None
    return visible(spec, user, org).select_related(*RELATED)


def tracked_items_managed(user: Any, org: Organization) -> QuerySet[TrackedItem]:
    """The tracked items the person runs (administrators: all; officials: their
    departments')."""
    return TrackedItem.objects.filter(managed_q(user, org)).select_related(*RELATED)


def tracked_item_get_for_user(user: Any, org: Organization, pk: Any) -> TrackedItem | None:
    """Tracked item ``pk`` if the visitor may see it, else None (missing = forbidden)."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    item = (tracked_items_visible(user, org).filter(pk=key)
            .select_related("organization", "component__space").first())
    if item is not None:
        remember_visible(user, item)
    return item


def tracked_for(source: models.Model) -> TrackedItem | None:
    """The tracked item made from ``source`` (a proposal, a project...), or None."""
    if source.pk is None:
        return None
    content_type = ContentType.objects.get_for_model(source)
    return (TrackedItem.objects.filter(content_type=content_type, object_id=source.pk)
            .select_related("organization").first())


def source_link(item: TrackedItem) -> dict[str, str] | None:
    """What the item comes from, for its page: the kind (the source model's name), title and
    public address (read through the source's declared item), or None."""
    if item.content_type_id is None:
        return None
    source = item.source
    if source is None:
        return None
    spec = item_spec_for(type(source))
    model = type(source)
    kind = str(model._meta.verbose_name).capitalize()
    if spec is None:
        return {"kind": kind, "title": str(source), "url": ""}
    return {"kind": kind, "title": str(spec.title(source)), "url": spec.url(source)}


def source_kinds(queryset: QuerySet[TrackedItem]) -> list[tuple[int, str]]:
    """``(content type id, name)`` of the kinds of sources among ``queryset`` (one query;
    the content types themselves come from Django's cache)."""
    ids = sorted(set(queryset.exclude(content_type__isnull=True).order_by()
                     .values_list("content_type_id", flat=True).distinct()))
    kinds = []
    for pk in ids:
        model = ContentType.objects.get_for_id(pk).model_class()
        if model is not None:
            kinds.append((pk, str(model._meta.verbose_name_plural).capitalize()))
    return sorted(kinds, key=lambda kind: kind[1].lower())


def with_tracked(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Annotate each source of ``queryset`` with its *published* tracked item, read in the
    same query (``tracked_pk``, ``tracked_status``, ``tracked_progress``; None when it has
    none): a source's page links to it without a query of its own (:func:`tracked_of`)."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    tracked = TrackedItem.objects.filter(content_type=content_type, object_id=OuterRef("pk"),
                                         published_at__isnull=False)
    return queryset.annotate(
        tracked_pk=Subquery(tracked.values("pk")[:1]),
        tracked_status=Subquery(tracked.values("status")[:1]),
        tracked_progress=Subquery(tracked.values("progress")[:1]))


def tracked_of(source: models.Model) -> TrackedItem | None:
    """The published tracked item read by :func:`with_tracked` with ``source`` (enough of it
    for a link: its address, status and progress), or None."""
    pk = getattr(source, "tracked_pk", None)
    if pk is None:
        return None
    return TrackedItem(pk=pk, status=getattr(source, "tracked_status", ""),
                       progress=getattr(source, "tracked_progress", 0))
