"""Results of a participatory budget (issue #13, points 8 and 9): the count of each pool, held
for staff review until published, and the background build that computes them.

``PoolResult`` is the count of one pool: the projects selected (in the order the rule chose
them), each project's votes (and points or score), the money used out of the pool's amount, the
rule and tie-break order, the engine's tie-break log, the votes excluded from the count, and
the pool's anonymised Pabulib file (``.pb``) kept in private storage with its SHA-256. Nothing
of it is public before ``published_at`` (``services/results.py``: ``results_publish``).

``ResultsBuild`` is one background count of an edition (``participa.reports``: queued →
running → done or failed, with its progress, one pool at a time; one build at a time per
edition).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.reports.models import BackgroundBuild, build_constraints


class ResultsBuild(BackgroundBuild):
    """A background count of every pool of an edition."""

    edition = models.ForeignKey("budgets.Edition", on_delete=models.CASCADE,
                                related_name="results_builds")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("count of the votes")
        verbose_name_plural = _("counts of the votes")
        ordering = ["-created_at", "-id"]
        constraints = build_constraints(scope="edition", prefix="budget_results")

    def __str__(self) -> str:
        return f"results of {self.edition_id} ({self.get_state_display()})"


class PoolResult(models.Model):
    """The count of one pool (one per pool: a new count replaces it until publication)."""

    edition = models.ForeignKey("budgets.Edition", on_delete=models.CASCADE,
                                related_name="pool_results")
    pool = models.OneToOneField("budgets.Pool", on_delete=models.CASCADE,
                                related_name="result")
    rule = models.CharField(_("counting rule"), max_length=40)
    tie_breaking = models.CharField(_("tie-break order"), max_length=200)
    budget = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    money_used = models.DecimalField(_("money used"), max_digits=14, decimal_places=2)
    # Project ids (strings, as in the .pb file) in the order the rule selected them.
    selected = models.JSONField(default=list, blank=True)
    # [{"id", "votes", "score", "cost", "selected"}, ...] for every project on the ballot.
    projects = models.JSONField(default=list, blank=True)
    # The engine's tie-break log: [{"stage", "projects", "chosen"}, ...].
    ties = models.JSONField(default=list, blank=True)
    ballots_counted = models.PositiveIntegerField(_("ballots counted"), default=0)
    excluded_quarantined = models.PositiveIntegerField(default=0)
    excluded_annulled = models.PositiveIntegerField(default=0)
    # The anonymised Pabulib file in private storage, and its SHA-256 (hex).
    file_path = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    computed_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("result of a pool")
        verbose_name_plural = _("results of pools")
        ordering = ["pool__position", "pool_id"]
        constraints = [
            # The money of the selected projects never exceeds the pool's amount.
            models.CheckConstraint(condition=Q(money_used__gte=0)
                                   & Q(money_used__lte=F("budget")),
                                   name="budget_result_money_within_pool"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                                   name="budget_result_sha256_hex"),
            models.CheckConstraint(condition=~Q(file_path=""),
                                   name="budget_result_has_file"),
        ]

    def __str__(self) -> str:
        return f"result of pool {self.pool_id}"

    @property
    def money_left(self) -> object:
        return self.budget - self.money_used
