"""The edition report of a participatory budget, built in the background.

``EditionReport`` is one build (``participa.reports``: queued → running → done or failed, its
progress, one build at a time per edition): the report's HTML, PDF and XLSX files in private
storage. Staff publish a built report; the edition page links the latest published one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participa.reports.models import BackgroundBuild, build_constraints


class EditionReport(BackgroundBuild):
    """A build of an edition's report (files kept in private storage)."""

    edition = models.ForeignKey("budgets.Edition", on_delete=models.CASCADE,
                                related_name="reports")
    language = models.CharField(max_length=8)
    # {"html": "path", "pdf": "path", "xlsx": "path"} in the report storage.
    files = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("edition report")
        verbose_name_plural = _("edition reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            *build_constraints(scope="edition", prefix="budget_report"),
            models.CheckConstraint(condition=Q(published_at__isnull=True) | Q(state="done"),
                                   name="budget_report_published_when_done"),
        ]

    def __str__(self) -> str:
        return f"report of {self.edition_id} ({self.get_state_display()})"
