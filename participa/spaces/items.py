"""Spaces as an item of the manifest, declared by the spaces app itself (not a component).

Shared services treat a space like any declared item: it is searched, followed, carries
attachments and has notification events.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participa.spaces.models import Space
from participa.spaces.permissions import can_manage_space
from participa.spaces.registry import AttachmentPolicy, ItemRule, ItemSpec, SearchPolicy


def _space_text(space: Any) -> dict[str, Any]:
    return {"title": space.title, "subtitle": space.subtitle, "description": space.description}


SPACE_ITEM = ItemSpec(
    model=Space, kind="space",
    visibility=ItemRule(space=True),
    url=lambda space: space.get_absolute_url(),
    title=lambda space: space.title,
    contribution=False,
    search=SearchPolicy(
        label=_("Spaces"),
        text=_space_text,
        date=lambda space: space.published_at or space.created_at,
        queryset=lambda: Space.objects.select_related("organization"),
    ),
    attachments=AttachmentPolicy(
        can_manage=can_manage_space,
        manage_url=lambda space: reverse("manage:space_edit", args=[space.slug]),
    ),
    follows=True,
    events={
        "space.published": _("“%(title)s” has been published"),
        "space.updated": _("“%(title)s” has been updated"),
        "space.phase_changed": _("“%(title)s” has moved to a new phase"),
    },
    queryset=lambda: Space.objects.select_related("organization", "scope", "area"),
)
