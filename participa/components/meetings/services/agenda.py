"""The agenda of a meeting and the residents' questions on it. Every write keyword-only, atomic
and audited.

- Staff add, change, reorder and delete agenda items (time, duration, title, description;
  documents through the shared attachments).
- Residents of the organization send questions and suggestions on an item until the meeting
  starts. The public text is redacted at once (``redactions`` over the original ``body``); the
  original stays with the staff.
- Staff mark the questions the meeting addressed and answer the others through the shared
  answers (``QUESTION_ANSWERS``: no second official; an answer is public once published).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participa.answers.models import AnswerState
from participa.answers.services import answer_clean
from participa.components.meetings import permissions
from participa.components.meetings.actions import MeetingAction
from participa.components.meetings.models import (
    QUESTION_ANSWERS,
    AgendaItem,
    AgendaQuestion,
    Meeting,
    MeetingState,
    QuestionAnswer,
    QuestionState,
)
from participa.core.audit import audited_create, audited_delete, audited_update, record
from participa.core.i18n import translated
from participa.core.models import Organization, User
from participa.moderation.permissions import can_post
from participa.redaction import engine as redaction

# What staff may set on an agenda item.
ITEM_FIELDS = frozenset({"title", "description", "starts_at", "duration_minutes",
                         "accepts_questions"})
QUESTION_MAX_LENGTH = 2000


def _org(meeting: Meeting) -> Organization:
    return meeting.component.space.organization


def _check_manager(acting_user: User | None, meeting: Meeting) -> None:
    if acting_user is not None and not permissions.can_manage_meetings(acting_user,
                                                                       meeting.component):
        raise PermissionDenied


def _open_meeting(meeting: Meeting) -> Meeting:
    """The meeting, locked; refused once it is cancelled or closed."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.state in (MeetingState.CANCELLED, MeetingState.CLOSED):
        raise ValidationError(_("This meeting is cancelled or closed: its agenda no longer "
                                "changes."), code="final")
    return locked


