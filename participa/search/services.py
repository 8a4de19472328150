"""Writes on the search index. The index is derived data (rebuilt by ``search_reindex``), so
these writes are not audited; the objects they describe are, by their own services."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Value
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from participa.search.models import SearchDocument
from participa.search.normalize import index_tokens, normalize, stemming_languages
from participa.search.registry import SearchSpec, TextValue, all_specs, spec_for_model
from participa.spaces.models import Component

EXCERPT_LENGTH = 240
BULK_SIZE = 500
MAX_DEPTH = 5  # parents of parents: a comment on a contribution of a consultation
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


def organization_languages(org: Any) -> tuple[str, ...]:
    """The languages whose stemmer the organisation's index and queries use."""
    codes = list(getattr(org, "languages", None) or [])
    default = getattr(org, "default_language", "")
    return stemming_languages([*codes, default] if default else codes)


@dataclass(frozen=True)
class Visibility:
    published: bool
    preview: bool
    component_id: int | None
    component_published: bool


def visibility(spec: SearchSpec, obj: Any, depth: int = 0) -> Visibility:
    """Who may see ``obj``'s row: its own state, its parent's (recursively), its component's."""
    own = spec.published(obj) if spec.published is not None else True
    parent = spec.parent(obj) if spec.parent is not None else None
    if parent is not None and depth < MAX_DEPTH:
        parent_spec = _spec_of(parent)
        if parent_spec is not None:
            inherited = visibility(parent_spec, parent, depth + 1)
            if parent_spec.indexable is not None and not parent_spec.indexable(parent):
                inherited = Visibility(False, False, inherited.component_id,
                                       inherited.component_published)
            return Visibility(
                published=own and inherited.published,
                preview=own and inherited.preview,
                component_id=inherited.component_id,
                component_published=inherited.component_published,
            )
    if spec.component is not None:
        component = spec.component(obj)
    else:
        component = getattr(obj, "component", None) if hasattr(obj, "component_id") else None
    return Visibility(
        published=own,
        preview=own and spec.preview,
        component_id=component.pk if component is not None else None,
        component_published=component is None or component.published_at is not None,
    )


def document_values(spec: SearchSpec, obj: Any) -> dict[str, Any] | None:
    """The index row for ``obj`` (None when it must not be indexed)."""
    if spec.indexable is not None and not spec.indexable(obj):
        return None
    org = spec.organization(obj)
    if org is None:
        return None
    language = org.default_language
    languages = organization_languages(org)
    texts = {name: _as_dict(value, language) for name, value in spec.text(obj).items()}
    title = texts.pop("title", {})
    excerpt: dict[str, str] = {}
    for value in texts.values():
        if value:
            excerpt = {code: _excerpt(text) for code, text in value.items()}
            break
    title_text = " ".join(title.values())
    body_text = " ".join(text for value in texts.values() for text in value.values())
    title_tokens = index_tokens(title_text, languages)
    body_tokens = index_tokens(_plain(body_text), languages)
    tokens = " ".join(dict.fromkeys([*title_tokens, *body_tokens]))
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
    seen = visibility(spec, obj)
    values: dict[str, Any] = {
        "organization_id": org.pk,
        "kind": spec.kind,
        "space_id": space.pk if space is not None else None,
        "scope_id": scope_id,
        "area_id": area_id,
        "date": _as_datetime(spec.date(obj)),
        "title": title,
        "excerpt": excerpt,
        "url": spec.url(obj)[:500],
        "facts": spec.facts(obj) if spec.facts is not None else {},
        "language": language,
        "title_normalized": normalize(title_text),
        "normalized": normalize(f"{title_text} {body_text}"),
        "tokens": tokens,
        "published": seen.published,
        "preview": seen.preview,
        "component_id": seen.component_id,
        "component_published": seen.component_published,
        "updated_at": timezone.now(),
    }
    if connection.vendor == "postgresql":
        values["vector"] = _vector(" ".join(title_tokens), " ".join(body_tokens))
    return values


def _vector(title_tokens: str, body_tokens: str) -> Any:
    """The tsvector of a row, from tokens computed in Python: title words weigh more."""
    # Local import: PostgreSQL only; django.contrib.postgres needs psycopg, absent on SQLite.
    from django.contrib.postgres.search import SearchVector

    return (SearchVector(Value(title_tokens), config="simple", weight="A")
            + SearchVector(Value(body_tokens), config="simple", weight="B"))


# What, when it changes on a row, changes who may see the rows that depend on its object.
_TRACKED = ("published", "preview", "component_id", "component_published", "space_id",
            "scope_id", "area_id", "url")
UPDATE_FIELDS = [
    "organization", "kind", "space", "scope", "area", "date", "title", "excerpt", "url",
    "facts", "language", "title_normalized", "normalized", "tokens", "published", "preview",
    "component", "component_published", "updated_at",
]


