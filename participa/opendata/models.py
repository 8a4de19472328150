"""The latest organization-wide open-data ZIP (one row per organization, replaced on rebuild),
and the rebuilds asked for (background builds: one at a time per organization)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.models import Organization
from participa.reports.models import BackgroundBuild, build_constraints


def _upload_to(instance: OpenDataBuild, filename: str) -> str:
    return f"opendata/{instance.organization_id}/{filename}"


class OpenDataBuild(models.Model):
    organization = models.OneToOneField(Organization, on_delete=models.CASCADE,
                                        related_name="open_data_build")
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=300)
    built_at = models.DateTimeField(_("built"), default=timezone.now)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    # {dataset name: number of rows}, shown on the open-data page.
    row_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("open-data file")
        verbose_name_plural = _("open-data files")

    def __str__(self) -> str:
        return f"open data {self.organization_id} {self.built_at:%Y-%m-%d %H:%M}"


class OpenDataRun(BackgroundBuild):
    """One rebuild of an organization's open data, asked for by staff or the scheduler."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="open_data_runs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("open-data rebuild")
        verbose_name_plural = _("open-data rebuilds")
        ordering = ["-created_at", "-id"]
        constraints = build_constraints(scope="organization", prefix="opendata_run")

    def __str__(self) -> str:
        return f"open data {self.organization_id} ({self.get_state_display()})"
