"""``{% attachment_list target %}``: the files attached to ``target`` (one query)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.urls import reverse

from participa.attachments.permissions import can_manage_attachments, can_view_file
from participa.attachments.selectors import attachments_of

register = template.Library()


@register.inclusion_tag("attachments/_list_inner.html", takes_context=True)
def attachment_list(context: template.Context, target: models.Model | None) -> dict[str, Any]:
    if target is None or target.pk is None:
        return {"attachments": [], "can_manage": False}
    attachments = attachments_of(target)
    request = context.get("request")
    user = getattr(request, "user", None)
    can_manage = can_manage_attachments(user, target)
    attachments = [item for item in attachments if can_view_file(user, item, target)]
    return {
        "attachments": attachments,
        "can_manage": can_manage,
        "manage_url": (
            reverse("attachments:manage", args=[target._meta.label_lower, target.pk])
            if can_manage else ""
        ),
        "heading_id": f"attachments-{target._meta.model_name}-{target.pk}",
    }
