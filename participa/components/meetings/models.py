"""Meetings: public debates, working-group meetings, information sessions, duty hours and
workshops, with registration, agenda, speakers, minutes and citizen seats drawn by lot.

A consultation's public debate is a meeting of type ``public_debate`` linked to the
consultation (``Meeting.consultation``) and answering its debate requests
(``consultations.DebateRequest.debate``); it carries the legal window the requests give it
(``requested_at`` and ``legal_deadline``) so that every change, from any page, keeps the
legal checks.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participa.answers.models import AnswerBase, answer_constraints
from participa.answers.policy import AnswerPolicy
from participa.core.i18n import translated
from participa.core.models import Area, Scope, UserGroup
from participa.spaces.models import Component, Space


class MeetingType(models.TextChoices):
    PUBLIC_DEBATE = "public_debate", _("Public debate")
    WORKING_GROUP = "working_group", _("Working-group meeting")
    INFORMATION = "information", _("Information session")
    DUTY_HOURS = "duty_hours", _("District council duty hours")
    WORKSHOP = "workshop", _("Workshop")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class MeetingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    # Held and closed by the staff: every speaker heard or absent, the record complete.
    CLOSED = "closed", _("Closed")


class RegistrationMode(models.TextChoices):
    OPEN = "open", _("Open to everyone")
    INVITATION = "invitation", _("On invitation")
    CLOSED = "closed", _("No registration")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def public(self) -> MeetingQuerySet:
        """Announced meetings (scheduled, cancelled or closed): never drafts."""
        return self.exclude(state=MeetingState.DRAFT)

    def upcoming(self, now: Any = None) -> MeetingQuerySet:
        return self.filter(ends_at__gte=now or timezone.now())


class MeetingSeries(models.Model):
    """Meetings that repeat (a working group's monthly meeting): the rule (RFC 5545 RRULE) the
    occurrences were made from; each occurrence is a Meeting of its own, changed or cancelled
    one by one."""

    rrule = models.CharField(_("repetition rule"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        constraints = [
            models.CheckConstraint(condition=~Q(rrule=""), name="meeting_series_has_rule"),
        ]

    def __str__(self) -> str:
        return self.rrule


class Meeting(models.Model):
    """One meeting, in person, online or both."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="meetings")
    type = models.CharField(_("type"), max_length=20, choices=MeetingType.choices,
                            default=MeetingType.WORKING_GROUP)
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=MeetingState.choices,
                             default=MeetingState.DRAFT)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    format = models.CharField(_("format"), max_length=10, choices=MeetingFormat.choices,
                              default=MeetingFormat.IN_PERSON)
    # In person: the address and an optional point on the map.
    address = models.CharField(_("address"), max_length=300, blank=True)
    location_hints = models.CharField(_("how to find the room"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)
    # Online: sent to registered participants only, shown to them shortly before the start.
    online_url = models.URLField(_("online link"), blank=True, max_length=500)
    accessibility = models.TextField(_("accessibility"), blank=True)
    # Who organizes it: a department, a working group (an assembly), a verified NGO with them.
    organizer_area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("department"))
    organizer_space = models.ForeignKey(Space, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("working group"))
    co_organizer = models.ForeignKey(UserGroup, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("co-organizer"))
    scope = models.ForeignKey(Scope, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("district"))
    series = models.ForeignKey(MeetingSeries, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="meetings")
    # A consultation's public debate.
    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="debates")
    # The legal window of a requested debate: not before the first request, and by the
    # earliest legal deadline (a later date needs ``late_reason``, where the profile allows).
    requested_at = models.DateTimeField(null=True, blank=True)
    legal_deadline = models.DateField(_("legal deadline"), null=True, blank=True)
    late_reason = models.TextField(_("reason for the date after the legal deadline"),
                                   blank=True)

    # Registration.
    registration_mode = models.CharField(_("registration"), max_length=10,
                                         choices=RegistrationMode.choices,
                                         default=RegistrationMode.OPEN)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True,
                                           help_text=_("Empty: no limit."))
    # Kept by the registration service under a row lock; the database refuses overbooking.
    registered_count = models.PositiveIntegerField(default=0)
    ask_to_speak = models.BooleanField(_("ask whether the person wishes to speak"),
                                       default=False)
    ask_accessibility = models.BooleanField(_("ask about accessibility needs"), default=True)
    # Further questions: [{"id": "q1", "label": {"ro": …}, "kind": "text"|"yes_no",
    # "required": bool}, …]
    questions = models.JSONField(_("further questions"), default=list, blank=True)
    speaker_minutes = models.PositiveSmallIntegerField(_("minutes per speaker"), default=3)
    # Citizen observer seats drawn by lot among applicants (see SeatDraw).
    observer_seats = models.PositiveSmallIntegerField(_("seats drawn by lot"), default=0)

    # After the meeting.
    minutes_text = models.TextField(_("minutes"), blank=True)
    # Redactions over ``minutes_text`` ([start, end, kind]); the public text is recomputed.
    minutes_redactions = models.JSONField(default=list, blank=True)
    minutes = models.ForeignKey("attachments.Attachment", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+", verbose_name=_("minutes file"))
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    # A change of the record after publication: never silent, shown with its reason.
    minutes_corrected_at = models.DateTimeField(null=True, blank=True)
    minutes_correction_reason = models.TextField(_("reason for the correction"), blank=True)
    video_url = models.URLField(_("video recording"), blank=True, max_length=500)
    participants = models.PositiveIntegerField(_("attendees"), null=True, blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)

    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(_("reason for the cancellation"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # iCalendar SEQUENCE: raised on every change calendar applications must take in.
    sequence = models.PositiveIntegerField(default=0)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["component", "starts_at"], name="meeting_component_start"),
            models.Index(fields=["starts_at"], name="meeting_starts_at"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="meeting_ends_after_start"),
            models.CheckConstraint(
                condition=Q(format="online") | ~Q(address=""),
                name="meeting_in_person_has_address"),
            models.CheckConstraint(
                condition=Q(format="in_person") | ~Q(online_url=""),
                name="meeting_online_has_link"),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90) & Q(latitude__lte=90)
                   & Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="meeting_map_point_valid"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(registered_count__lte=F("capacity")),
                name="meeting_not_overbooked"),
            # A limit of places is at least one (no limit: empty); a speaker has a minute.
            models.CheckConstraint(
                condition=(Q(capacity__isnull=True) | Q(capacity__gte=1))
                & Q(speaker_minutes__gte=1),
                name="meeting_places_and_minutes_positive"),
            models.CheckConstraint(
                condition=Q(minutes_published_at__isnull=True)
                | Q(minutes_published_at__gte=F("starts_at")),
                name="meeting_minutes_after_start"),
            models.CheckConstraint(
                condition=Q(minutes_corrected_at__isnull=True)
                | (Q(minutes_published_at__isnull=False) & ~Q(minutes_correction_reason="")),
                name="meeting_minutes_correction_reasoned"),
            models.CheckConstraint(
                condition=Q(requested_at__isnull=True) | Q(starts_at__gte=F("requested_at")),
                name="meeting_not_before_request"),
            models.CheckConstraint(
                condition=~Q(state="cancelled") | (Q(cancelled_at__isnull=False)
                                                   & ~Q(cancel_reason="")),
                name="meeting_cancelled_with_reason"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="meeting_announced_has_date"),
            models.CheckConstraint(
                condition=Q(consultation__isnull=True) | Q(type="public_debate"),
                name="meeting_consultation_debate_type"),
        ]

    def __str__(self) -> str:
        return translated(self.title) or str(_("Meeting of %(date)s") % {
            "date": timezone.localtime(self.starts_at).strftime("%Y-%m-%d %H:%M")})

    def get_absolute_url(self) -> str:
        component = self.component
        return reverse("spaces:meetings:detail",
                       args=[component.space.slug, component.pk, self.pk])

    @property
    def is_online(self) -> bool:
        return self.format != MeetingFormat.IN_PERSON

    @property
    def is_in_person(self) -> bool:
        return self.format != MeetingFormat.ONLINE

    @property
    def is_cancelled(self) -> bool:
        return self.state == MeetingState.CANCELLED

    @property
    def place(self) -> str:
        """Where it takes place, in words (the address; "Online" when only online)."""
        return self.address if self.is_in_person else str(_("Online"))

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.registered_count, 0)


