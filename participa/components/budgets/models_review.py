"""The formal and substantive review of budget projects, and the appeals against exclusion.

- ``Assessment``: the one current assessment of a project by an official of the responsible
  department (``department``, a core ``Area``): the edition's checklist answered point by
  point (``AssessmentAnswer``), legality, technical feasibility and formal compliance, a
  corrected cost with its reason, and the outcome (admitted to the vote / not admitted with a
  justification). A draft until ``published_at``; the public project page shows it once
  published.
- ``CorrectionRequest``: the reviewer asks the authors to correct the project by a deadline
  (at most one open request per project).
- ``MergeConsent``: one author's consent to merge their project with another one; the merge
  needs the consent of the authors of both projects.
- ``Appeal``: the author of a project not admitted appeals within ``Edition.appeal_days`` of
  the assessment's publication (one appeal per project); an official other than the reviewer
  decides it (nor the official who published the assessment) within
  ``Edition.appeal_decision_days``. The decision and its reasons are public.

The database refuses a corrected cost without a reason, an exclusion without a justification,
a published assessment without its outcome, a second appeal of a project and a decision
without the official who took it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.models import Area


class Verdict(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    CONDITIONS = "conditions", _("Yes, with conditions")


class Outcome(models.TextChoices):
    ADMITTED = "admitted", _("Admitted to the vote")
    NOT_ADMITTED = "not_admitted", _("Not admitted to the vote")


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld: the project is admitted to the vote")
    DISMISSED = "dismissed", _("Dismissed")


_VERDICTS = ["", *Verdict.values]


class Assessment(models.Model):
    """The current assessment of one project (a draft until published)."""

    project = models.OneToOneField("budgets.Project", on_delete=models.CASCADE,
                                   related_name="assessment")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("reviewer"))
    department = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("department"))
    legality = models.CharField(_("legal"), max_length=10, choices=Verdict.choices,
                                blank=True)
    legality_note = models.TextField(_("note on legality"), blank=True)
    feasibility = models.CharField(_("technically feasible"), max_length=10,
                                   choices=Verdict.choices, blank=True)
    feasibility_note = models.TextField(_("note on feasibility"), blank=True)
    formal_compliance = models.CharField(_("formally compliant"), max_length=10,
                                         choices=Verdict.choices, blank=True)
    formal_compliance_note = models.TextField(_("note on formal compliance"), blank=True)
    corrected_cost = models.DecimalField(_("corrected cost"), null=True, blank=True,
                                         max_digits=14, decimal_places=2)
    cost_reason = models.TextField(_("reason for the corrected cost"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices,
                               blank=True)
    justification = models.TextField(_("justification"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("published by"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(legality__in=_VERDICTS) & Q(feasibility__in=_VERDICTS)
                & Q(formal_compliance__in=_VERDICTS),
                name="budget_assessment_verdicts_known"),
            models.CheckConstraint(condition=Q(outcome__in=["", *Outcome.values]),
                                   name="budget_assessment_outcome_known"),
            models.CheckConstraint(
                condition=Q(corrected_cost__isnull=True)
                | (Q(corrected_cost__gte=0) & ~Q(cost_reason="")),
                name="budget_assessment_corrected_cost_has_reason"),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.NOT_ADMITTED) | ~Q(justification=""),
                name="budget_assessment_exclusion_justified"),
            models.CheckConstraint(
                condition=(Q(published_at__isnull=True) & Q(published_by__isnull=True))
                | (Q(published_by__isnull=False) & ~Q(outcome="") & ~Q(legality="")
                   & ~Q(feasibility="") & ~Q(formal_compliance="")),
                name="budget_assessment_published_complete"),
        ]

    def __str__(self) -> str:
        return f"assessment of {self.project_id}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class AssessmentAnswer(models.Model):
    """The answer of an assessment to one point of the edition's checklist."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="answers")
    item = models.ForeignKey("budgets.ChecklistItem", on_delete=models.PROTECT,
                             related_name="answers")
    passed = models.BooleanField(_("met"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["item__position", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"],
                                    name="budget_assessment_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.item_id}"


class CorrectionRequest(models.Model):
    """The reviewer asks the authors to correct their project by ``deadline`` (a day of the
    organization's time zone, included)."""

    project = models.ForeignKey("budgets.Project", on_delete=models.CASCADE,
                                related_name="correction_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    message = models.TextField(_("what to correct"))
    deadline = models.DateField(_("correct by"))
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(_("corrected at"), null=True, blank=True)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project"], condition=Q(answered_at__isnull=True),
                                    name="budget_correction_one_open"),
            models.CheckConstraint(condition=~Q(message=""),
                                   name="budget_correction_has_message"),
        ]

    def __str__(self) -> str:
        return f"correction of {self.project_id}"


class MergeConsent(models.Model):
    """One author's consent to merge ``project`` with ``other`` (into either of them)."""

    project = models.ForeignKey("budgets.Project", on_delete=models.CASCADE,
                                related_name="merge_consents")
    other = models.ForeignKey("budgets.Project", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consent to merge")
        verbose_name_plural = _("consents to merge")
        constraints = [
            models.UniqueConstraint(fields=["project", "other", "author"],
                                    name="budget_merge_consent_once"),
            models.CheckConstraint(condition=~Q(project=models.F("other")),
                                   name="budget_merge_consent_two_projects"),
        ]

    def __str__(self) -> str:
        return f"{self.author_id}: {self.project_id} + {self.other_id}"


class Appeal(models.Model):
    """The author's appeal against the exclusion of their project from the vote."""

    project = models.ForeignKey("budgets.Project", on_delete=models.CASCADE,
                                related_name="appeals")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    reason = models.TextField(_("reason for the appeal"))
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    # The last day it could be filed (publication + appeal days, organization's time zone).
    window_closes_on = models.DateField(_("last day to appeal"))
    # The last day to decide it (filing day + the edition's days to decide).
    deadline = models.DateField(_("to be decided by"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    outcome = models.CharField(_("decision"), max_length=10, choices=AppealOutcome.choices,
                               blank=True)
    reasons = models.TextField(_("reasons for the decision"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["filed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project"], name="budget_appeal_once"),
            models.CheckConstraint(condition=~Q(reason=""), name="budget_appeal_has_reason"),
            models.CheckConstraint(condition=Q(outcome__in=["", *AppealOutcome.values]),
                                   name="budget_appeal_outcome_known"),
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(decided_by__isnull=True)
                           & Q(decided_at__isnull=True) & Q(published_at__isnull=True))
                | (~Q(outcome="") & Q(decided_by__isnull=False) & Q(decided_at__isnull=False)
                   & ~Q(reasons="")),
                name="budget_appeal_decided_by_someone"),
        ]

    def __str__(self) -> str:
        return f"appeal of {self.project_id}"

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)
