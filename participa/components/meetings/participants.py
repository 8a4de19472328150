"""Reads of a meeting's participants for the staff pages and exports (never public)."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from participa.components.meetings.models import Meeting, Registration, RegistrationState
from participa.core.i18n import translated
from participa.core.models import User

# Registered first, then the waiting list in its order, the invited, the cancelled.
STATE_ORDER = Case(
    When(state=RegistrationState.REGISTERED, then=Value(0)),
    When(state=RegistrationState.WAITING, then=Value(1)),
    When(state=RegistrationState.INVITED, then=Value(2)),
    default=Value(3), output_field=IntegerField())


def participants(meeting: Meeting) -> QuerySet[Registration]:
    """The meeting's registrations with their people, in the order staff read them."""
    return (Registration.objects.filter(meeting=meeting).select_related("user")
            .annotate(state_order=STATE_ORDER)
            .order_by("state_order", "waiting_number", "created_at", "pk"))


def counts(meeting: Meeting) -> dict[str, int]:
    """How many people are in each state, and how many are checked in (one query)."""
    return Registration.objects.filter(meeting=meeting).aggregate(
        registered=Count("pk", filter=Q(state=RegistrationState.REGISTERED)),
        waiting=Count("pk", filter=Q(state=RegistrationState.WAITING)),
        invited=Count("pk", filter=Q(state=RegistrationState.INVITED)),
        cancelled=Count("pk", filter=Q(state=RegistrationState.CANCELLED)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )


def person_name(user: User) -> str:
    """The name staff know the person by: the legal name when given, else the public one."""
    return user.legal_name or user.public_name


def questions(meeting: Meeting) -> list[tuple[str, str]]:
    """The meeting's further questions as (id, label in the page's language)."""
    return [(str(question["id"]), translated(question.get("label") or {}) or str(question["id"]))
            for question in meeting.questions or [] if question.get("id")]


def state_label(registration: Registration) -> str:
    if registration.state == RegistrationState.WAITING:
        return _("Waiting list No. %(number)s") % {"number": registration.waiting_number}
    return str(registration.get_state_display())


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def answer_label(value: Any) -> str:
    if value == "yes":
        return _("yes")
    if value == "no":
        return _("no")
    return str(value or "")


def export_header(meeting: Meeting) -> list[str]:
    return [_("Name"), _("E-mail"), _("State"), _("Registered on"), _("Checked in at"),
            _("Wishes to speak"), _("Topic of the intervention"), _("Accessibility needs"),
            *[label for _id, label in questions(meeting)]]


def export_rows(meeting: Meeting) -> list[list[str]]:
    asked = questions(meeting)
    yes, no = _("yes"), _("no")
    rows = []
    for registration in participants(meeting).iterator(chunk_size=2000):
        answers = registration.answers or {}
        rows.append([
            person_name(registration.user), registration.user.email,
            state_label(registration), _when(registration.created_at),
            _when(registration.checked_in_at), yes if registration.wants_to_speak else no,
            registration.speech_topic, registration.accessibility_needs,
            *[answer_label(answers.get(qid)) for qid, _label in asked],
        ])
    return rows
