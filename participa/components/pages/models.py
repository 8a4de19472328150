"""Pages: rich-text pages (Markdown, one text per language) inside a space's component."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.i18n import translated
from participa.spaces.models import Component


class Page(models.Model):
    """A rich-text page inside a space (Markdown per language)."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="pages")
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    title = models.JSONField(_("title"), default=dict)
    body = models.JSONField(_("text"), default=dict, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["component", "slug"], name="page_slug_unique"),
            models.CheckConstraint(condition=~Q(slug=""), name="page_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return translated(self.title) or self.slug

    def get_absolute_url(self) -> str:
        component = self.component
        return reverse("spaces:pages:page_detail",
                       args=[component.space.slug, component.pk, self.slug])
