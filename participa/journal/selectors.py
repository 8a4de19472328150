"""Reads of the public journal: entries a visitor may see, newest first.

An entry about an item in a space is shown only to who may see that space (the spaces'
visibility rule, ``space_list_visible``) and, when it concerns a component, only once the
component is published. Entries without a space concern the whole organization.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from participa.core.models import JournalEntry, Organization
from participa.spaces.models import Space
from participa.spaces.selectors import space_list_visible


def journal_list_visible(user: Any, org: Organization,
                         space: Space | None = None) -> QuerySet[JournalEntry]:
    """The organization's journal (or one space's), as ``user`` may see it."""
    visible_spaces = space_list_visible(user, org).values("pk")
    entries = JournalEntry.objects.filter(organization=org)
    if space is not None:
        entries = entries.filter(space=space)
    return (
        entries.filter(Q(space__isnull=True) | Q(space__in=visible_spaces))
        .filter(Q(component__isnull=True) | Q(component__published_at__isnull=False))
        .select_related("space")
        .order_by("-created_at", "-id")
    )
