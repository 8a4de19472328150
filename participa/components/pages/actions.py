"""The pages component's audit actions, declared in its manifest (``component.py``)."""

from __future__ import annotations

from django.db import models


class PageAction(models.TextChoices):
    """The audit actions only pages record."""

    PAGE_CREATE = "page.create"
    PAGE_DELETE = "page.delete"
    PAGE_MOVE = "page.move"
    PAGE_UPDATE = "page.update"
