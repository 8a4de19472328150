"""Consultations on draft decisions.

A consultation belongs to a ``consultations`` component. It carries the legal timeline, the
draft's versions (articles and paragraphs), the contributions received from every channel (the
register of recommendations), their answers (drafted, reviewed by a second official, published
all at once), campaigns of near-identical contributions, debate requests (answered by public
debates, which are meetings of the meetings component), and the synthesis reports built in the
background.

Only ``Contribution.body_redacted`` (approved by a moderator) and answer texts are ever public;
``Contribution.body``, the sender's name and e-mail and any file are for staff only.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, DateField, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participa.answers.models import AnswerBase, answer_constraints
from participa.answers.models import AnswerState as AnswerState  # re-exported: one state list
from participa.answers.policy import AnswerPolicy
from participa.core.i18n import translated
from participa.core.models import (
    Area,
    Organization,
    Scope,
    UserGroup,
    legal_profile_label,
    validate_legal_profile,
)
from participa.reports.models import BackgroundBuild, BuildState, build_constraints
from participa.spaces.models import Component


class ConsultationState(models.TextChoices):
    DRAFT = "draft", _("Draft (not announced)")
    PUBLISHED = "published", _("Announced")
    FINAL = "final", _("Closed as final")


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def with_status(self, today: datetime.date | None = None) -> ConsultationQuerySet:
        """Annotate ``status_value`` (draft / upcoming / open / closed / report): the one
        definition of a consultation's status, which ``Consultation.status()`` reads.

        ``today`` is the organization's date (the active time zone): recommendations are
        accepted until the end of ``closes_on`` there.
        """
        today = today or timezone.localdate()
        return self.annotate(
            status_value=Case(
                When(state=ConsultationState.DRAFT, then=Value("draft")),
                When(report_published_at__isnull=False, then=Value("report")),
                When(Q(state=ConsultationState.FINAL) | Q(closes_on__lt=today),
                     then=Value("closed")),
                When(opens_on__gt=today, then=Value("upcoming")),
                default=Value("open"),
                output_field=CharField(),
            ),
            status_on=Value(today, output_field=DateField()),
        )

    def filter_status(self, status: str,
                      today: datetime.date | None = None) -> ConsultationQuerySet:
        """Consultations whose ``with_status()`` value is ``status``."""
        return self.with_status(today).filter(Q(status_value=status))


class Consultation(models.Model):
    component = models.ForeignKey(Component, on_delete=models.CASCADE,
                                  related_name="consultations")
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    title = models.JSONField(_("title"), default=dict)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    scope = models.ForeignKey(Scope, on_delete=models.PROTECT, null=True, blank=True,
                              verbose_name=_("scope"), related_name="+")
    department = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True,
                                   verbose_name=_("responsible department"), related_name="+")
    contact_name = models.CharField(
        _("contact person"), max_length=200, blank=True,
        help_text=_("The person responsible for relations with civil society."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    # Channels accepted besides the platform itself: {"online": bool, "email": "address",
    # "post": "postal address", "in_person": "office and opening hours"}; an empty text means
    # the channel is not offered.
    channels = models.JSONField(_("channels"), default=dict, blank=True)
    legal_profile = models.CharField(_("legal profile"), max_length=32,
                                     validators=[validate_legal_profile])
    # The timeline. ``announced_on`` is set when the consultation is published, if empty.
    announced_on = models.DateField(_("announcement date"), null=True, blank=True)
    opens_on = models.DateField(_("recommendations accepted from"), null=True, blank=True)
    closes_on = models.DateField(_("recommendations accepted until"), null=True, blank=True)
    endorsement_on = models.DateField(_("sent for endorsement on"), null=True, blank=True)
    adoption_on = models.DateField(_("planned adoption date"), null=True, blank=True)
    report_due_on = models.DateField(_("report due by"), null=True, blank=True)
    urgency = models.BooleanField(_("urgency procedure"), default=False)
    urgency_reason = models.TextField(_("reason for the urgency procedure"), blank=True)
    # The role of each attached document: {"<attachment id>": "justification" |
    # "impact_study" | "annex"}. Law 52/2003 needs the justification report announced.
    document_roles = models.JSONField(_("document roles"), default=dict, blank=True)
    similarity_threshold = models.FloatField(
        _("similarity for campaigns"), default=0.8,
        help_text=_("Contributions at least this similar (0.5 to 1) are grouped as a campaign."),
    )
    state = models.CharField(_("state"), max_length=10, choices=ConsultationState.choices,
                             default=ConsultationState.DRAFT)
    published_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    answers_published_at = models.DateTimeField(_("answers published at"), null=True,
                                                blank=True)
    closed_at = models.DateTimeField(_("closed as final at"), null=True, blank=True)
    report_published_at = models.DateTimeField(_("report published at"), null=True, blank=True)
    adopted = models.BooleanField(_("decision adopted"), default=False)
    # The next number in this consultation's register of recommendations.
    next_number = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    # Not stored: set by the staff list on the rows it shows.
    status_label: str
    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["component", "slug"],
                                    name="consultation_slug_unique"),
            models.CheckConstraint(condition=~Q(slug=""), name="consultation_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True) | Q(closes_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="consultation_period_ordered",
            ),
            models.CheckConstraint(condition=Q(urgency=False) | ~Q(urgency_reason=""),
                                   name="consultation_urgency_has_reason"),
            models.CheckConstraint(
                condition=Q(similarity_threshold__gte=0.5) & Q(similarity_threshold__lte=1),
                name="consultation_similarity_range",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | (Q(published_at__isnull=False)
                                              & Q(announced_on__isnull=False)
                                              & Q(opens_on__isnull=False)
                                              & Q(closes_on__isnull=False)),
                name="consultation_published_has_dates",
            ),
            models.CheckConstraint(condition=~Q(state="final") | Q(closed_at__isnull=False),
                                   name="consultation_final_has_date"),
            models.CheckConstraint(
                condition=Q(endorsement_on__isnull=True) | Q(adoption_on__isnull=True)
                | Q(adoption_on__gte=F("endorsement_on")),
                name="consultation_adoption_after_endorsement",
            ),
        ]

    def __str__(self) -> str:
        return translated(self.title) or self.slug

    def get_absolute_url(self) -> str:
        component = self.component
        return reverse("spaces:consultations:detail",
                       args=[component.space.slug, component.pk, self.slug])

    def get_legal_profile_display(self) -> str:
        return legal_profile_label(self.legal_profile)

    @property
    def organization(self) -> Organization:
        return self.component.space.organization

    @property
    def is_published(self) -> bool:
        return self.state != ConsultationState.DRAFT

    def status(self, today: datetime.date | None = None) -> str:
        """draft / upcoming / open / closed / report, as ``ConsultationQuerySet.with_status()``
        computes it.

        Reads the annotated value when the consultation was loaded with it for the same day
        (lists and pages do); otherwise asks the database (one query), so the rule is written
        once.
        """
        annotated = self.__dict__.get("status_value")
        if annotated is not None and (today is None or today == self.__dict__.get("status_on")):
            return str(annotated)
        if self.pk is None:
            raise ValueError("The status of an unsaved consultation is not computed.")
        today = today or timezone.localdate()
        value = (Consultation.objects.filter(pk=self.pk).with_status(today)
                 .values_list(F("status_value"), flat=True).first())
        return str(value)

    def is_open(self, today: datetime.date | None = None) -> bool:
        return self.status(today) == "open"

    def days_left(self, today: datetime.date | None = None) -> int | None:
        """Calendar days left to send recommendations, today included; None unless open."""
        if not self.is_open(today) or self.closes_on is None:
            return None
        today = today or timezone.localdate()
        return (self.closes_on - today).days + 1


class ScheduledDate(models.TextChoices):
    """The dates of a published timeline that may still move, each only by a recorded change.

    The announcement date is not among them: once announced, it starts the legal deadlines
    and never changes.
    """

    OPENS_ON = "opens_on", _("Recommendations accepted from")
    CLOSES_ON = "closes_on", _("Recommendations accepted until")
    ENDORSEMENT_ON = "endorsement_on", _("Sent for endorsement on")
    ADOPTION_ON = "adoption_on", _("Planned adoption date")


class DateChange(models.Model):
    """One change of a date of an announced consultation: old and new date, reason, who, when.

    The public timeline lists these changes; the database refuses a change without a reason,
    a change of the announcement date, and a deadline for recommendations moved earlier.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="date_changes")
    field = models.CharField(_("date"), max_length=20, choices=ScheduledDate.choices)
    old_value = models.DateField(_("previous date"), null=True, blank=True)
    new_value = models.DateField(_("new date"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("date change")
        verbose_name_plural = _("date changes")
        ordering = ["changed_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(field__in=ScheduledDate.values),
                                   name="date_change_known_field"),
            models.CheckConstraint(condition=~Q(reason=""), name="date_change_has_reason"),
            models.CheckConstraint(
                condition=Q(old_value__isnull=True) | Q(new_value__isnull=True)
                | ~Q(new_value=F("old_value")),
                name="date_change_changes_something",
            ),
            # The deadline for recommendations may be extended, never shortened nor removed.
            models.CheckConstraint(
                condition=~Q(field="closes_on") | Q(old_value__isnull=True)
                | (Q(new_value__isnull=False) & Q(new_value__gt=F("old_value"))),
                name="date_change_deadline_never_earlier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.old_value} → {self.new_value}"


class VersionKind(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVISED = "revised", _("Revised text")
    FINAL = "final", _("Final text")


class DraftVersion(models.Model):
    """One text of the decision: the draft under consultation, revised texts, the final text."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("type"), max_length=10, choices=VersionKind.choices,
                            default=VersionKind.DRAFT)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source_name = models.CharField(_("imported from"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("text version")
        verbose_name_plural = _("text versions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"],
                                    name="draft_version_number_unique"),
            models.UniqueConstraint(fields=["consultation"], condition=Q(kind="final"),
                                    name="draft_version_one_final"),
            models.CheckConstraint(condition=Q(number__gte=1), name="draft_version_number_pos"),
        ]

    def __str__(self) -> str:
        return f"v{self.number} ({self.get_kind_display()})"


class Article(models.Model):
    """A numbered unit of a version: a heading (level 0), an article (1) or a paragraph (2).

    ``key`` identifies the same unit across versions (e.g. ``art-3`` or ``art-3.2``) so that
    versions can be compared article by article; ``number`` is the numbering as written.
    """

    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="articles")
    key = models.CharField(_("identifier"), max_length=60)
    number = models.CharField(_("numbering"), max_length=60, blank=True)
    # For a paragraph, the numbering of its article ("Art. 2"), so that "(1)" reads
    # "Art. 2 (1)" anywhere it is shown; kept by the services.
    parent_number = models.CharField(max_length=60, blank=True)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    position = models.PositiveIntegerField(_("position"), default=0)

    # Not stored: set by the consultation page on the articles it shows.
    label: str

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="article_key_unique"),
            models.CheckConstraint(condition=~Q(key=""), name="article_key_not_empty"),
            models.CheckConstraint(condition=Q(level__lte=2), name="article_level_range"),
        ]

    def __str__(self) -> str:
        number = self.number
        if self.level >= 2 and self.parent_number:
            number = f"{self.parent_number.rstrip('.')} {number}".strip()
        label = " ".join(part for part in (number, self.heading) if part)
        if not label and self.key == "preamble":
            # The text before the first article, as split from a document.
            return str(_("Preamble"))
        return label or self.key


class ContributionType(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    QUESTION = "question", _("Question")
    OBJECTION = "objection", _("Objection")
    SUPPORT = "support", pgettext_lazy("contribution type", "Support")
    OTHER = "other", pgettext_lazy("contribution type", "Other")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    EMAIL = "email", _("E-mail")
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("In person")


class Publication(models.TextChoices):
    NAMED = "named", _("Publish with my name")
    ANONYMOUS = "anonymous", _("Publish anonymously")
    NOT_PUBLISHED = "hidden", _("Do not publish (counted only)")


class Campaign(models.Model):
    """Near-identical contributions grouped together; answered once, reported as one position."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="campaigns")
    label = models.CharField(_("name"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label or str(_("Campaign %(number)s") % {"number": self.pk})


class Contribution(models.Model):
    """One recommendation, question or opinion in the register of a consultation."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="contributions")
    number = models.PositiveIntegerField(_("registration number"))
    article = models.ForeignKey(Article, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="contributions", verbose_name=_("article"))
    quote = models.TextField(_("quoted passage"), blank=True)
    type = models.CharField(_("type"), max_length=12, choices=ContributionType.choices)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    # The text as received (staff only) and the text that may be published.
    body = models.TextField(_("text"))
    body_redacted = models.TextField(_("published text"), blank=True)
    # Redactions as [[start, end, kind], ...] over ``body``, editable by a moderator.
    redactions = models.JSONField(default=list, blank=True)
    redaction_approved_at = models.DateTimeField(null=True, blank=True)
    redaction_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                              on_delete=models.SET_NULL, null=True, blank=True,
                                              related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="consultation_contributions")
    # The sender as typed by staff (offline), or the account's names at the time (online).
    author_name = models.CharField(_("sender"), max_length=200, blank=True)
    author_email = models.EmailField(_("sender's e-mail"), blank=True)
    group = models.ForeignKey(UserGroup, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("on behalf of"))
    publication = models.CharField(_("publication"), max_length=10,
                                   choices=Publication.choices)
    received_at = models.DateTimeField(_("received on"), default=timezone.now)
    is_late = models.BooleanField(_("late"), default=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="contributions")
    # Staff took it out of a campaign: later detections leave it alone.
    campaign_excluded = models.BooleanField(default=False)
    # For imports from a mailbox: the Message-ID, so that a message is never registered twice.
    source_id = models.CharField(max_length=300, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # Not stored: set by the staff register on the rows it shows.
    answer_label: str
    detail_url: str

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["number"]
        indexes = [
            models.Index(fields=["consultation", "publication", "redaction_approved_at"],
                         name="contribution_public_idx"),
            models.Index(fields=["consultation", "article"], name="contribution_article_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"],
                                    name="contribution_number_unique"),
            models.UniqueConstraint(fields=["consultation", "source_id"],
                                    condition=~Q(source_id=""),
                                    name="contribution_source_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="contribution_number_pos"),
            models.CheckConstraint(condition=~Q(body=""), name="contribution_body_not_empty"),
            # Online contributions come from an account and are never late: the form refuses
            # them after the deadline.
            models.CheckConstraint(
                condition=~Q(channel="online") | (Q(author__isnull=False) & Q(is_late=False)),
                name="contribution_online_has_author",
            ),
            models.CheckConstraint(
                condition=Q(redaction_approved_at__isnull=True) | ~Q(body_redacted=""),
                name="contribution_approved_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"

    @property
    def registration_label(self) -> str:
        """The number shown on the receipt, e.g. ``12/2026-0042``."""
        year = timezone.localtime(self.received_at).year
        return f"{self.consultation_id}/{year}-{self.number:04d}"

    @property
    def is_public(self) -> bool:
        return (self.publication != Publication.NOT_PUBLISHED
                and self.redaction_approved_at is not None)


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTIAL = "partial", _("Partially accepted")
    REJECTED = "rejected", _("Not accepted")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope (noted for the action plan)")
    ANSWERED = "answered", _("Question answered")


# The answers to contributions (and campaigns): every outcome but "accepted" is justified, and
# a second official approves each answer (four eyes). Passed to the shared answers app.
CONTRIBUTION_ANSWERS = AnswerPolicy(
    name="consultations.contribution",
    outcomes=Outcome.choices,
    justification_optional=frozenset({Outcome.ACCEPTED.value}),
    four_eyes=True,
    justification_required_message=_(
        "Write the justification: it is required unless the contribution is accepted."),
    outcome_required_message=_("Choose the outcome of the answer."),
)


class Answer(AnswerBase):
    """The official answer to one contribution, or to a whole campaign (a collective answer)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="answers")
    contribution = models.OneToOneField(Contribution, on_delete=models.CASCADE, null=True,
                                        blank=True, related_name="answer")
    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="answer")
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(contribution__isnull=False) & Q(campaign__isnull=True))
                | (Q(contribution__isnull=True) & Q(campaign__isnull=False)),
                name="answer_one_target",
            ),
            # Justification, four eyes, review before approval, publication date.
            *answer_constraints(CONTRIBUTION_ANSWERS),
            # Only a contribution's own answer is superseded (by its campaign's), never a
            # published one, and the moment is kept.
            models.CheckConstraint(
                condition=~Q(state="superseded") | (Q(contribution__isnull=False)
                                                    & Q(superseded_at__isnull=False)
                                                    & Q(published_at__isnull=True)),
                name="answer_superseded_is_own_unpublished",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_outcome_display())


class DebateRequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for the city hall")
    SCHEDULED = "scheduled", _("Debate scheduled")


class DebateRequest(models.Model):
    """A written request for a public debate from an association or another authority."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="debate_requests")
    group = models.ForeignKey(UserGroup, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("requested by"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    reason = models.TextField(_("reason"))
    received_at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateField(_("legal deadline to schedule the debate"))
    state = models.CharField(_("state"), max_length=10, choices=DebateRequestState.choices,
                             default=DebateRequestState.PENDING)
    # The public debate that answers the request: a meeting of type "public debate".
    debate = models.ForeignKey("meetings.Meeting", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="requests")

    # Not stored: set by the staff debates page on the requests it shows.
    is_overdue: bool

    class Meta:
        verbose_name = _("debate request")
        verbose_name_plural = _("debate requests")
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "group"],
                                    name="debate_request_once_per_group"),
            models.CheckConstraint(condition=~Q(reason=""), name="debate_request_has_reason"),
            models.CheckConstraint(condition=~Q(state="scheduled") | Q(debate__isnull=False),
                                   name="debate_request_scheduled_has_debate"),
        ]

    def __str__(self) -> str:
        return str(self.group)


class ArticleChange(models.Model):
    """Why an article changed in a version: the contributions that caused it, and a note."""

    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="changes")
    article_key = models.CharField(max_length=60)
    note = models.TextField(_("note"), blank=True)
    contributions = models.ManyToManyField(Contribution, related_name="changes", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "article_key"],
                                    name="article_change_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.article_key}"


# The states of a synthesis report are those of every background report.
ReportState = BuildState


class SynthesisReport(BackgroundBuild):
    """A synthesis report built in the background (``participa.reports``: state, progress,
    one build at a time per consultation); files kept in private storage."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="reports")
    is_final = models.BooleanField(_("final report"), default=False)
    # {"html": "path", "pdf": "path", "xlsx": "path", "csv": "path"} in the report storage.
    files = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    # The public page of a built report, stored so that it is never recomputed: the HTML
    # around the table ({"head", "table_end", "tail"}) and the table in pages of
    # ``page_size`` rows (``SynthesisReportPage``).
    fragments = models.JSONField(default=dict, blank=True)
    page_size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            *build_constraints(scope="consultation", prefix="report"),
            models.CheckConstraint(condition=Q(published_at__isnull=True) | Q(state="done"),
                                   name="report_published_when_done"),
        ]

    def __str__(self) -> str:
        return f"{self.consultation} ({self.get_state_display()})"


class TransparencyReport(BackgroundBuild):
    """The annual report on decisional transparency (Law 52/2003 art. 13) of an organization,
    built in the background (``participa.reports``: one build at a time per organization, year
    and language); its PDF and XLSX files kept in private storage."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="transparency_reports")
    year = models.PositiveIntegerField()
    language = models.CharField(max_length=8)
    # {"pdf": "path", "xlsx": "path"} in the report storage.
    files = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = build_constraints(scope=("organization", "year", "language"),
                                        prefix="transparency_report")

    def __str__(self) -> str:
        return f"transparency {self.organization_id} {self.year} ({self.get_state_display()})"


class SynthesisReportPage(models.Model):
    """One page of rows of a built report's table, as the HTML the public page shows."""

    report = models.ForeignKey(SynthesisReport, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    rows = models.PositiveIntegerField(default=0)
    html = models.TextField()

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_page_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="report_page_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} p. {self.number}"
