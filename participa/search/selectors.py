"""Reads of the search index: results the visitor may see, filtered and ranked."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case, F, FloatField, Func, IntegerField, Q, QuerySet, Value, When

from participa.core.models import Area, Organization, Scope
from participa.search.models import SearchDocument
from participa.search.normalize import terms as query_terms
from participa.search.registry import SearchSpec, all_specs

MAX_TERMS = 10


@dataclass
class SearchFilters:
    q: str = ""
    kinds: list[str] = field(default_factory=list)
    scope: Scope | None = None
    area: Area | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def visible_documents(user: Any, org: Organization,
                      specs: Iterable[SearchSpec] | None = None) -> QuerySet[SearchDocument]:
    """Index rows of ``org`` whose object the visitor may see (one SQL query, subqueries per
    kind, whatever the number of results)."""
    condition = Q(pk__in=[])
    for spec in specs if specs is not None else all_specs():
        visible = spec.visible_to(user, org)
        if isinstance(visible, Q):
            visible = spec.model._default_manager.filter(visible)
        condition |= Q(kind=spec.kind, object_id__in=visible.order_by().values("pk"))
    return SearchDocument.objects.filter(condition, organization=org).select_related("space")


class _Vector(Func):
    """``to_tsvector('simple', normalized)``: the expression of the GIN index (migration 0002)."""

    function = "to_tsvector"
    template = "%(function)s('simple'::regconfig, %(expressions)s)"


def _postgres_match(qs: QuerySet[SearchDocument], words: list[str]) -> QuerySet[SearchDocument]:
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVectorField,
    )

    # Words are normalised to letters and digits only, so the raw query cannot be malformed;
    # ``:*`` matches prefixes ("sedint" finds "sedinta"), like ``contains`` does on SQLite.
    raw = " & ".join(f"{word}:*" for word in words)
    query = SearchQuery(Func(Value(raw), function="unaccent"), config="simple",
                        search_type="raw")
    vector = _Vector(F("normalized"), output_field=SearchVectorField())
    return qs.annotate(vector=vector, rank=SearchRank(vector, query)).filter(vector=query)


def search_documents(user: Any, org: Organization,
                     filters: SearchFilters) -> QuerySet[SearchDocument]:
    """The results for ``filters``: best matches first (titles first on SQLite), then newest."""
    specs = [spec for spec in all_specs() if not filters.kinds or spec.kind in filters.kinds]
    qs = visible_documents(user, org, specs)
    if filters.scope is not None:
        qs = qs.filter(scope_id__in=filters.scope.descendant_ids())
    if filters.area is not None:
        qs = qs.filter(area=filters.area)
    if filters.date_from is not None:
        qs = qs.filter(date__date__gte=filters.date_from)
    if filters.date_to is not None:
        qs = qs.filter(date__date__lte=filters.date_to)
    words = [word for word in query_terms(filters.q) if word.isalnum()][:MAX_TERMS]
    if not words:
        return qs.order_by(F("date").desc(nulls_last=True), "-pk")
    if connection.vendor == "postgresql":
        qs = _postgres_match(qs, words)
    else:
        for word in words:
            qs = qs.filter(normalized__contains=word)
        qs = qs.annotate(rank=Value(0.0, output_field=FloatField()))
    title_hit = Case(When(title_normalized__contains=words[0], then=Value(1)), default=Value(0),
                     output_field=IntegerField())
    return qs.annotate(title_hit=title_hit).order_by(
        F("title_hit").desc(), F("rank").desc(), F("date").desc(nulls_last=True), "-pk"
    )
