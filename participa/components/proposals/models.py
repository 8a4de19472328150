"""Citizen proposals: ideas from every channel, supported by residents, evaluated by the city
and answered in public, in one journal.

A proposal is written online by a resident (a draft first, then published), registered by staff
from a letter, an e-mail or a visit (the shared intake), or made from a consultation's
contribution answered "out of scope — noted for the action plan" (``from_contribution``: the
link is kept both ways). Only its redacted title and text are public (``title_public``,
``body_public``, recomputed from the original and the reviewed redactions).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.answers.models import AnswerBase, answer_constraints
from participa.answers.policy import AnswerPolicy
from participa.core.coauthoring import CoauthorInvitationBase
from participa.core.i18n import translated
from participa.core.models import Area, Scope, UserGroup
from participa.spaces.models import Component


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn by its author")
    # Merged into another proposal (a duplicate): its supports went there.
    MERGED = "merged", _("Merged into another proposal")


class Publication(models.TextChoices):
    """How the author chose to appear in public."""

    NAMED = "named", _("With my name")
    GROUP = "group", _("In the name of my group")
    ANONYMOUS = "anonymous", _("Anonymously")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")
    CONSULTATION = "consultation", _("From a consultation")


class Feasibility(models.TextChoices):
    UNKNOWN = "", _("Not assessed")
    FEASIBLE = "feasible", _("Feasible")
    PARTLY = "partly", _("Partly feasible")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")


class ProposalCategory(models.Model):
    """A category proposals of a component are filed under (e.g. mobility, green spaces)."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE,
                                  related_name="proposal_categories")
    name = models.JSONField(_("name"), default=dict)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return translated(self.name)