def _time(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _check_item(meeting: Meeting, values: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not translated(values.get("title") or {}).strip():
        errors["title"] = _("Give the agenda item a title.")
    starts_at = values.get("starts_at")
    if starts_at is not None and not meeting.starts_at <= starts_at < meeting.ends_at:
        errors["starts_at"] = _("The item's time must fall within the meeting, from %(start)s "
                                "to %(end)s.") % {"start": _time(meeting.starts_at),
                                                  "end": _time(meeting.ends_at)}
    duration = values.get("duration_minutes")
    if duration is not None and duration < 1:
        errors["duration_minutes"] = _("The duration is a number of minutes, at least 1.")
    if errors:
        raise ValidationError(errors)


def _item_values(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(data) - ITEM_FIELDS)
    if unknown:
        raise TypeError(f"Not editable on an agenda item: {', '.join(unknown)}")
    return dict(data)


@transaction.atomic
def agenda_item_create(*, acting_user: User | None, meeting: Meeting,
                       data: Mapping[str, Any]) -> AgendaItem:
    """A new item at the end of the meeting's agenda."""
    _check_manager(acting_user, meeting)
    locked = _open_meeting(meeting)
    values = _item_values(data)
    _check_item(locked, values)
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"]
    item: AgendaItem = audited_create(
        AgendaItem, organization=_org(meeting), actor=acting_user,
        action=MeetingAction.AGENDA_ITEM_CREATE,
        values={"meeting": meeting, "position": (last or 0) + 1, **values})
    return item


@transaction.atomic
def agenda_item_update(*, acting_user: User | None, item: AgendaItem,
                       data: Mapping[str, Any]) -> AgendaItem:
    meeting = item.meeting
    _check_manager(acting_user, meeting)
    locked = _open_meeting(meeting)
    values = _item_values(data)
    _check_item(locked, {**{name: getattr(item, name) for name in ITEM_FIELDS}, **values})
    audited_update(item, organization=_org(meeting), actor=acting_user,
                   action=MeetingAction.AGENDA_ITEM_UPDATE, values=values)
    return item


@transaction.atomic
def agenda_item_delete(*, acting_user: User | None, item: AgendaItem) -> None:
    """Delete an item; refused once residents sent questions on it (they would be lost)."""
    meeting = item.meeting
    _check_manager(acting_user, meeting)
    _open_meeting(meeting)
    if item.questions.exists():
        raise ValidationError(_("Residents sent questions on this item: it cannot be deleted. "
                                "Change its title or description instead."), code="questions")
    audited_delete(item, organization=_org(meeting), actor=acting_user,
                   action=MeetingAction.AGENDA_ITEM_DELETE)


@transaction.atomic
def agenda_item_move(*, acting_user: User | None, item: AgendaItem, direction: str) -> bool:
    """Move an item one place up or down the agenda; False when already first or last."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose whether to move the item up or down."),
                              code="direction")
    meeting = item.meeting
    _check_manager(acting_user, meeting)
    _open_meeting(meeting)
    ordered = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "id"))
    index = next(i for i, row in enumerate(ordered) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, row in enumerate(ordered, start=1):
        if row.position != position:
            AgendaItem.objects.filter(pk=row.pk).update(position=position)
            row.position = position
    item.position = other + 1
    record(organization=_org(meeting), actor=acting_user,
           action=MeetingAction.AGENDA_ITEM_MOVE, obj=item,
           changes={"position": [index + 1, other + 1]})
    return True


def questions_open(item: AgendaItem, now: datetime.datetime | None = None) -> bool:
    """Whether residents may still send questions on ``item``."""
    meeting = item.meeting
    return (item.accepts_questions and meeting.state == MeetingState.SCHEDULED
            and (now or timezone.now()) < meeting.starts_at)


def question_public_text(question: AgendaQuestion, org: Organization) -> str:
    """The question as the public reads it: the original with its redactions applied."""
    return redaction.apply_json(org, question.body, question.redactions)


@transaction.atomic
def question_create(*, acting_user: User, item: AgendaItem, body: str) -> AgendaQuestion:
    """A resident's question or suggestion on ``item``, published at once with the personal
    data the redaction engine finds hidden."""
    meeting = item.meeting
    org = _org(meeting)
    if not permissions.can_take_part(acting_user, meeting):
        raise PermissionDenied
    if not can_post(acting_user, org):
        raise ValidationError(_("Your account cannot post on this site at the moment."),
                              code="blocked")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your question or suggestion.")}, code="empty")
    if len(body) > QUESTION_MAX_LENGTH:
        raise ValidationError({"body": ngettext(
            "Keep your question under %(limit)d character.",
            "Keep your question under %(limit)d characters.", QUESTION_MAX_LENGTH)
            % {"limit": QUESTION_MAX_LENGTH}}, code="long")
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    item.meeting = locked
    locked.component = meeting.component
    if locked.state != MeetingState.SCHEDULED or timezone.now() >= locked.starts_at:
        raise ValidationError(_("Questions on the agenda closed when the meeting started."),
                              code="closed")
    if not item.accepts_questions:
        raise ValidationError(_("This agenda item does not take questions."), code="closed")
    names = [acting_user.display_name, acting_user.get_full_name()]
    found = redaction.redact_for(org, body, names=names)
    question: AgendaQuestion = audited_create(
        AgendaQuestion, organization=org, actor=acting_user,
        action=MeetingAction.AGENDA_QUESTION_CREATE,
        values={"agenda_item": item, "author": acting_user, "body": body,
                "redactions": redaction.spans_to_json(found.spans),
                "state": QuestionState.PUBLISHED})
    return question


@transaction.atomic
def question_mark_addressed(*, acting_user: User | None, question: AgendaQuestion,
                            addressed: bool) -> AgendaQuestion:
    """Mark whether the meeting addressed the question (then it needs no written answer)."""
    meeting = question.agenda_item.meeting
    _check_manager(acting_user, meeting)
    if addressed and hasattr(question, "answer"):
        raise ValidationError(_("This question already has a written answer."),
                              code="answered")
    audited_update(question, organization=_org(meeting), actor=acting_user,
                   action=MeetingAction.AGENDA_QUESTION_ADDRESS,
                   values={"addressed_at": timezone.now() if addressed else None})
    return question


@transaction.atomic
def question_answer(*, acting_user: User, question: AgendaQuestion, outcome: str,
                    justification: str, publish: bool,
                    translations: Mapping[str, str] | None = None) -> QuestionAnswer:
    """Draft (or publish at once: no second official for questions) the written answer to a
    question the meeting did not address. A published answer no longer changes."""
    meeting = question.agenda_item.meeting
    _check_manager(acting_user, meeting)
    locked = AgendaQuestion.objects.select_for_update().get(pk=question.pk)
    if locked.addressed_at is not None:
        raise ValidationError(_("The meeting addressed this question: it needs no written "
                                "answer."), code="addressed")
    outcome, justification = answer_clean(QUESTION_ANSWERS, outcome=outcome,
                                          justification=justification)
    answer = QuestionAnswer.objects.filter(question=locked).first()
    if answer is not None and answer.state == AnswerState.PUBLISHED:
        raise ValidationError(_("This answer is published: it can no longer change."),
                              code="published")
    now = timezone.now()
    values: dict[str, Any] = {"outcome": outcome, "justification": justification,
                              "justification_translations": dict(translations or {}),
                              "drafted_by": acting_user, "drafted_at": now}
    if publish:
        values.update(state=AnswerState.PUBLISHED, reviewed_by=acting_user, reviewed_at=now,
                      published_at=now)
    org = _org(meeting)
    if answer is None:
        answer = audited_create(QuestionAnswer, organization=org, actor=acting_user,
                                action=MeetingAction.AGENDA_QUESTION_ANSWER,
                                values={"question": locked, **values})
    else:
        audited_update(answer, organization=org, actor=acting_user,
                       action=MeetingAction.AGENDA_QUESTION_ANSWER, values=values)
    return answer
