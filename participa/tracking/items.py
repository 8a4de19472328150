"""Tracked items as an item of the manifest, declared by the tracking app for its own model.

A tracked item is not always inside one component (a planned investment belongs to the
organization), so it gives its own rule (``permissions.tracked_visible_q``): published items,
inside a visible component when they belong to one, and every item to those who run it. It is
what the city publishes (not a contribution), searchable once published, followed by residents
(they hear of its progress), with photos and documents that its staff manage and everyone who
sees the item sees.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participa.core.models import Organization
from participa.spaces.registry import AttachmentPolicy, ItemRule, ItemSpec, SearchPolicy
from participa.tracking.models import TrackedItem
from participa.tracking.permissions import can_manage_tracked_item, tracked_visible_q


def _visible(user: Any, org: Organization) -> Q:
    return tracked_visible_q(user, org)


TRACKED_ITEM = ItemSpec(
    model=TrackedItem, kind="tracked_item",
    visibility=ItemRule(custom=_visible),
    url=lambda item: item.get_absolute_url(),
    title=lambda item: item.title,
    contribution=False,
    search=SearchPolicy(
        label=_("Tracked items"),
        text=lambda item: {"title": item.title, "description": item.description},
        date=lambda item: item.published_at,
        scope=lambda item: item.scope,
        area=lambda item: item.department,
        indexable=lambda item: item.published_at is not None,
        queryset=lambda: TrackedItem.objects.select_related(
            "organization", "component__space", "scope", "department"),
    ),
    attachments=AttachmentPolicy(
        can_manage=can_manage_tracked_item,
        manage_url=lambda item: reverse("manage:tracking:detail", args=[item.pk]),
    ),
    follows=True,
    events={
        "tracked_item.published": _("“%(title)s” is now tracked in public: follow its "
                                    "progress"),
        "tracked_item.updated": _("The progress of “%(title)s” was updated"),
        "tracked_item.milestone": _("A milestone of “%(title)s” was reached"),
        "tracked_item.expense": _("The money spent on “%(title)s” changed"),
    },
    queryset=lambda: TrackedItem.objects.select_related(
        "organization", "component__space__organization", "department", "scope"),
)