class Proposal(models.Model):
    """One proposal, whatever channel it came by."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE,
                                  related_name="proposals")
    # The register number (per component, without gaps, shown on receipts).
    number = models.PositiveIntegerField(_("registration number"))
    state = models.CharField(_("state"), max_length=10, choices=ProposalState.choices,
                             default=ProposalState.DRAFT)
    # The original (author and staff only) and what is public (redacted).
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, lists, links."))
    title_public = models.CharField(_("published title"), max_length=200, blank=True)
    body_public = models.TextField(_("published text"), blank=True)
    # Redactions over the original: {"title": [[start, end, kind], …], "body": […]}.
    redactions = models.JSONField(default=dict, blank=True)
    scope = models.ForeignKey(Scope, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("district"))
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("area"))
    category = models.ForeignKey(ProposalCategory, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="proposals",
                                 verbose_name=_("category"))
    # An optional place: a point on the map and/or an address in words.
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)

    # Who proposes it.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="proposals")
    # The sender as typed by staff (offline), or the account's name at publication.
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    author_email = models.EmailField(_("author's e-mail"), blank=True)
    group = models.ForeignKey(UserGroup, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("on behalf of"))
    publication = models.CharField(_("shown as"), max_length=10, choices=Publication.choices,
                                   default=Publication.NAMED)
    coauthors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                       related_name="coauthored_proposals",
                                       verbose_name=_("co-authors"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices,
                               default=Channel.ONLINE)
    received_at = models.DateTimeField(_("received on"), default=timezone.now)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+")
    # An imported message's id, so that it is never registered twice.
    source_id = models.CharField(max_length=300, blank=True)
    # Made from a consultation's contribution (the link is kept both ways).
    from_contribution = models.OneToOneField(
        "consultations.Contribution", on_delete=models.PROTECT, null=True, blank=True,
        related_name="proposal", verbose_name=_("from the contribution"))

    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged", verbose_name=_("merged into"))
    merged_at = models.DateTimeField(null=True, blank=True)
    split_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="splits", verbose_name=_("split from"))

    # Supports: counted under the proposal's row lock; the database refuses a negative count.
    supports_count = models.PositiveIntegerField(default=0)
    # The threshold reached: the city must answer by ``answer_due_on`` (and, where the space
    # says so, hold a public debate: ``debate``).
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    answer_due_on = models.DateField(_("answer due by"), null=True, blank=True)
    debate = models.ForeignKey("meetings.Meeting", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="proposals",
                               verbose_name=_("public debate"))

    # Evaluation (staff only).
    department = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("assigned department"))
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("evaluator"))
    cost_estimate = models.DecimalField(_("estimated cost"), max_digits=14, decimal_places=2,
                                        null=True, blank=True)
    feasibility = models.CharField(_("feasibility"), max_length=15,
                                   choices=Feasibility.choices, default=Feasibility.UNKNOWN,
                                   blank=True)
    # The commitment of an action plan it was integrated into (title and address).
    commitment_title = models.CharField(_("commitment"), max_length=300, blank=True)
    commitment_url = models.CharField(_("address of the commitment"), max_length=500,
                                      blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["component", "state", "-published_at"],
                         name="proposal_list_idx"),
            models.Index(fields=["component", "-supports_count"], name="proposal_supports_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["component", "number"],
                                    name="proposal_number_unique"),
            models.UniqueConstraint(fields=["component", "source_id"],
                                    condition=~Q(source_id=""),
                                    name="proposal_source_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="proposal_number_pos"),
            models.CheckConstraint(condition=~Q(title="") & ~Q(body=""),
                                   name="proposal_has_title_and_body"),
            models.CheckConstraint(
                condition=Q(state="draft") | (Q(published_at__isnull=False)
                                              & ~Q(title_public="") & ~Q(body_public="")),
                name="proposal_published_has_public_text"),
            models.CheckConstraint(
                condition=~Q(state="withdrawn") | Q(withdrawn_at__isnull=False),
                name="proposal_withdrawn_has_date"),
            models.CheckConstraint(
                condition=(Q(state="merged") & Q(merged_into__isnull=False)
                           & Q(merged_at__isnull=False))
                | (~Q(state="merged") & Q(merged_into__isnull=True)),
                name="proposal_merged_has_target"),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")),
                                   name="proposal_not_merged_into_itself"),
            models.CheckConstraint(
                condition=~Q(channel="online") | Q(author__isnull=False),
                name="proposal_online_has_author"),
            models.CheckConstraint(
                condition=~Q(publication="group") | Q(group__isnull=False),
                name="proposal_group_publication_has_group"),
            models.CheckConstraint(
                condition=Q(cost_estimate__isnull=True) | Q(cost_estimate__gte=0),
                name="proposal_cost_not_negative"),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90) & Q(latitude__lte=90)
                   & Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="proposal_map_point_valid"),
            models.CheckConstraint(
                condition=Q(threshold_reached_at__isnull=True) | Q(answer_due_on__isnull=False),
                name="proposal_threshold_has_deadline"),
        ]

    def __str__(self) -> str:
        return self.title_public or self.title

    def get_absolute_url(self) -> str:
        component = self.component
        return reverse("spaces:proposals:detail",
                       args=[component.space.slug, component.pk, self.number])

    @property
    def registration_label(self) -> str:
        """The number shown on the receipt, e.g. ``7/2026-0042``."""
        year = timezone.localtime(self.received_at).year
        return f"{self.component_id}/{year}-{self.number:04d}"

    @property
    def is_public(self) -> bool:
        return self.state != ProposalState.DRAFT


class Support(models.Model):
    """One resident's support of a proposal (at most one: database constraint)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="proposal_supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["proposal", "created_at"],
                                name="support_proposal_time_idx")]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="support_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class ProposalNote(models.Model):
    """An internal note of the staff evaluating a proposal (never public)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+")
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="proposal_note_has_body"),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class Outcome(models.TextChoices):
    """The answers every organization has; an organization may add its own (component setting
    ``extra_outcomes``)."""

    EVALUATING = "evaluating", _("Being evaluated")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    INTEGRATED = "integrated", _("Integrated into the action plan")
    FORWARDED = "forwarded", _("Forwarded to another authority")
    ALREADY_DONE = "already_done", _("Already done")
    OUT_OF_COMPETENCE = "out_of_competence", _("Outside the city's competence")


# Answers to proposals: justified unless accepted or being evaluated; four eyes.
PROPOSAL_ANSWERS = AnswerPolicy(
    name="proposals.proposal",
    outcomes=Outcome.choices,
    justification_optional=frozenset({Outcome.ACCEPTED.value, Outcome.EVALUATING.value}),
    four_eyes=True,
    justification_required_message=_(
        "Write the justification: it is required unless the proposal is accepted or being "
        "evaluated."),
)


class ProposalAnswer(AnswerBase):
    """An official answer to a proposal. A proposal may get several over time (being evaluated,
    then accepted); the latest published one is its current answer, the others its history."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    # "Integrated into the action plan": the commitment it became (a page of this site or an
    # external https address), copied to the proposal when the answer is published.
    commitment_title = models.CharField(_("commitment"), max_length=300, blank=True)
    commitment_url = models.CharField(_("address of the commitment"), max_length=500,
                                      blank=True)

    class Meta:
        verbose_name = _("answer to a proposal")
        verbose_name_plural = _("answers to proposals")
        ordering = ["drafted_at", "id"]
        constraints = [
            *answer_constraints(PROPOSAL_ANSWERS, prefix="proposal_answer"),
            models.CheckConstraint(
                condition=~Q(outcome="integrated")
                | (~Q(commitment_title="") & ~Q(commitment_url="")),
                name="proposal_answer_integrated_has_commitment"),
            # One answer in the making per proposal (draft or approved); published ones stay.
            models.UniqueConstraint(fields=["proposal"],
                                    condition=Q(state__in=["draft", "approved"]),
                                    name="proposal_answer_one_open"),
        ]

    def __str__(self) -> str:
        return str(PROPOSAL_ANSWERS.outcome_label(self.outcome))


class CoauthorInvitation(CoauthorInvitationBase):
    """An author's invitation to a person of the organization to co-author a proposal
    (``participa/core/coauthoring.py``)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE,
                                 related_name="coauthor_invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="proposal_coauthor_invitations")

    class Meta(CoauthorInvitationBase.Meta):
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"],
                                    name="proposal_coauthor_invitation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"
