"""Reads of the search index: results the visitor may see, filtered and ranked."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from participa.core.models import Area, Organization, Scope
from participa.search.fts import MATCH_IDS
from participa.search.models import SearchDocument
from participa.search.normalize import normalize, query_words, word_forms
from participa.search.registry import SearchSpec, all_specs
from participa.search.services import organization_languages
from participa.spaces.models import Space
from participa.spaces.visibility import space_managed_q, space_visible_q

MAX_TERMS = 10
UNREAD = ("normalized", "tokens", "vector")


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
    """Index rows of ``org`` the visitor may see, from the visibility stored in each row.

    The space is checked against the spaces the visitor may see (a subquery on the spaces
    table, a few rows); those who run a space also see its rows marked ``preview`` while their
    component is unpublished. No subquery touches the objects themselves.
    """
    shown = Q(published=True, component_published=True)
    if getattr(user, "is_authenticated", False):
        managed = Space.objects.filter(space_managed_q(user, org))
        shown |= Q(preview=True, space__in=managed.order_by().values("pk"))
    in_visible_space = Q(space__isnull=True) | Q(
        space__in=Space.objects.filter(space_visible_q(user, org)).order_by().values("pk"))
    # The long text columns are for matching only: leaving them out keeps the sort of many
    # matches small.
    qs = SearchDocument.objects.filter(shown, in_visible_space, organization=org).defer(
        *UNREAD)
    if specs is not None:
        qs = qs.filter(kind__in=[spec.kind for spec in specs])
    return qs.select_related("space")


def _forms(words: list[str], org: Organization) -> list[tuple[str, tuple[str, ...]]]:
    """Per query word: its normalised form (matched as a prefix) and all its forms."""
    languages = organization_languages(org)
    return [(normalize(word), word_forms(word, languages)) for word in words]


def postgres_query(forms: list[tuple[str, tuple[str, ...]]]) -> str:
    """``(form | form | prefix:*) & ...``: every word, in any of its forms. Forms hold only
    letters and digits, so the raw query cannot be malformed."""
    return " & ".join(
        "(" + " | ".join([*forms_of, f"{surface}:*"]) + ")" for surface, forms_of in forms
    )


def sqlite_query(forms: list[tuple[str, tuple[str, ...]]]) -> str:
    """The same query in FTS5 syntax: ``("form" OR "prefix"*) AND ...``."""
    return " AND ".join(
        "(" + " OR ".join([*(f'"{form}"' for form in forms_of), f'"{surface}"*']) + ")"
        for surface, forms_of in forms
    )


def _match(qs: QuerySet[SearchDocument], forms: list[tuple[str, tuple[str, ...]]]
           ) -> QuerySet[SearchDocument]:
    if connection.vendor == "postgresql":
        # Local import: PostgreSQL only; django.contrib.postgres needs psycopg, absent on SQLite.
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(postgres_query(forms), config="simple", search_type="raw")
        return qs.filter(vector=query).annotate(rank=SearchRank(F("vector"), query))
    ids = RawSQL(MATCH_IDS, [sqlite_query(forms)])  # noqa: S611 (literal SQL, one parameter)
    return qs.filter(pk__in=ids).annotate(rank=Value(0.0, output_field=FloatField()))


def search_documents(user: Any, org: Organization,
                     filters: SearchFilters) -> QuerySet[SearchDocument]:
    """The results for ``filters``: title matches first, then best matches, then newest.

    Each query word matches a document's word as written (or as its beginning: "sedint" finds
    "ședință") or by stem in the organisation's languages ("parkowania" finds "parkowanie").
    """
    specs = [spec for spec in all_specs() if not filters.kinds or spec.kind in filters.kinds]
    qs = visible_documents(user, org, specs if filters.kinds else None)
    if filters.scope is not None:
        qs = qs.filter(scope_id__in=filters.scope.descendant_ids())
    if filters.area is not None:
        qs = qs.filter(area=filters.area)
    if filters.date_from is not None:
        qs = qs.filter(date__date__gte=filters.date_from)
    if filters.date_to is not None:
        qs = qs.filter(date__date__lte=filters.date_to)
    words = query_words(filters.q)[:MAX_TERMS]
    if not words:
        return qs.order_by(F("date").desc(nulls_last=True), "-pk")
    forms = _forms(words, org)
    qs = _match(qs, forms)
    title_hit = Case(When(title_normalized__contains=forms[0][0], then=Value(1)),
                     default=Value(0), output_field=IntegerField())
    return qs.annotate(title_hit=title_hit).order_by(
        F("title_hit").desc(), F("rank").desc(), F("date").desc(nulls_last=True), "-pk"
    )
