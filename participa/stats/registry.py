"""Kinds of contributions counted in the participation statistics.

Comments are registered here; each component registers its own items later (proposals,
contributions to consultations, survey answers, ...)::

    register(ContributionKind("proposals", _("Proposals"), public_proposals))

``queryset(org)`` returns the organization's *public* contributions of that kind (published, not
hidden, in published public spaces); ``author_field`` and ``space_field`` name the columns
holding the author's and the space's ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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


_KINDS: dict[str, ContributionKind] = {}


def register(kind: ContributionKind) -> ContributionKind:
    _KINDS[kind.name] = kind
    return kind


def all_kinds() -> list[ContributionKind]:
    return list(_KINDS.values())


def get(name: str) -> ContributionKind | None:
    return _KINDS.get(name)


def register_comments() -> None:
    from django.utils.translation import gettext_lazy as _

    from participa.stats.public import public_comments

    register(ContributionKind("comments", _("Comments"), public_comments))
