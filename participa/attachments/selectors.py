"""Reads of attachments used by template tags and views."""

from __future__ import annotations

from django.db import models

from participa.attachments.models import Attachment

_CACHE = "_participa_attachments"


def attachments_of(target: models.Model) -> list[Attachment]:
    """The files attached to ``target``, in their stored order: one query, kept on the loaded
    ``target`` so that the parts of one page that show its files (the list, the photos) share
    it."""
    cached: list[Attachment] | None = target.__dict__.get(_CACHE)
    if cached is None:
        cached = list(Attachment.objects.filter(content_type__app_label=target._meta.app_label,
                                                content_type__model=target._meta.model_name,
                                                object_id=target.pk))
        target.__dict__[_CACHE] = cached
    return cached
