"""Participatory budgeting: an edition with its pools, categories and review checklist, and the
projects residents submit to it.

An ``Edition`` belongs to one component (``component.budget_edition``). Its dates fix its
phases (``selectors.edition_phase``): submission → formal review → appeals → voting →
results → implementation. Its set-up (the edition's rules, pools, categories and checklist) is
public before voting opens and frozen from ``voting_opens_at`` on: every set-up service
refuses a change once the edition is frozen (``services/setup.py``).

Money: every amount is ``DecimalField(14, 2)``; the database refuses a pool without money, a
cost limit above the pool, a negative cost and a cost item without an amount. A project's
``cost`` is the sum of its cost items, kept by the services. Only the redacted title and
description of a project are public (``title_public``, ``description_public``), recomputed
from the original and the reviewed redactions the way proposals do.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.core.coauthoring import CoauthorInvitationBase
from participa.core.i18n import translated
from participa.core.models import Scope, UserGroup
from participa.lib.pb.rules import RULE_NAMES
from participa.spaces.models import Component


class Residence(models.TextChoices):
    ANYONE = "anyone", _("Anyone")
    CITY = "city", _("Residents of the city")
    DISTRICT = "district", _("Residents of the pool's district")


class VotingMethod(models.TextChoices):
    APPROVAL = "approval", _("Approval")
    CUMULATIVE = "cumulative", _("Cumulative points")
    RANKED = "ranked", _("Ranked")
    KNAPSACK = "knapsack", _("Knapsack")


class ProjectState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CORRECTION_REQUESTED = "correction_requested", _("Correction requested")
    ADMITTED = "admitted", _("Admitted to the vote")
    NOT_ADMITTED = "not_admitted", _("Not admitted to the vote")
    APPEALED = "appealed", _("Appealed")
    WITHDRAWN = "withdrawn", _("Withdrawn by its author")
    MERGED = "merged", _("Merged into another project")
    SELECTED = "selected", _("Selected for funding")
    NOT_SELECTED = "not_selected", _("Not selected")


def _date(field: str) -> Cast:
    return Cast(field, output_field=models.DateField())


class Edition(models.Model):
    """One yearly edition of a participatory budget: its dates and who may take part."""

    component = models.OneToOneField(Component, on_delete=models.CASCADE,
                                     related_name="budget_edition")
    submission_opens_at = models.DateTimeField(_("submission opens"))
    submission_closes_at = models.DateTimeField(_("submission closes"))
    review_ends_on = models.DateField(_("formal review ends on"))
    voting_opens_at = models.DateTimeField(_("voting opens"))
    voting_closes_at = models.DateTimeField(_("voting closes"))
    results_on = models.DateField(_("results published on"))
    appeal_days = models.PositiveSmallIntegerField(
        _("days to appeal a decision"), default=7)
    appeal_decision_days = models.PositiveSmallIntegerField(
        _("days to decide an appeal"), default=14)
    correction_days = models.PositiveSmallIntegerField(
        _("days to correct a project"), default=7)
    allow_ballot_change = models.BooleanField(
        _("voters may change their ballot until voting closes"), default=False)
    min_age = models.PositiveSmallIntegerField(_("minimum age to vote"), null=True, blank=True)
    residence = models.CharField(_("who may vote"), max_length=10, choices=Residence.choices,
                                 default=Residence.CITY)
    # Values of participa.verifications.models.Method; empty: no verification asked.
    verification_methods = models.JSONField(_("verification methods"), default=list,
                                            blank=True)
    # The tie-break order, e.g. ["votes", "cost", "seed:2026"] (participa.lib.pb TieBreaking).
    tie_breaking = models.JSONField(_("tie-break order"), default=list, blank=True)
    minors_with_consent = models.BooleanField(
        _("minors may vote with a parent's consent"), default=False)
    supports_enabled = models.BooleanField(
        _("projects need support signatures before review"), default=False)
    # The published ballot files give each ballot's age band (Ballot.age_band), never an age.
    publish_age_band = models.BooleanField(
        _("publish the voters' age bands in the ballot files"), default=False)
    # Set when voting opens: from then on the set-up no longer changes.
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("budget edition")
        verbose_name_plural = _("budget editions")
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_opens_at__lt=F("submission_closes_at")),
                name="budget_edition_submission_ordered"),
            models.CheckConstraint(
                condition=Q(review_ends_on__gte=_date("submission_closes_at")),
                name="budget_edition_review_after_submission"),
            models.CheckConstraint(
                condition=Q(review_ends_on__lt=_date("voting_opens_at")),
                name="budget_edition_voting_after_review"),
            models.CheckConstraint(
                condition=Q(voting_opens_at__lt=F("voting_closes_at")),
                name="budget_edition_voting_ordered"),
            models.CheckConstraint(
                condition=Q(results_on__gte=_date("voting_closes_at")),
                name="budget_edition_results_after_voting"),
            models.CheckConstraint(condition=Q(appeal_days__gte=1),
                                   name="budget_edition_appeal_days_pos"),
            models.CheckConstraint(condition=Q(appeal_decision_days__gte=1),
                                   name="budget_edition_appeal_decision_days_pos"),
            models.CheckConstraint(condition=Q(correction_days__gte=1),
                                   name="budget_edition_correction_days_pos"),
            models.CheckConstraint(condition=Q(min_age__isnull=True) | Q(min_age__gte=0),
                                   name="budget_edition_min_age_not_negative"),
            models.CheckConstraint(condition=Q(residence__in=Residence.values),
                                   name="budget_edition_residence_known"),
        ]

    def __str__(self) -> str:
        return str(self.component)


class Pool(models.Model):
    """Money for the projects of the whole city (no scope) or of one district."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="pools")
    name = models.JSONField(_("name"), default=dict)
    scope = models.ForeignKey(Scope, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("district"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    min_project_cost = models.DecimalField(_("minimum cost of a project"), default=0,
                                           max_digits=14, decimal_places=2)
    max_project_cost = models.DecimalField(_("maximum cost of a project"), max_digits=14,
                                           decimal_places=2)
    method = models.CharField(_("voting method"), max_length=10, choices=VotingMethod.choices,
                              default=VotingMethod.APPROVAL)
    max_projects = models.PositiveSmallIntegerField(_("projects a voter may choose"),
                                                    null=True, blank=True)
    points_total = models.PositiveSmallIntegerField(_("points a voter distributes"),
                                                    null=True, blank=True)
    max_points_per_project = models.PositiveSmallIntegerField(
        _("points a voter may give one project"), null=True, blank=True)
    rule = models.CharField(_("counting rule"), max_length=40,
                            choices=[(name, name) for name in RULE_NAMES], default="greedy")
    threshold = models.PositiveIntegerField(_("minimum votes to be funded"), null=True,
                                            blank=True)
    support_threshold = models.PositiveIntegerField(_("signatures needed before review"),
                                                    default=0)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("pool")
        verbose_name_plural = _("pools")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "scope"], condition=Q(scope__isnull=False),
                                    name="budget_pool_scope_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_pool_amount_pos"),
            models.CheckConstraint(
                condition=Q(min_project_cost__gte=0)
                & Q(min_project_cost__lte=F("max_project_cost"))
                & Q(max_project_cost__lte=F("amount")),
                name="budget_pool_cost_limits_ordered"),
            models.CheckConstraint(condition=Q(method__in=VotingMethod.values),
                                   name="budget_pool_method_known"),
            models.CheckConstraint(condition=Q(rule__in=RULE_NAMES),
                                   name="budget_pool_rule_known"),
            models.CheckConstraint(
                condition=~Q(method__in=["approval", "ranked"])
                | Q(max_projects__isnull=False, max_projects__gte=1),
                name="budget_pool_method_has_max_projects"),
            models.CheckConstraint(
                condition=~Q(method="cumulative") | Q(points_total__isnull=False,
                                                      points_total__gte=1),
                name="budget_pool_cumulative_has_points"),
            models.CheckConstraint(
                condition=Q(max_points_per_project__isnull=True)
                | (Q(method="cumulative") & Q(max_points_per_project__gte=1)
                   & Q(max_points_per_project__lte=F("points_total"))),
                name="budget_pool_points_per_project_valid"),
            models.CheckConstraint(
                condition=~Q(rule="greedy-threshold") | Q(threshold__isnull=False),
                name="budget_pool_threshold_rule_has_threshold"),
        ]

    def __str__(self) -> str:
        return translated(self.name)


