"""The search index: one row per searchable object, kept up to date by the registry's signals."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from participa.core.i18n import translated
from participa.core.models import Area, Organization, Scope
from participa.spaces.models import Space

TITLE_FROM_TEXT_LENGTH = 80


class SearchDocument(models.Model):
    """What search reads: the object's texts (normalised), where it lives and its date.

    Visibility is checked against the object itself at query time (see ``selectors``), so the
    index never decides who may see what.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=40)
    space = models.ForeignKey(Space, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+")
    scope = models.ForeignKey(Scope, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    date = models.DateTimeField(null=True, blank=True)
    title = models.JSONField(default=dict, blank=True)
    excerpt = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500)
    language = models.CharField(max_length=8, blank=True)
    title_normalized = models.TextField(blank=True)
    # Every text of the object in every language, lower case and without diacritics.
    normalized = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"],
                                    name="search_document_unique_object"),
        ]
        indexes = [
            models.Index(fields=["organization", "kind"]),
            models.Index(fields=["organization", "-date"]),
        ]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"{self.kind}#{self.object_id}"

    def display_title(self) -> str:
        """The title; for untitled things (comments) the start of their text."""
        title = translated(self.title)
        if title:
            return title
        return Truncator(self.display_excerpt()).chars(TITLE_FROM_TEXT_LENGTH)

    def display_excerpt(self) -> str:
        return translated(self.excerpt)
