"""Kinds of contributions counted in the participation statistics: read from the manifest.

Every declared item that is a contribution says how it is counted
(``ItemSpec(contribution=True, stats=StatsPolicy(...))`` in ``participa/spaces/registry.py``;
comments in ``comments/items.py``). ``queryset(org)`` returns the
organization's *public* contributions of that kind (published, not hidden, in published public
spaces); ``author_field`` and ``space_field`` name the columns holding the author's and the
space's ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from participa.spaces.registry import all_item_specs

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.utils.functional import Promise

    from participa.core.models import Organization


@dataclass(frozen=True)
class ContributionKind:
    name: str
    label: str | Promise
    queryset: Callable[[Organization], QuerySet[Any]]
    author_field: str = "author_id"
    space_field: str = "space_id"
    date_field: str = "created_at"


def all_kinds() -> list[ContributionKind]:
    """Every declared contribution item, by kind (comments first)."""
    kinds: list[ContributionKind] = []
    for item in all_item_specs():
        if item.stats is not None:
            policy = item.stats
            kinds.append(ContributionKind(
                policy.kind, policy.label, policy.queryset, author_field=policy.author_field,
                space_field=policy.space_field, date_field=policy.date_field))
    return kinds


def get(name: str) -> ContributionKind | None:
    return next((kind for kind in all_kinds() if kind.name == name), None)