class BudgetCategory(models.Model):
    """A category projects are filed under, with an optional share of the money."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    name = models.JSONField(_("name"), default=dict)
    quota_percent = models.PositiveSmallIntegerField(_("share of the money (%)"), null=True,
                                                     blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quota_percent__isnull=True)
                | (Q(quota_percent__gte=0) & Q(quota_percent__lte=100)),
                name="budget_category_quota_percent"),
        ]

    def __str__(self) -> str:
        return translated(self.name)


class ChecklistItem(models.Model):
    """One point of the formal review checklist of an edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="checklist")
    text = models.JSONField(_("text"), default=dict)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return translated(self.text)


class Project(models.Model):
    """A project submitted to a participatory budget."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE,
                                  related_name="budget_projects")
    number = models.PositiveIntegerField(_("number"))
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="projects",
                             verbose_name=_("pool"))
    category = models.ForeignKey(BudgetCategory, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="projects",
                                 verbose_name=_("category"))
    state = models.CharField(_("state"), max_length=20, choices=ProjectState.choices,
                             default=ProjectState.DRAFT)
    # The original (authors and staff only) and what is public (redacted).
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"),
                                   help_text=_("Markdown: **bold**, lists, links."))
    title_public = models.CharField(_("published title"), max_length=200, blank=True)
    description_public = models.TextField(_("published description"), blank=True)
    redactions = models.JSONField(default=dict, blank=True)
    # Where: an address in words, a point on the map, and/or an area (a GeoJSON Polygon).
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)
    area_geojson = models.JSONField(_("area"), null=True, blank=True)

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="budget_projects")
    group = models.ForeignKey(UserGroup, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("on behalf of"))
    coauthors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                       related_name="coauthored_budget_projects",
                                       verbose_name=_("co-authors"))

    # The sum of its cost items (kept by the services), and the cost corrected in review.
    cost = models.DecimalField(_("estimated cost"), default=0, max_digits=14, decimal_places=2)
    corrected_cost = models.DecimalField(_("corrected cost"), null=True, blank=True,
                                         max_digits=14, decimal_places=2)
    corrected_cost_reason = models.TextField(_("reason for the corrected cost"), blank=True)
    supports_count = models.PositiveIntegerField(default=0)

    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged", verbose_name=_("merged into"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["number"]
        indexes = [
            models.Index(fields=["component", "state", "number"], name="budget_project_list_idx"),
            models.Index(fields=["pool", "state"], name="budget_project_pool_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["component", "number"],
                                    name="budget_project_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="budget_project_number_pos"),
            models.CheckConstraint(condition=~Q(title="") & ~Q(description=""),
                                   name="budget_project_has_title_and_description"),
            models.CheckConstraint(condition=Q(state__in=ProjectState.values),
                                   name="budget_project_state_known"),
            models.CheckConstraint(
                condition=Q(state="draft")
                | (Q(submitted_at__isnull=False) & Q(published_at__isnull=False)
                   & ~Q(title_public="") & ~Q(description_public="")),
                name="budget_project_submitted_has_public_text"),
            models.CheckConstraint(
                condition=~Q(state="withdrawn") | Q(withdrawn_at__isnull=False),
                name="budget_project_withdrawn_has_date"),
            models.CheckConstraint(
                condition=(Q(state="merged") & Q(merged_into__isnull=False))
                | (~Q(state="merged") & Q(merged_into__isnull=True)),
                name="budget_project_merged_has_target"),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")),
                                   name="budget_project_not_merged_into_itself"),
            models.CheckConstraint(condition=Q(cost__gte=0),
                                   name="budget_project_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(corrected_cost__isnull=True)
                | (Q(corrected_cost__gte=0) & ~Q(corrected_cost_reason="")),
                name="budget_project_corrected_cost_has_reason"),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90) & Q(latitude__lte=90)
                   & Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="budget_project_map_point_valid"),
        ]

    def __str__(self) -> str:
        return self.title_public or self.title

    def get_absolute_url(self) -> str:
        component = self.component
        return reverse("spaces:budgets:detail",
                       args=[component.space.slug, component.pk, self.number])

    @property
    def is_public(self) -> bool:
        return self.state != ProjectState.DRAFT


class CostItem(models.Model):
    """One line of a project's estimated cost."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cost_items")
    description = models.CharField(_("what"), max_length=200)
    # What the public reads: the description with personal data removed by the redaction
    # engine when the item is written (``services/projects.py``).
    description_public = models.CharField(_("what (public)"), max_length=400, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_cost_item_amount_pos"),
            models.CheckConstraint(condition=~Q(description=""),
                                   name="budget_cost_item_has_description"),
        ]

    def __str__(self) -> str:
        return self.description


