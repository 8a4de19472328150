"""Writes on the search index. The index is derived data (rebuilt by ``search_reindex``), so
these writes are not audited; the objects they describe are, by their own services."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from participa.search.models import SearchDocument
from participa.search.normalize import normalize
from participa.search.registry import SearchSpec, TextValue, all_specs, spec_for_model

EXCERPT_LENGTH = 240
_MARKUP = re.compile(r"[#*_`>\[\]|~]+|\]\([^)]*\)|!\[|<[^>]+>")


def _spec_of(obj: models.Model) -> SearchSpec | None:
    for klass in type(obj).__mro__:
        if isinstance(klass, type) and issubclass(klass, models.Model):
            spec = spec_for_model(klass)
            if spec is not None:
                return spec
    return None


def _as_dict(value: TextValue | None, default_language: str) -> dict[str, str]:
    if not value:
        return {}
    if isinstance(value, str):
        return {default_language: value}
    return {str(code): str(text) for code, text in value.items() if text}


def _plain(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).split())


def _excerpt(text: str) -> str:
    text = _plain(text)
    if len(text) <= EXCERPT_LENGTH:
        return text
    cut = text[:EXCERPT_LENGTH].rsplit(" ", 1)[0]
    return cut + "…"


def _as_datetime(value: datetime.datetime | datetime.date | None) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time()))


def _id_of(obj: Any, name: str) -> int | None:
    if obj is None:
        return None
    value = getattr(obj, f"{name}_id", None)
    return int(value) if value is not None else None


def document_values(spec: SearchSpec, obj: Any) -> dict[str, Any] | None:
    """The index row for ``obj`` (None when it must not be indexed)."""
    if spec.indexable is not None and not spec.indexable(obj):
        return None
    org = spec.organization(obj)
    if org is None:
        return None
    language = org.default_language
    texts = {name: _as_dict(value, language) for name, value in spec.text(obj).items()}
    title = texts.pop("title", {})
    excerpt: dict[str, str] = {}
    for value in texts.values():
        if value:
            excerpt = {code: _excerpt(text) for code, text in value.items()}
            break
    title_text = " ".join(title.values())
    body_text = " ".join(text for value in texts.values() for text in value.values())
    space = spec.space(obj)
    if spec.scope is not None:
        scope = spec.scope(obj)
        scope_id = scope.pk if scope is not None else None
    else:
        scope_id = _id_of(obj, "scope") if hasattr(obj, "scope_id") else _id_of(space, "scope")
    if spec.area is not None:
        area = spec.area(obj)
        area_id = area.pk if area is not None else None
    else:
        area_id = _id_of(obj, "area") if hasattr(obj, "area_id") else _id_of(space, "area")
    return {
        "organization_id": org.pk,
        "kind": spec.kind,
        "space_id": space.pk if space is not None else None,
        "scope_id": scope_id,
        "area_id": area_id,
        "date": _as_datetime(spec.date(obj)),
        "title": title,
        "excerpt": excerpt,
        "url": spec.url(obj)[:500],
        "language": language,
        "title_normalized": normalize(title_text),
        "normalized": normalize(f"{title_text} {body_text}"),
        "updated_at": timezone.now(),
    }


@transaction.atomic
def index_object(obj: models.Model) -> SearchDocument | None:
    """Create or refresh the index row of ``obj``; remove it when ``obj`` is not indexable."""
    spec = _spec_of(obj)
    if spec is None or obj.pk is None:
        return None
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    values = document_values(spec, obj)
    if values is None:
        SearchDocument.objects.filter(content_type=content_type, object_id=obj.pk).delete()
        return None
    previous = (
        SearchDocument.objects.filter(content_type=content_type, object_id=obj.pk)
        .values("url", "scope_id", "area_id").first()
    )
    document, _created = SearchDocument.objects.update_or_create(
        content_type=content_type, object_id=obj.pk, defaults=values,
    )
    if spec.kind == "space" and previous is not None and previous != {
        "url": values["url"], "scope_id": values["scope_id"], "area_id": values["area_id"]
    }:
        # The space moved (new address, scope or area): what lives in it moves along.
        reindex_documents(SearchDocument.objects.filter(space_id=obj.pk).exclude(pk=document.pk))
    return document


@transaction.atomic
def unindex_object(obj: models.Model) -> int:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    deleted, _ = SearchDocument.objects.filter(
        content_type=content_type, object_id=obj.pk
    ).delete()
    return deleted


def reindex_documents(documents: Iterable[SearchDocument]) -> int:
    """Recompute the given rows from their objects (one query per type)."""
    by_type: dict[int, list[int]] = {}
    for content_type_id, object_id in (
        (doc.content_type_id, doc.object_id) for doc in documents
    ):
        by_type.setdefault(content_type_id, []).append(object_id)
    count = 0
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            index_object(obj)
            count += 1
    return count


def reindex_all(*, kinds: Iterable[str] | None = None, batch_size: int = 500) -> int:
    """Rebuild the index of every registered model (or of ``kinds``); drop orphan rows."""
    wanted = set(kinds) if kinds else None
    count = 0
    for spec in all_specs():
        if wanted is not None and spec.kind not in wanted:
            continue
        content_type = ContentType.objects.get_for_model(spec.model, for_concrete_model=True)
        with transaction.atomic():
            SearchDocument.objects.filter(kind=spec.kind).exclude(
                content_type=content_type
            ).delete()
            existing = spec.model._default_manager.values("pk")
            SearchDocument.objects.filter(content_type=content_type).exclude(
                object_id__in=existing
            ).delete()
        for obj in spec.model._default_manager.order_by("pk").iterator(chunk_size=batch_size):
            index_object(obj)
            count += 1
    return count