class RegistrationState(models.TextChoices):
    INVITED = "invited", _("Invited")
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class SpeakerState(models.TextChoices):
    NONE = "", _("Does not wish to speak")
    WAITING = "waiting", _("Waiting to speak")
    HEARD = "heard", _("Heard")
    ABSENT = "absent", _("Absent")


class Registration(models.Model):
    """One person's place at a meeting (or on its waiting list)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="meeting_registrations")
    state = models.CharField(_("state"), max_length=10, choices=RegistrationState.choices,
                             default=RegistrationState.REGISTERED)
    # Order on the waiting list (taken under the meeting's row lock; unique per meeting).
    waiting_number = models.PositiveIntegerField(null=True, blank=True)
    wants_to_speak = models.BooleanField(_("wishes to speak"), default=False)
    speech_topic = models.TextField(_("topic of the intervention"), blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    answers = models.JSONField(default=dict, blank=True)
    # Speakers: their order and whether they were heard.
    speaker_position = models.PositiveIntegerField(null=True, blank=True)
    speaker_state = models.CharField(_("speaker"), max_length=10, choices=SpeakerState.choices,
                                     default=SpeakerState.NONE, blank=True)
    # The secret in the cancellation link of the confirmation e-mail.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"],
                                    condition=~Q(state="cancelled"),
                                    name="registration_once_per_person"),
            models.UniqueConstraint(fields=["meeting", "waiting_number"],
                                    name="registration_waiting_number_unique"),
            models.CheckConstraint(
                condition=Q(state="waiting", waiting_number__isnull=False)
                | (~Q(state="waiting") & Q(waiting_number__isnull=True)),
                name="registration_waiting_has_number"),
            models.CheckConstraint(
                condition=~Q(state="cancelled") | Q(cancelled_at__isnull=False),
                name="registration_cancelled_has_date"),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(state="registered"),
                name="registration_checked_in_is_registered"),
            models.CheckConstraint(
                condition=Q(wants_to_speak=True) | Q(speaker_state=""),
                name="registration_speaker_wished"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.meeting}"


class AgendaItem(models.Model):
    """One item of a meeting's agenda: time, description, documents, residents' questions."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("position"), default=0)
    starts_at = models.DateTimeField(_("time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), null=True,
                                                        blank=True)
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    # Residents may send questions and suggestions until the meeting starts.
    accepts_questions = models.BooleanField(_("residents may send questions"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#agenda-{self.pk}"


class QuestionState(models.TextChoices):
    SUBMITTED = "submitted", _("Sent")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by moderation")


class AgendaQuestion(models.Model):
    """A resident's question or suggestion on an agenda item, sent before the meeting."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE,
                                    related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    body = models.TextField(_("question or suggestion"))
    # Redactions over ``body``; the public text is recomputed from both.
    redactions = models.JSONField(default=list, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=QuestionState.choices,
                             default=QuestionState.PUBLISHED)
    # Staff mark the questions the meeting addressed; the others get an official answer.
    addressed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("question on the agenda")
        verbose_name_plural = _("questions on the agenda")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="agenda_question_has_body"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        return f"{self.agenda_item.meeting.get_absolute_url()}#question-{self.pk}"


class QuestionOutcome(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    TAKEN_UP = "taken_up", _("Taken up")
    NOT_TAKEN_UP = "not_taken_up", _("Not taken up")


QUESTION_ANSWERS = AnswerPolicy(
    name="meetings.question",
    outcomes=QuestionOutcome.choices,
    justification_optional=frozenset(),
    four_eyes=False,
    justification_required_message=_("Write the answer: the resident reads it on the meeting "
                                     "page."),
)


class QuestionAnswer(AnswerBase):
    """The official answer to a question the meeting did not address."""

    question = models.OneToOneField(AgendaQuestion, on_delete=models.CASCADE,
                                    related_name="answer")

    class Meta:
        verbose_name = _("answer to a question")
        verbose_name_plural = _("answers to questions")
        constraints = [*answer_constraints(QUESTION_ANSWERS, prefix="meeting_question")]

    def __str__(self) -> str:
        return str(QUESTION_ANSWERS.outcome_label(self.outcome))


class MeetingLink(models.Model):
    """What a meeting produced: a proposal, a contribution, any public item (by address)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("address"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("result of the meeting")
        verbose_name_plural = _("results of the meeting")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class SeatDrawState(models.TextChoices):
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Applications closed")
    DRAWN = "drawn", _("Drawn")


class SeatDraw(models.Model):
    """Citizen observer seats of a working group, drawn by lot among applicants.

    Reproducible: the seed is ``committed_number`` (published when applications open) joined
    with ``public_value`` (a value nobody knows in advance, named by ``public_value_source``
    and published after applications close); the applicants' anonymous codes and the algorithm
    (``participa/lib/lottery.py``) are public, so anyone can re-run the draw.
    """

    component = models.ForeignKey(Component, on_delete=models.CASCADE,
                                  related_name="seat_draws")
    # The working group whose meetings the drawn residents attend.
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="seat_draws")
    title = models.JSONField(_("title"), default=dict)
    seats = models.PositiveSmallIntegerField(_("seats"))
    applications_close_at = models.DateTimeField(_("applications close at"))
    committed_number = models.CharField(_("number published in advance"), max_length=100)
    public_value_source = models.CharField(_("public value the draw waits for"),
                                           max_length=300)
    public_value = models.CharField(_("public value"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=SeatDrawState.choices,
                             default=SeatDrawState.OPEN)
    algorithm = models.CharField(max_length=40, default="sha256-rank-v1")
    drawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("draw of citizen seats")
        verbose_name_plural = _("draws of citizen seats")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="seat_draw_has_seats"),
            models.CheckConstraint(condition=~Q(committed_number=""),
                                   name="seat_draw_has_commitment"),
            models.CheckConstraint(
                condition=~Q(state="drawn") | (~Q(public_value="") & Q(drawn_at__isnull=False)),
                name="seat_draw_drawn_has_value"),
        ]

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        component = self.component
        return reverse("spaces:meetings:draw", args=[component.space.slug, component.pk, self.pk])


class SeatApplication(models.Model):
    """A resident's application for a seat; ``code`` is what the public list shows."""

    draw = models.ForeignKey(SeatDraw, on_delete=models.CASCADE, related_name="applications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    code = models.CharField(_("anonymous code"), max_length=20)
    motivation = models.TextField(_("why you wish to take part"), blank=True)
    # Filled by the draw: the rank (1 = first drawn) and whether it got a seat.
    rank = models.PositiveIntegerField(null=True, blank=True)
    selected = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("application for a seat")
        verbose_name_plural = _("applications for a seat")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "user"], name="seat_application_once"),
            models.UniqueConstraint(fields=["draw", "code"], name="seat_application_code"),
            models.UniqueConstraint(fields=["draw", "rank"], name="seat_application_rank"),
            models.CheckConstraint(condition=Q(selected=False) | Q(rank__isnull=False),
                                   name="seat_application_selected_ranked"),
        ]

    def __str__(self) -> str:
        return self.code


class CalendarFeed(models.Model):
    """A person's secret calendar address: the meetings they registered for and those of the
    spaces and components they follow. Renewing it replaces ``token``: the old address stops
    working at once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="meeting_calendar_feed")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    renewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("personal calendar address")
        verbose_name_plural = _("personal calendar addresses")

    def __str__(self) -> str:
        return str(self.user)