class ProjectSupport(models.Model):
    """One resident's support signature for a project (at most one: database constraint)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="budget_project_supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support signature")
        verbose_name_plural = _("support signatures")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="budget_support_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.project_id}"


class ProjectCoauthorInvitation(CoauthorInvitationBase):
    """An author's invitation to a person of the organization to co-author a project
    (``participa/core/coauthoring.py``)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE,
                                related_name="coauthor_invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="budget_coauthor_invitations")

    class Meta(CoauthorInvitationBase.Meta):
        constraints = [
            models.UniqueConstraint(fields=["project", "user"],
                                    name="budget_coauthor_invitation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.project_id}"


# --- formal review and appeals (models_review.py), the edition report (models_report.py) ---
from participa.components.budgets.models_report import EditionReport  # noqa: E402, F401
from participa.components.budgets.models_review import (  # noqa: E402, F401
    Appeal,
    AppealOutcome,
    Assessment,
    AssessmentAnswer,
    CorrectionRequest,
    MergeConsent,
    Outcome,
    Verdict,
)

# =============================================================================================
# Voting online (issue #13, point 5): the election key, the eligibility records (who voted)
# and the ballots (what was voted), kept apart for the secrecy of the vote. The reasoning is
# in ``services/voting.py``'s docstring; the paper channel inserts ``Voter`` rows with
# ``channel=paper`` through the same services' helpers (``voter_key_for_identifier``).
# =============================================================================================


class ElectionKey(models.Model):
    """The PUBLIC half of the electoral commission's key pair for one edition (base64). The
    private half never reaches the application: the commission keeps it offline."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE,
                                   related_name="election_key")
    public_key = models.CharField(_("public key"), max_length=64)
    fingerprint = models.CharField(_("fingerprint"), max_length=16)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("election key")
        verbose_name_plural = _("election keys")
        constraints = [
            models.CheckConstraint(condition=~Q(public_key="") & ~Q(fingerprint=""),
                                   name="budget_election_key_not_empty"),
        ]

    def __str__(self) -> str:
        return self.fingerprint


class VoteChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("On paper")


class Voter(models.Model):
    """An eligibility record: this person (``voter_key``, a keyed hash of their identity) has
    voted in this pool. It holds no ballot id in clear: only ``sealed_link``, which the
    commission alone can open."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="voters")
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="voters")
    voter_key = models.CharField(max_length=64)
    channel = models.CharField(_("channel"), max_length=10, choices=VoteChannel.choices)
    voted_at = models.DateTimeField(_("voted at"), default=timezone.now)
    # HMAC of the receipt under the "voter-receipt" purpose (never the one on Ballot).
    voter_receipt_digest = models.CharField(max_length=64, blank=True)
    # The VoterLink (this record, its ballot) sealed with the edition's public key.
    sealed_link = models.BinaryField()
    # Fraud signals (point 7): where and from what the vote came, never the vote.
    ip = models.GenericIPAddressField(null=True, blank=True)
    device_digest = models.CharField(max_length=64, blank=True)
    phone_digest = models.CharField(max_length=64, blank=True)
    # No age band here: the band is kept on the ballot (where the edition publishes it), and a
    # band on both tables would help pair voters with their ballots.
    annulled_at = models.DateTimeField(_("annulled at"), null=True, blank=True)
    annul_reason = models.TextField(_("reason for the annulment"), blank=True)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            # One vote per person and pool, whatever the channel: the database's last word.
            models.UniqueConstraint(fields=["edition", "pool", "voter_key"],
                                    condition=Q(annulled_at__isnull=True),
                                    name="budget_voter_once_per_pool"),
            models.CheckConstraint(condition=Q(channel__in=VoteChannel.values),
                                   name="budget_voter_channel_known"),
            models.CheckConstraint(condition=~Q(voter_key=""),
                                   name="budget_voter_has_key"),
            models.CheckConstraint(
                condition=Q(annulled_at__isnull=True) | ~Q(annul_reason=""),
                name="budget_voter_annulled_has_reason"),
        ]

    def __str__(self) -> str:
        return f"voter {self.pk}"