def index_objects(spec: SearchSpec, objects: Iterable[models.Model], *,
                  cascade: bool = True) -> list[SearchDocument]:
    """Write the rows of ``objects`` (all of ``spec``'s model) in bulk: one upsert, one delete.

    With ``cascade``, the objects that depend on an object whose visibility, place or address
    changed (``SearchSpec.children``) are re-indexed too.
    """
    objects = [obj for obj in objects if obj.pk is not None]
    if not objects:
        return []
    content_type = ContentType.objects.get_for_model(spec.model, for_concrete_model=True)
    rows: list[SearchDocument] = []
    gone: list[int] = []
    for obj in objects:
        values = document_values(spec, obj)
        if values is None:
            gone.append(int(obj.pk))
        else:
            rows.append(SearchDocument(content_type=content_type, object_id=obj.pk, **values))
    previous: dict[int, tuple[Any, ...]] = {}
    if cascade:
        previous = {
            row[0]: tuple(row[1:]) for row in SearchDocument.objects.filter(
                content_type=content_type, object_id__in=[obj.pk for obj in objects]
            ).values_list("object_id", *_TRACKED)
        }
    fields = [*UPDATE_FIELDS, "vector"] if connection.vendor == "postgresql" else UPDATE_FIELDS
    with transaction.atomic():
        if gone:
            SearchDocument.objects.filter(content_type=content_type,
                                          object_id__in=gone).delete()
        if rows:
            SearchDocument.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["content_type", "object_id"],
                update_fields=fields, batch_size=BULK_SIZE,
            )
        if cascade:
            now = {row.object_id: tuple(getattr(row, name) for name in _TRACKED)
                   for row in rows}
            for obj in objects:
                if previous.get(int(obj.pk)) != now.get(int(obj.pk)):
                    _cascade(obj)
    return rows


def _cascade(parent: models.Model) -> None:
    for child_spec in all_specs():
        if child_spec.children is None:
            continue
        children = child_spec.children(parent)
        if children is None:
            continue
        if child_spec.queryset is not None:
            children = child_spec.queryset().filter(pk__in=children.values("pk"))
        index_objects(child_spec, children.order_by("pk"))


def index_object(obj: models.Model) -> SearchDocument | None:
    """Create or refresh the index row of ``obj``; remove it when ``obj`` is not indexable."""
    spec = _spec_of(obj)
    if spec is None or obj.pk is None:
        return None
    with transaction.atomic():
        previous = None
        if spec.kind == "space":
            previous = (
                SearchDocument.objects.filter(kind="space", object_id=obj.pk)
                .values("url", "scope_id", "area_id").first()
            )
        rows = index_objects(spec, [obj])
        document = rows[0] if rows else None
        if document is not None and previous is not None and previous != {
            "url": document.url, "scope_id": document.scope_id, "area_id": document.area_id
        }:
            # The space moved (new address, scope or area): what lives in it moves along.
            reindex_documents(SearchDocument.objects.filter(space_id=obj.pk)
                              .exclude(kind="space", object_id=obj.pk))
    return document


def component_published_changed(component: Any) -> int:
    """Copy a component's published state to its rows (one UPDATE; none when unchanged)."""
    flag = component.published_at is not None
    return SearchDocument.objects.filter(component_id=component.pk).exclude(
        component_published=flag).update(component_published=flag)


@transaction.atomic
def unindex_object(obj: models.Model) -> int:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    deleted, _ = SearchDocument.objects.filter(
        content_type=content_type, object_id=obj.pk
    ).delete()
    return deleted


def _objects(spec: SearchSpec) -> models.QuerySet[Any]:
    return spec.queryset() if spec.queryset is not None else spec.model._default_manager.all()


def reindex_documents(documents: Iterable[SearchDocument]) -> int:
    """Recompute the given rows from their objects (a few queries per type, bulk writes)."""
    by_type: dict[int, list[int]] = {}
    for content_type_id, object_id in (
        (doc.content_type_id, doc.object_id) for doc in documents
    ):
        by_type.setdefault(content_type_id, []).append(object_id)
    count = 0
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        spec = spec_for_model(model) if model is not None else None
        if spec is None:
            continue
        for start in range(0, len(ids), BULK_SIZE):
            chunk = list(_objects(spec).filter(pk__in=ids[start:start + BULK_SIZE]))
            index_objects(spec, chunk)
            count += len(chunk)
    return count


def reindex_all(*, kinds: Iterable[str] | None = None, batch_size: int = BULK_SIZE) -> int:
    """Rebuild the index of every registered model (or of ``kinds``); drop orphan rows.

    Objects are read ``batch_size`` at a time with what their texts need, and written with one
    upsert per batch.
    """
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
        batch: list[models.Model] = []
        for obj in _objects(spec).order_by("pk").iterator(chunk_size=batch_size):
            batch.append(obj)
            if len(batch) >= batch_size:
                index_objects(spec, batch, cascade=False)
                count += len(batch)
                batch = []
        if batch:
            index_objects(spec, batch, cascade=False)
            count += len(batch)
    return count


# --- Signals ------------------------------------------------------------------------------------


def connect_signals() -> None:
    """Keep the index in step with every registered model's saves and deletes, and with the
    publication of components. Called by the app's ``ready()`` once the manifests are loaded."""
    for spec in all_specs():
        uid = f"participa.search:{spec.model._meta.label_lower}"
        post_save.connect(_on_save, sender=spec.model, weak=False, dispatch_uid=uid)
        post_delete.connect(_on_delete, sender=spec.model, weak=False, dispatch_uid=uid)
    post_save.connect(_on_component_save, sender=Component, weak=False,
                      dispatch_uid="participa.search:component")


def _on_save(sender: type[models.Model], instance: models.Model, raw: bool = False,
             **kwargs: Any) -> None:
    if raw:  # loading fixtures
        return
    index_object(instance)


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    unindex_object(instance)


def _on_component_save(sender: type[models.Model], instance: Any, raw: bool = False,
                       **kwargs: Any) -> None:
    """A component published or unpublished: its rows follow (one UPDATE, none if unchanged)."""
    if raw:
        return
    component_published_changed(instance)
