"""The background report state machine: queued → building (``running``) → done or failed.

``BackgroundBuild`` is abstract: each kind of report (the synthesis report of a consultation,
later the reports of surveys and budgets) is its own table with these fields, plus a foreign
key to what it reports on (its *scope*). ``build_constraints`` gives the database's side of the
machine: progress never past the total, and at most one build queued or running per scope
(a partial unique index, so that racing requests cannot both queue one). The transitions are
in ``participa.reports.builds``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BuildState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


ACTIVE_STATES = (BuildState.QUEUED, BuildState.RUNNING)


class BackgroundBuild(models.Model):
    """A report built in the background, with its progress (``progress`` of ``total`` rows)."""

    state = models.CharField(max_length=10, choices=BuildState.choices,
                             default=BuildState.QUEUED)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When the build read the data: set once, shown by every format (never "now").
    built_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES


def build_constraints(*, scope: str | tuple[str, ...],
                      prefix: str) -> list[models.BaseConstraint]:
    """The constraints of a concrete build model whose scope is the field ``scope`` (or the
    tuple of fields, e.g. an organization, a year and a language)."""
    fields = [scope] if isinstance(scope, str) else list(scope)
    return [
        models.CheckConstraint(condition=Q(progress__lte=F("total")) | Q(total=0),
                               name=f"{prefix}_progress_bounded"),
        # One build at a time per scope, whatever requests race.
        models.UniqueConstraint(fields=fields,
                                condition=Q(state__in=["queued", "running"]),
                                name=f"{prefix}_one_build_at_a_time"),
    ]