class VoterChannelLock(models.Model):
    """The channel a person votes through in an edition, fixed by their first vote: one row
    per person and edition (database constraint), so nobody votes both on paper and online
    (in two pools either)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    voter_key = models.CharField(max_length=64)
    channel = models.CharField(max_length=10, choices=VoteChannel.choices)

    class Meta:
        verbose_name = _("voting channel")
        verbose_name_plural = _("voting channels")
        constraints = [
            models.UniqueConstraint(fields=["edition", "voter_key"],
                                    name="budget_voter_one_channel"),
            models.CheckConstraint(condition=Q(channel__in=VoteChannel.values),
                                   name="budget_voter_lock_channel_known"),
        ]

    def __str__(self) -> str:
        return self.channel


class Ballot(models.Model):
    """What was voted in one pool, without who voted it: a random id, the day only, the
    normalised choices and an HMAC of the receipt under the "ballot-receipt" purpose."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="ballots")
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="ballots")
    cast_on = models.DateField(_("cast on"))
    # [[project id, value], ...] as participa.lib.ballots.normalise returns it.
    choices = models.JSONField(default=list)
    # A coarse band (18-24, 25-34, ... 65+) recorded at casting when the edition publishes
    # age bands (Edition.publish_age_band): the Pabulib file's ``age`` column, read without
    # joining the Voter record, which would break the secrecy of the vote.
    age_band = models.CharField(_("age band"), max_length=8, blank=True)
    receipt_digest = models.CharField(max_length=64)
    replaced_at = models.DateTimeField(null=True, blank=True)
    quarantined_at = models.DateTimeField(null=True, blank=True)
    annulled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            # One live ballot per receipt (a change replaces it, keeping the receipt).
            models.UniqueConstraint(fields=["receipt_digest"],
                                    condition=Q(replaced_at__isnull=True),
                                    name="budget_ballot_receipt_live_once"),
            models.CheckConstraint(condition=~Q(receipt_digest=""),
                                   name="budget_ballot_has_receipt"),
            models.CheckConstraint(condition=~Q(choices=[]) | Q(annulled_at__isnull=False),
                                   name="budget_ballot_has_choices"),
        ]

    def __str__(self) -> str:
        return f"ballot {self.pk}"


# --- voting on paper (models_paper.py), fraud signals and "someone voted as me"
# (models_fraud.py) ---------------------------------------------------------------------------
from participa.components.budgets.models_fraud import (  # noqa: E402, F401
    AuthorAddress,
    BallotQuarantine,
    VoteAsMeReport,
    VoterQuarantine,
    VoterSignal,
)
from participa.components.budgets.models_paper import (  # noqa: E402, F401
    PaperBallot,
    PaperBallotEntry,
    PaperBallotState,
    PollingPoint,
)

# --- results and recount (models_results.py) ---------------------------------------------------
from participa.components.budgets.models_results import PoolResult, ResultsBuild  # noqa: E402, F401
