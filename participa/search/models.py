"""The search index: one row per searchable object, kept up to date by the registry's signals."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from participa.core.i18n import translated
from participa.core.models import Area, Organization, Scope
from participa.spaces.models import Component, Space

TITLE_FROM_TEXT_LENGTH = 80


# The GIN index on ``vector``: created on PostgreSQL only (migration 0003).
VECTOR_INDEX = "search_document_vector"


class SearchDocument(models.Model):
    """What search reads: the object's texts (normalised and stemmed), where it lives, its date
    and what decides who may see it.

    Visibility is stored with the row so that a search is one indexed query:

    - the space (``space``) is checked live against the spaces the visitor may see (a few rows);
    - ``published``: the object and everything it depends on is public (a comment not hidden,
      a contribution approved, its consultation announced, ...);
    - ``component_published``: the component it belongs to is published;
    - ``preview``: those who run the space may see it while its component is unpublished.

    The registry's hooks keep these in step when an object is published, hidden or moved
    (``services.index_object`` and the signals connected in ``registry``).
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
    # Values of the kind's ``heading`` besides the title, e.g. {"number": "12"}.
    facts = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8, blank=True)
    title_normalized = models.TextField(blank=True)
    # Every text of the object in every language, lower case and without diacritics.
    normalized = models.TextField(blank=True)
    # Every distinct form of every word (as written and stemmed), space separated: what the
    # SQLite FTS5 table indexes, and what ``vector`` is made of on PostgreSQL.
    tokens = models.TextField(blank=True)
    # PostgreSQL: ``tokens`` as a tsvector ('simple' configuration, title words weighted A),
    # written with the row; NULL on SQLite.
    vector = SearchVectorField(null=True, blank=True)
    component = models.ForeignKey(Component, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="+")
    published = models.BooleanField(default=True)
    component_published = models.BooleanField(default=True)
    preview = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    # Not stored: set by the search page on the results it shows.
    kind_label: str | Promise
    heading: str

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"],
                                    name="search_document_unique_object"),
        ]
        indexes = [
            models.Index(fields=["organization", "kind"]),
            models.Index(fields=["organization", "-date"]),
            GinIndex(fields=["vector"], name=VECTOR_INDEX),
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
